"""`cxcanon lint` finds non-canonical names at exact positions; `cxcanon export vale` writes the same check for Vale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cxcanon.catalog import Catalog, load_catalog
from cxcanon.cli import main
from cxcanon.linking.lint import Linter, vale_style

LINKING = Path(__file__).parent / "fixtures" / "linking"
BRANDED = "is a branded name for 'Value Proposition Canvas' (Osterwalder & Pigneur, 2014)"

DOCUMENT = """\
---
title: TCJG Customer Value Proposition Canvas
---
# Our TCJG Customer Value Proposition Canvas

We use the Customer Value Proposition Canvas and a Service Map Chart.
> - quoted **TCJG Customer Value Proposition Canvases** `TCJG Customer Value Proposition Canvas`
>   and [TCJG Customer Value Proposition Canvas](https://x.org/TCJG-Customer-Value-Proposition-Canvas).

    TCJG Customer Value Proposition Canvas in an indented code block

```text
Customer Value Proposition Canvas in a fence
```

| Customer Value Proposition Canvas | Service Map Chart |
|---|---|
| `Service Map Chart` | Ä Service Map Chart |

A Service Map
Chart across lines; Journey Map, Wertangebots-Canvas, the Value Proposition Canvas; CJM.
<https://example.org/Service-Map-Chart> ![Service Map Chart](s.png) <!-- Service Map Chart -->

!!! note "Service Map Chart"
    Schlüssel: the Customer Value Proposition Canvas.
"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(LINKING)


def test_default_findings_with_exact_positions(catalog: Catalog) -> None:
    findings = Linter(catalog).lint_text(DOCUMENT, "doc.md")
    assert [(f.line, f.column, f.text, f.kind) for f in findings] == [
        (4, 7, "TCJG Customer Value Proposition Canvas", "branded"),
        (6, 12, "Customer Value Proposition Canvas", "misnomer"),
        (6, 52, "Service Map Chart", "former"),
        (7, 14, "TCJG Customer Value Proposition Canvases", "branded"),
        (8, 10, "TCJG Customer Value Proposition Canvas", "branded"),
        (16, 3, "Customer Value Proposition Canvas", "misnomer"),
        (16, 39, "Service Map Chart", "former"),
        (18, 27, "Service Map Chart", "former"),
        (20, 3, "Service Map\nChart", "former"),
        (24, 11, "Service Map Chart", "former"),
        (25, 20, "Customer Value Proposition Canvas", "misnomer"),
    ]
    lines = DOCUMENT.split("\n")
    for finding in findings:
        first_line = finding.text.split("\n")[0]
        assert lines[finding.line - 1][finding.column - 1 :].startswith(first_line), finding


def test_message_format(catalog: Catalog) -> None:
    (finding,) = Linter(catalog).lint_text("x TCJG Customer Value Proposition Canvas", "notes.md")
    assert finding.format() == f"notes.md:1:3: 'TCJG Customer Value Proposition Canvas' {BRANDED}"


def test_strict_flags_every_alias_but_not_canonical_names(catalog: Catalog) -> None:
    text = "Journey Map, Wertangebots-Canvas, User Persona, CJM; Value Proposition Canvas, VPC, Kano-Modell, Persona."
    findings = Linter(catalog, strict=True).lint_text(text, "x.md")
    assert [(f.column, f.text) for f in findings] == [(1, "Journey Map"), (14, "Wertangebots-Canvas"), (35, "User Persona"), (49, "CJM")]
    assert findings[1].message == "'Wertangebots-Canvas' is a translation of 'Value Proposition Canvas' (Osterwalder & Pigneur, 2014)"
    assert findings[3].message.startswith("'CJM' is ambiguous: an abbreviation of 'Customer Journey Management'")
    assert Linter(catalog).lint_text(text, "x.md") == []


def test_plain_text_files_are_read_line_by_line(catalog: Catalog) -> None:
    text = "`code` is not special here:\n  `Service Map Chart`\n"
    (finding,) = Linter(catalog).lint_text(text, "x.txt", markdown=False)
    assert (finding.line, finding.column) == (2, 4)


@pytest.mark.parametrize(
    "source",
    [
        "`Service Map Chart`",
        "```\nService Map Chart\n```",
        "~~~\nService Map Chart\n~~~",
        "    Service Map Chart",
        "---\nname: Service Map Chart\n---\n",
        "<div>\nService Map Chart\n</div>",
        "[x](https://e.org/Service-Map-Chart)",
        "<https://e.org/Service-Map-Chart>",
        "![Service Map Chart](s.png)",
        "[x][Service Map Chart]\n\n[Service Map Chart]: https://e.org",
        "Service Map Charts",  # plural of a former name: still found
    ],
)
def test_skipped_contexts(catalog: Catalog, source: str) -> None:
    findings = Linter(catalog).lint_text(source, "x.md")
    assert [f.text for f in findings] == (["Service Map Charts"] if source == "Service Map Charts" else [])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_text_format_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "docs" / "a.md", "# A\n\nThe TCJG Customer Value Proposition Canvas.\n")
    write(tmp_path / "docs" / "sub" / "b.txt", "a Service Map Chart\n")
    write(tmp_path / "docs" / "c.md", "All canonical: Value Proposition Canvas.\n")
    write(tmp_path / "docs" / "ignored.py", "Service Map Chart")
    assert main(["lint", "--catalog", str(LINKING), str(tmp_path / "docs")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{bad}:3:5: 'TCJG Customer Value Proposition Canvas' {BRANDED}",
        f"{tmp_path / 'docs' / 'sub' / 'b.txt'}:1:3: 'Service Map Chart' is a former name for 'Service Blueprint' (Shostack, 1984)",
    ]
    assert "2 non-canonical name(s) in 2 file(s)" in err
    assert main(["lint", "--catalog", str(LINKING), str(tmp_path / "docs" / "c.md")]) == 0


def test_cli_json_and_github_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(tmp_path / "a.md", "x\n  a Customer Value Proposition Canvas 100%\n")
    assert main(["lint", "--catalog", str(LINKING), "--format", "json", str(doc)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"] == [
        {
            "path": str(doc),
            "line": 2,
            "column": 5,
            "text": "Customer Value Proposition Canvas",
            "term": "Customer Value Proposition Canvas",
            "kind": "misnomer",
            "methods": ["value-proposition-canvas"],
            "message": "'Customer Value Proposition Canvas' is a misnomer for 'Value Proposition Canvas' (Osterwalder & Pigneur, 2014)",
        }
    ]
    assert main(["lint", "--catalog", str(LINKING), "--format", "github", str(doc)]) == 1
    assert capsys.readouterr().out == (
        f"::warning file={doc},line=2,col=5,title=cxcanon lint::'Customer Value Proposition Canvas' is a misnomer for "
        "'Value Proposition Canvas' (Osterwalder & Pigneur, 2014)\n"
    )


def test_cli_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--catalog", str(LINKING), str(tmp_path / "missing.md")]) == 2
    assert "missing.md: no such file or directory" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("Gr\xfc\xdfe".encode("latin-1"))
    assert main(["lint", "--catalog", str(LINKING), str(latin1)]) == 1
    err = capsys.readouterr().err
    assert "latin1.md: not UTF-8 text (byte 0xfc at offset 2) — save it as UTF-8" in err
    assert "Traceback" not in err


def test_cli_reports_a_broken_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(tmp_path / "a.md", "x")
    write(tmp_path / "methods" / "broken.yaml", "id: [")
    assert main(["lint", "--catalog", str(tmp_path / "methods"), str(doc)]) == 2
    assert "run `cxcanon validate`" in capsys.readouterr().err


# --- Vale ----------------------------------------------------------------------------------------


def test_vale_style(catalog: Catalog) -> None:
    files = {name: yaml.safe_load(text) for name, text in vale_style(catalog).items()}
    assert sorted(files) == ["CXCanon/Abbreviations.yml", "CXCanon/Aliases.yml", "CXCanon/Ambiguous.yml", "CXCanon/Renamed.yml"]
    renamed = files["CXCanon/Renamed.yml"]
    assert (renamed["extends"], renamed["level"], renamed["ignorecase"]) == ("substitution", "warning", True)
    assert set(renamed["swap"].values()) == {"Value Proposition Canvas", "Service Blueprint"}
    assert files["CXCanon/Aliases.yml"]["swap"]["Journey[-\\s]+Map(?:e?s)?"] == "Customer Journey Map"
    assert files["CXCanon/Ambiguous.yml"]["tokens"] == ["CJM(?:e?s)?"]
    assert files["CXCanon/Abbreviations.yml"]["swap"] == {}  # CJM is ambiguous; MOT is a synonym

    def swapped(text: str) -> set[str]:
        found = set()
        for pattern, canonical in renamed["swap"].items():
            if re.search(rf"\b{pattern}\b", text, re.IGNORECASE):
                found.add(canonical)
        return found

    # The patterns behave like the matcher: hyphens, case, plurals.
    assert swapped("tcjg customer-value-proposition canvases") == {"Value Proposition Canvas"}
    assert swapped("Service Map Charts") == {"Service Blueprint"}
    assert swapped("Value Proposition Canvas") == set()


def test_cli_export_vale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "vale", str(tmp_path / "styles"), "--catalog", str(LINKING)]) == 0
    assert sorted(p.name for p in (tmp_path / "styles" / "CXCanon").iterdir()) == [
        "Abbreviations.yml",
        "Aliases.yml",
        "Ambiguous.yml",
        "Renamed.yml",
    ]
    assert "BasedOnStyles = CXCanon" in capsys.readouterr().out
