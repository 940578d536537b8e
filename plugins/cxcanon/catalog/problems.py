"""Problems found in catalog files, collected as values and printed by every consumer alike."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors fail validation, warnings fail only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, with the position of the offending key or value.

    ``line`` and ``column`` are 1-based; 0 means "the whole file".
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """``path:line:col: field: message — hint``, the human-readable form."""
        where = f"{self.path}:{self.line}:{self.column}"
        label = "" if self.severity is Severity.ERROR else "warning: "
        text = f"{where}: {label}{self.field}: {self.message}" if self.field else f"{where}: {label}{self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the offending line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            message += f" — {self.hint}"
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={max(self.line, 1)},col={max(self.column, 1)}::{message}"


@dataclass(slots=True)
class Report:
    """All problems of one run, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Record one problem."""
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems, in order."""
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the catalog unusable."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth fixing that do not stop a build (they fail ``--strict``)."""
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def failed(self, *, strict: bool = False) -> bool:
        """True when the run must exit non-zero."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        """The problems by file, line, column and field: the order of the printed report."""
        return sorted(self.problems, key=lambda p: (p.path, p.line, p.column, p.field, p.message))

    def render(self, fmt: str = "text") -> str:
        """The report as ``text``, ``json`` or ``github`` annotations."""
        problems = self.sorted()
        if fmt == "json":
            return json.dumps([{**asdict(p), "severity": p.severity.value} for p in problems], ensure_ascii=False, indent=2)
        if fmt == "github":
            return "\n".join(p.format_github() for p in problems)
        return "\n".join(p.format() for p in problems)


class CatalogError(Exception):
    """Raised where a consumer cannot go on: carries the report that explains why."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(report.render())
