"""Map a function over many items on two cores: a forked child takes the second half.

For CPU-bound work over plain data in a build (parsing and checking letter files): the
child inherits everything by ``fork`` (no start-up, no imports), sends its results back
pickled through a pipe, and the results come out in the order of ``items``, exactly as
``[fn(x) for x in items]``. Few items, one core or no ``fork``: that list comprehension.
An exception in the child is raised again in the parent (as :class:`ForkError` with the
child's message); ``fn`` should turn expected failures into results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200  # below this the fork and the pickling cost more than they save


class ForkError(RuntimeError):
    """The child process failed."""


def fork_map(fn: Callable[[T], R], items: Sequence[T], min_items: int | None = None) -> list[R]:
    if (
        len(items) < (MIN_ITEMS if min_items is None else min_items)
        or not hasattr(os, "fork")
        or (os.cpu_count() or 1) < 2
    ):
        return [fn(x) for x in items]
    half = (len(items) + 1) // 2
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        status = 1
        try:
            try:
                payload = pickle.dumps(("ok", [fn(x) for x in items[half:]]), protocol=5)
            except BaseException as exc:  # reported by the parent
                payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"), protocol=5)
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    try:
        mine = [fn(x) for x in items[:half]]
    except BaseException:
        os.close(reader)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    with os.fdopen(reader, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        raise ForkError("the helper process stopped without a result")
    kind, value = pickle.loads(payload)
    if kind != "ok":
        raise ForkError(f"the helper process failed: {value}")
    theirs: list[R] = value
    return mine + theirs
