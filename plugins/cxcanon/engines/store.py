"""Where a build keeps generated pages it need not hold in memory: one append-only file on disk.

A large catalog's build renders thousands of pages long before MkDocs reads them, and holds
their HTML again between Markdown and templates (`cxcanon.engines.mkdocs_plugin`). Written to
a file each, they cost a file creation apiece (a quarter of a millisecond on a busy disk); here
each is appended to one file and read back by its offset. Forked helper processes read the same
file through their own handle, so no process moves another's position.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from mkdocs.structure.files import File

Blob = tuple[int, int]
"""Where a stored text is: offset and length in bytes."""


class Store:
    """Append-only storage of byte strings in one file; `put` returns where, `get` reads it back."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        """A new store at ``path``; with ``write=False``, the store another process writes there (it flushes before it says so)."""
        self.path = path
        self._writer: IO[bytes] | None = None
        self._pid = 0
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = open(path, "wb")  # kept open for the build; closed by `close`
            self._pid = os.getpid()
        self._size = 0
        self._reader: IO[bytes] | None = None
        self._reader_pid = 0

    def put(self, data: bytes) -> Blob:
        if self._writer is None or os.getpid() != self._pid:
            raise RuntimeError("only the process that made a store writes to it")
        self._writer.write(data)
        blob = (self._size, len(data))
        self._size += len(data)
        return blob

    def flush(self) -> None:
        """Make everything put so far readable by other processes (call before forking a helper that reads)."""
        if self._writer is not None and os.getpid() == self._pid and not self._writer.closed:
            self._writer.flush()

    def get(self, blob: Blob) -> bytes:
        # Only the process that made the store writes to it: a forked helper never flushes the
        # writer's buffer it inherited (that would write it twice) and reads through its own handle.
        self.flush()
        if self._reader is None or self._reader_pid != os.getpid():
            self._reader = open(self.path, "rb")  # kept open for the build; closed by `close`
            self._reader_pid = os.getpid()
        self._reader.seek(blob[0])
        return self._reader.read(blob[1])

    def close(self) -> None:
        if self._writer is not None and os.getpid() == self._pid:
            self._writer.close()
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class StoredFile(File):
    """A generated file whose content waits in a `Store` until MkDocs reads or copies it."""

    store: Store | None = None
    blob: Blob | None = None
    meta: dict[str, Any] | None = None
    """A page's metadata, read already: its stored text is the Markdown after its front matter (`render.markup.read_front_matter`)."""

    @classmethod
    def kept(cls, config: Any, path: str, store: Store, blob: Blob, meta: dict[str, Any] | None = None, **kwargs: Any) -> StoredFile:
        file = cls.generated(config, path, content=b"", **kwargs)
        assert isinstance(file, StoredFile)
        file.store, file.blob, file.meta = store, blob, meta
        return file

    @property
    def content_bytes(self) -> bytes:
        if self.store is not None and self.blob is not None:
            return self.store.get(self.blob)
        return File.content_bytes.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.store = self.blob = self.meta = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        if self.store is not None and self.blob is not None:
            return self.store.get(self.blob).decode("utf-8")
        return File.content_string.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.store = self.blob = self.meta = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def copy_file(self, dirty: bool = False) -> None:
        if self.store is not None and self.blob is not None:
            target = Path(self.abs_dest_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.store.get(self.blob))
            return
        super().copy_file(dirty)
