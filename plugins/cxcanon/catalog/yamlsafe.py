"""Safe, strict YAML loading that remembers where every key and value stands.

PyYAML's ``safe_load`` silently keeps the last of two equal keys, follows
anchors and aliases, and forgets positions. This module drives PyYAML's
(C, where available) parser event by event instead and builds plain Python
data itself, so that it can reject what a catalog file must not contain and
point at the offending line and column.

Scalars are resolved by the YAML 1.2 core schema (``yes`` stays a string,
``2026-11-23`` stays a string), which is also what editors with the YAML
language server assume.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # the C parser is much faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024
"""Largest accepted catalog file; real entries are under 20 KB."""

MAX_DEPTH = 32
"""Deepest accepted nesting of mappings and sequences; real entries need 4."""

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

PathKey = tuple[str | int, ...]

_DISCARD: Any = object()
"""Stands for a rejected key (duplicate or complex) whose value is parsed but not kept."""


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(slots=True)
class Document:
    """One parsed file: its data and where each part of it stands.

    A document loaded in a worker process travels without its positions
    (``positioned`` is False); the first position look-up parses the file
    again, which only happens for files that have a problem to report.
    """

    path: str
    data: Any
    text: str
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    positioned: bool = True

    def without_positions(self) -> Document:
        """A light copy for sending between processes: data only."""
        return Document(self.path, self.data, "", positioned=False)

    def _ensure_positions(self) -> None:
        if not self.positioned:
            full = load_yaml(self.path)
            self.text, self.keys, self.values, self.positioned = full.text, full.keys, full.values, True

    def where(self, path: PathKey) -> Position:
        """Position of the value at ``path``, or of its closest ancestor."""
        self._ensure_positions()
        probe = tuple(path)
        while probe:
            found = self.values.get(probe) or self.keys.get(probe)
            if found:
                return Position(*found)
            probe = probe[:-1]
        return Position(1, 1)

    def key_where(self, path: PathKey) -> Position:
        """Position of the key that names ``path`` (falls back to `where`)."""
        self._ensure_positions()
        found = self.keys.get(tuple(path))
        return Position(*found) if found else self.where(path)

    def find(self, path: PathKey, snippet: str) -> Position:
        """Position of ``snippet`` inside the (possibly multi-line) string value at ``path``."""
        start = self.where(path)
        lines = self.text.splitlines()
        for index in range(start.line - 1, len(lines)):
            column = lines[index].find(snippet)
            if column >= 0:
                return Position(index + 1, column + 1)
        return start


class LoadError(Exception):
    """A file could not be loaded; ``problems`` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


def _position_of_offset(data: bytes, offset: int) -> Position:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Position(line, column)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _resolve(value: str, plain: bool) -> Any:
    if not plain:
        return _nfc(value)
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    return _nfc(value)


def load_yaml(
    path: str | Path, data: bytes | None = None, *, display: str | None = None, expect: str = "mapping", positions: bool = True
) -> Document:
    """Load one YAML file whose top level must be a mapping (or, with ``expect="list"``, a list).

    Raises `LoadError` (and nothing else) for anything a catalog file
    must not be: too large, not UTF-8, NUL bytes, a YAML syntax error,
    duplicate keys, anchors, aliases, explicit tags, more than one document,
    nesting deeper than `MAX_DEPTH`, or a top level that is not a mapping.

    With ``positions=False`` (a mapping read from a real file) the document comes
    without positions, which `Document.where` reads again from the file on
    first use; a file with anything unusual in it still goes through the full parser.
    """
    name = display or str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise LoadError([Problem(name, 0, 0, "", f"cannot read file: {error.strerror}", "check the path and permissions")]) from None

    def fail(position: Position, message: str, hint: str) -> LoadError:
        return LoadError([Problem(name, position.line, position.column, "", message, hint)])

    if len(data) > MAX_BYTES:
        raise fail(
            Position(0, 0),
            f"file is {len(data):,} bytes, more than the limit of {MAX_BYTES:,}",
            "split long prose or move it out; entries are short",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise fail(_position_of_offset(data, nul), "file contains a NUL byte", "save the file as plain UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(
            _position_of_offset(data, error.start), f"bytes are not valid UTF-8 (byte 0x{data[error.start]:02x})", "save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not positions and expect == "mapping":
        found = _parse_data(text)
        if type(found) is dict:
            return Document(name, found, "", positioned=False)
    return _parse(name, text, expect)


_UNUSUAL: Any = object()
"""What `_parse_data` returns for a file that needs the full parser's diagnosis."""


def _parse_data(text: str) -> Any:
    """The data of a file with nothing unusual in it, quickly: no positions, no messages.

    Anything the full parser would report (an alias, anchor or tag, a duplicate or
    complex key, too deep nesting, a second document, a syntax error) returns
    `_UNUSUAL`, and the caller runs `_parse` for the diagnosis. The data it
    builds is the same as `_parse` builds (a test holds the two together).
    """
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    no_key = _DISCARD
    containers: list[Any] = []
    pending: list[Any] = []  # per open container: the key waiting for its value (``no_key`` in lists and between pairs)
    root: Any = _UNUSUAL
    documents = 0
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    return _UNUSUAL
                if kind is scalar_event:
                    if pending and pending[-1] is no_key and type(containers[-1]) is dict:
                        key = _nfc(event.value)
                        if key in containers[-1]:
                            return _UNUSUAL
                        pending[-1] = key
                        continue
                    node: Any = _resolve(event.value, event.implicit[0] and not event.style)
                else:
                    node = {} if kind is mapping_start else []
                if not containers:
                    root = node
                elif type(containers[-1]) is dict:
                    if pending[-1] is no_key:
                        return _UNUSUAL  # a mapping or sequence as a key
                    containers[-1][pending[-1]] = node
                    pending[-1] = no_key
                else:
                    containers[-1].append(node)
                if kind is not scalar_event:
                    if len(containers) >= MAX_DEPTH:
                        return _UNUSUAL
                    containers.append(node)
                    pending.append(no_key)
            elif kind in end_events:
                containers.pop()
                pending.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _UNUSUAL
            elif kind is yaml.AliasEvent:
                return _UNUSUAL
    except yaml.YAMLError:
        return _UNUSUAL
    finally:
        loader.dispose()
    return root


def _parse(name: str, text: str, expect: str = "mapping") -> Document:
    problems: list[Problem] = []
    doc = Document(name, {}, text)
    keys, values = doc.keys, doc.values

    def problem(mark: Any, message: str, hint: str) -> None:
        problems.append(Problem(name, mark.line + 1, mark.column + 1, "", message, hint))

    # A stack of open containers: [container, path, pending key or None]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    scalar_event, mapping_start, sequence_start, alias_event = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
        yaml.AliasEvent,
    )
    end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start or kind is alias_event:
                mark = event.start_mark
                position = (mark.line + 1, mark.column + 1)
                if kind is alias_event:
                    problem(
                        mark,
                        f"alias '*{event.anchor}' is not allowed",
                        "write the value out in full; catalog files use no anchors or aliases",
                    )
                elif event.anchor is not None or event.tag is not None:
                    if event.anchor is not None:
                        problem(
                            mark, f"anchor '&{event.anchor}' is not allowed", "remove the anchor; catalog files use no anchors or aliases"
                        )
                    if event.tag is not None and not (kind is scalar_event and event.tag == "!" and not event.implicit[0]):
                        problem(
                            mark, f"explicit tag '{event.tag}' is not allowed", "remove the tag; quote the value if it must stay a string"
                        )
                frame = stack[-1] if stack else None
                if frame is not None and frame[2] is None and type(frame[0]) is dict:  # this node is a key
                    parent_path = frame[1]
                    if kind is not scalar_event:
                        problem(mark, "a key must be a plain name", "write keys as plain words like `name:`")
                        frame[2] = (_DISCARD, position)
                        if kind is not alias_event:  # parse (and discard) the key's own contents
                            stack.append([{} if kind is mapping_start else [], (*parent_path, "?"), None])
                        continue
                    key = _nfc(event.value)
                    if key in frame[0]:
                        first = keys[(*parent_path, key)]
                        problem(
                            mark,
                            f"duplicate key '{key}' (first at line {first[0]})",
                            "keep one of the two; YAML would silently drop the first",
                        )
                        frame[2] = (_DISCARD, position)
                    else:
                        frame[2] = (key, position)
                    continue
                if kind is scalar_event:
                    node: Any = _resolve(event.value, event.implicit[0] and not event.style)
                elif kind is mapping_start:
                    node = {}
                elif kind is sequence_start:
                    node = []
                else:
                    node = None
                # Attach the new node to its parent.
                if frame is None:
                    root = node
                    child_path: PathKey = ()
                else:
                    container, parent_path = frame[0], frame[1]
                    if type(container) is list:
                        child_path = (*parent_path, len(container))
                        container.append(node)
                        values[child_path] = position
                    else:
                        key, key_position = frame[2]
                        frame[2] = None
                        child_path = (*parent_path, key)
                        if key is not _DISCARD:
                            container[key] = node
                            keys[child_path] = key_position
                            values[child_path] = position
                if kind is mapping_start or kind is sequence_start:
                    if len(stack) >= MAX_DEPTH:
                        problem(
                            mark,
                            f"nesting is deeper than {MAX_DEPTH} levels",
                            "flatten the structure; catalog entries need only a few levels",
                        )
                        raise LoadError(problems)
                    stack.append([node, child_path, None])
            elif kind in end_events:
                stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problem(
                        event.start_mark,
                        "more than one YAML document in the file",
                        "remove the `---` line and everything after it, or split the file",
                    )
                    break
    except yaml.reader.ReaderError as error:
        offset = max(error.position, 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(
            Problem(
                name,
                line,
                column,
                "",
                f"character U+{error.character:04X} is not allowed in YAML",
                "remove the control character; save the file as plain text",
            )
        )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or str(error)
        if mark is not None:
            problem(mark, f"YAML syntax error: {reason}", "check indentation, colons and quotes around this position")
        else:
            problems.append(Problem(name, 0, 0, "", f"YAML syntax error: {reason}", "check the file's YAML syntax"))
    except yaml.YAMLError as error:
        problems.append(Problem(name, 0, 0, "", f"YAML error: {error}", "check the file's YAML syntax"))
    finally:
        loader.dispose()
    if problems:
        raise LoadError(problems)
    if root is None:
        raise LoadError([Problem(name, 1, 1, "", "file is empty", "start from `cxcanon new` or copy an existing entry")])
    if expect == "list":
        if not isinstance(root, list):
            raise LoadError([Problem(name, 1, 1, "", "the top level must be a list", "write one `- ` item per entry")])
        doc.data = root  # type: ignore[assignment]
        return doc
    if not isinstance(root, dict):
        found = "a list" if isinstance(root, list) else f"a single {type(root).__name__} value"
        raise LoadError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"the top level must be a mapping of fields, found {found}",
                    "write `field: value` lines at the top level",
                )
            ]
        )
    doc.data = root
    return doc
