"""Python's cyclic garbage collector around the build's large, long-lived data.

The corpus is a few hundred thousand small containers (the parsed YAML, the letters)
that live until the Markdown is written and hold no reference cycles. While they are
made, the collector would run a young-generation pass every few hundred allocations
and, as the heap grows, full passes over everything made so far; while the pages are
rendered, every full pass walks the whole corpus again. Neither finds anything to
free: a quarter of the render's CPU time at 1,000 letters (bench/notes/renderspeed.md).
Reference counting still frees all garbage without cycles at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block (for building acyclic data); the collector
    runs as before afterwards (also after an exception). ``freeze``: what is alive then
    is frozen first (see :func:`long_lived`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def long_lived() -> contextlib.AbstractContextManager[None]:
    """No cyclic collection while large acyclic data is made inside the block (read from
    a cache), and what is alive after it left out of later passes (:func:`gc.freeze`;
    :func:`heap_frozen` puts it back into the oldest generation when it ends). Objects
    made while the collector is off still wait in the youngest generation: without the
    freeze the next young pass would walk all of them (frozen before the collector is on
    again: the first allocation after would start that pass)."""
    return collector_paused(freeze=True)


@contextlib.contextmanager
def heap_frozen() -> Iterator[None]:
    """Everything alive when the block starts is left out of the collector's passes
    (:func:`gc.freeze`) until it ends; new objects are collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def release_free_memory() -> None:
    """Collect garbage and hand the C heap's free pages back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). Before a memory-hungry child process starts
    (Pagefind over 10,000 letters takes 4.4 GB), what the build has freed (MkDocs'
    pages) should not stay resident in this process beside it."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
