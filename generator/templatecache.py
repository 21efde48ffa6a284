"""Compiled Jinja templates kept between builds (Jinja's bytecode cache, in the build
state folder): a template is compiled again only when its source changed."""

from __future__ import annotations

import contextlib

from jinja2.bccache import Bucket, FileSystemBytecodeCache


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache (by template and checksum of its source, written through a
    temp file). Only an optimisation: a file that cannot be read means compiling the
    template again, one that cannot be written is not kept."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)
