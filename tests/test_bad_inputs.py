"""Every class of bad input gets a precise message at the right file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxcanon.catalog import Severity, validate_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "bad"

# case folder → (file that carries the problem, line, field, message fragment)
CASES: dict[str, tuple[str, int, str, str]] = {
    "dup-key": ("dup-key.yaml", 4, "", "duplicate key 'name' (first at line 3)"),
    "anchor": ("anchor.yaml", 13, "", "anchor '&c' is not allowed"),
    "alias-ref": ("alias-ref.yaml", 18, "", "alias '*x' is not allowed"),
    "explicit-tag": ("explicit-tag.yaml", 18, "", "explicit tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
    "not-mapping": ("not-mapping.yaml", 1, "", "the top level must be a mapping of fields, found a list"),
    "empty": ("empty.yaml", 1, "", "file is empty"),
    "syntax": ("syntax.yaml", 4, "", "YAML syntax error"),
    "two-docs": ("two-docs.yaml", 18, "", "more than one YAML document"),
    "deep": ("deep.yaml", 50, "", "nesting is deeper than 32 levels"),
    "non-utf8": ("non-utf8.yaml", 3, "", "bytes are not valid UTF-8 (byte 0xe9)"),
    "nul-byte": ("nul-byte.yaml", 3, "", "file contains a NUL byte"),
    "control-char": ("control-char.yaml", 3, "", "character U+0007 is not allowed"),
    "stray-yml": ("stray.yml", 0, "", "this .yml file would be ignored"),
    "stray-file": ("notes.txt", 0, "", "not a catalog file"),
    "unknown-field": ("unknown-field.yaml", 18, "nmae", "unknown field 'nmae'"),
    "missing-definition": ("missing-definition.yaml", 1, "definition", "missing required field 'definition'"),
    "bad-alias-kind": ("bad-alias-kind.yaml", 6, "aliases[0].kind", "'brandname' is not allowed here"),
    "id-mismatch": ("id-mismatch.yaml", 2, "id", "id 'other-id' differs from the file name 'id-mismatch.yaml'"),
    "bad-id": ("Bad_Id.yaml", 2, "id", "'Bad_Id' is not a valid id"),
    "year-text": ("year-text.yaml", 9, "year", "expected a whole number, found text"),
    "future-year": ("future-year.yaml", 9, "year", "year 2999 is in the future"),
    "unknown-originator": ("unknown-originator.yaml", 8, "originators[0]", "unknown researcher 'nobody-here'"),
    "unknown-related": ("unknown-related.yaml", 15, "related[0].id", "unknown method 'alpha-methd'"),
    "self-relation": ("self-relation.yaml", 15, "related[0].id", "a method cannot relate to itself"),
    "confused-without-note": ("confused-without-note.yaml", 15, "related[0].note", "missing required field 'note'"),
    "bad-relation-type": ("bad-relation-type.yaml", 16, "related[0].type", "'opposite-of' is not allowed here"),
    "bad-category": ("bad-category.yaml", 13, "category", "unknown category 'mesurement'"),
    "alias-collision": ("alias-collision.yaml", 5, "aliases[0].term", "'alpha-method' is the canonical name of 'alpha-method'"),
    "raw-html": ("raw-html.yaml", 20, "description", "raw HTML is not allowed: '<script>alert(1)</script>'"),
    "javascript-link": ("javascript-link.yaml", 19, "pitfalls", "link target 'javascript:alert(1)' is not an http(s) URL"),
    "broader-cycle": ("delta-method.yaml", 15, "related", "cycle along `broader`: delta-method → gamma-method → delta-method"),
    "researcher-same-name": ("researchers/doe-jane.yaml", 3, "name", "'Jane Doe' is already the name of researcher 'doe-jane-2'"),
    "researcher-unknown-field": ("researchers/roe-richard.yaml", 3, "affilation", "unknown field 'affilation'"),
    "no-originators": ("no-originators.yaml", 1, "origin_note", "missing required field 'origin_note'"),
    "deprecated-without-replacement": ("deprecated-without-replacement.yaml", 1, "replaced_by", "missing required field 'replaced_by'"),
    "secondary-without-urls": ("secondary-without-urls.yaml", 10, "verification.checked", "missing required field 'checked'"),
    "duplicate-name": ("alpha-method.yaml", 3, "name", "'Alpha Method' is already the canonical name of 'alpha-copy'"),
    "bad-doi": ("bad-doi.yaml", 21, "source.doi", "'https://doi.org/10.1000/xyz' is not a valid doi"),
    # the source policy
    "unpublishable-checked": (
        "unpublishable-checked.yaml",
        14,
        "verification.checked[1].url",
        "unpublishable source <https://de.scribd.com/document/123/copy>: scribd.com is never published",
    ),
    "bare-ip-source": ("bare-ip-source.yaml", 17, "source.url", "its host is a bare IP address"),
    "unpublishable-prose-link": ("unpublishable-prose-link.yaml", 16, "description.en", "pdfcoffee.com is never published"),
    "primary-without-primary": (
        "primary-without-primary.yaml",
        11,
        "verification.level",
        "level primary-source, but no checked source is the primary work itself",
    ),
    "secondary-one-host": ("secondary-one-host.yaml", 11, "verification.level", "level secondary rests on 1 source host(s)"),
    "unverified-stable": ("unverified-stable.yaml", 12, "status", "status stable with an unverified origin"),
    "disputed-without-note": ("disputed-without-note.yaml", 11, "verification.level", "level disputed without a note"),
    "checked-without-kind": ("checked-without-kind.yaml", 13, "verification.checked[0]", "expected a mapping, found text"),
    "wikipedia-wrong-host": ("wikipedia-wrong-host.yaml", 15, "wikipedia.en", "is not a valid en"),
    "broken-referenced": ("alpha-method.yaml", 4, "", "YAML syntax error"),
}

HINTS = {
    "unknown-field": "did you mean 'name'?",
    "bad-alias-kind": "did you mean 'branded'?",
    "bad-category": "did you mean 'measurement'?",
    "unknown-related": "did you mean 'alpha-method'?",
    "stray-yml": "rename it to stray.yaml",
    "unpublishable-checked": "cite the work itself: its DOI, publisher or journal page, or a library catalogue record",
    "bare-ip-source": "cite the work itself: its DOI, publisher or journal page, or a library catalogue record",
    "primary-without-primary": "as `kind: primary`, or set the level the other sources support",
    "unverified-stable": "set `status: draft` until the origin is verified",
    "checked-without-kind": "kind of primary, catalogue, encyclopedia, scholarly, institution",
    "wikipedia-wrong-host": "link the article on en.wikipedia.org itself, not a copy of it",
}


def test_every_case_folder_has_an_expectation() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CASES)
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_precisely(case: str, overlay) -> None:
    root = overlay(case)
    result = validate_catalog(root)
    file, line, field, fragment = CASES[case]
    errors = [p for p in result.report.errors if fragment in p.message]
    assert result.catalog is None, "a catalog with errors must not load"
    assert errors, f"expected {fragment!r}; got:\n{result.report.render()}"
    problem = errors[0]
    assert Path(problem.path).resolve() == (root / file).resolve()
    assert problem.line == line
    assert problem.field == field
    if case in HINTS:
        assert HINTS[case] in problem.hint
    # Nothing else is wrong with the base catalog: the case's problem is the only error.
    assert len({p.message for p in result.report.errors}) == 1, result.report.render()


def test_file_over_the_size_limit(base_catalog: Path) -> None:
    big = base_catalog / "big.yaml"
    big.write_text("id: big\ndescription: |\n" + "  word\n" * 60_000, encoding="utf-8")
    result = validate_catalog(base_catalog)
    [problem] = result.report.errors
    assert problem.path.endswith("big.yaml")
    assert "more than the limit of 262,144" in problem.message


def test_every_problem_of_a_run_is_reported(overlay, base_catalog: Path) -> None:
    for case in ("unknown-field", "bad-category", "dup-key", "stray-yml", "javascript-link", "unknown-originator"):
        overlay(case)
    result = validate_catalog(base_catalog)
    messages = "\n".join(p.message for p in result.report.errors)
    for case in ("unknown-field", "bad-category", "dup-key", "stray-yml", "javascript-link", "unknown-originator"):
        assert CASES[case][3] in messages


def test_one_file_with_several_problems_reports_each(base_catalog: Path) -> None:
    (base_catalog / "many.yaml").write_text(
        "id: many\nname: Many\nnmae: x\naliases:\n  - term: T1\n    kind: brandname\ndefinition:\n  en: short\n"
        "originators: [ghost]\nyear: 3000\nverification: {level: unverified}\nstatus: stable\ncategory: research\nrelated: []\n",
        encoding="utf-8",
    )
    result = validate_catalog(base_catalog)
    found = {(p.line, p.field) for p in result.report.errors if p.path.endswith("many.yaml")}
    assert {(3, "nmae"), (6, "aliases[0].kind"), (8, "definition.en"), (7, "definition.de")} <= found


def test_warnings_do_not_fail_without_strict(base_catalog: Path) -> None:
    (base_catalog / "researchers" / "roe-richard.yaml").write_text("id: roe-richard\nname: Richard Roe\n", encoding="utf-8")
    result = validate_catalog(base_catalog)
    assert result.catalog is not None
    [warning] = result.report.warnings
    assert warning.severity is Severity.WARNING and "not an originator of any method" in warning.message
    assert not result.report.failed() and result.report.failed(strict=True)


def test_large_catalogs_load_in_parallel_with_exact_positions(tmp_path: Path) -> None:
    """From PARALLEL_FROM files on, workers parse; problems found later still point at the right line."""
    import sys

    from cxcanon.catalog import load as load_module

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from bench_validate import generate

    root = tmp_path / "methods"
    generate(root, load_module.PARALLEL_FROM + 20)
    broken = root / "method-7.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  - id: method-8\n", "  - id: method-nowhere\n"), encoding="utf-8")
    (root / "method-9.yaml").write_text((root / "method-9.yaml").read_text(encoding="utf-8").replace("name: ", "nmae: "), encoding="utf-8")
    line = broken.read_text(encoding="utf-8").splitlines().index("  - id: method-nowhere") + 1
    # In a worker's share, a file the quick parser cannot take goes through the full one.
    twice = root / "method-98.yaml"
    twice.write_text(twice.read_text(encoding="utf-8") + "name: Again\n", encoding="utf-8")
    last = len(twice.read_text(encoding="utf-8").splitlines())

    def line_of(name: str, text: str) -> int:
        return (root / name).read_text(encoding="utf-8").splitlines().index(text) + 1

    result = validate_catalog(root)
    found = sorted((Path(p.path).name, p.line, p.column, p.field, p.message) for p in result.report.errors)
    assert found == [
        ("method-7.yaml", line, 9, "related[1].id", "unknown method 'method-nowhere'"),
        ("method-9.yaml", 1, 1, "name", "missing required field 'name'"),
        ("method-9.yaml", 3, 1, "nmae", "unknown field 'nmae'"),
        # method-98 does not load: one error there, and the references to it are noted once, not as errors.
        ("method-98.yaml", last, 1, "", "duplicate key 'name' (first at line 3)"),
    ]
    [note] = [p.message for p in result.report.problems if "were not checked" in p.message]
    assert note == "references to 'method-98' in 2 other file(s) were not checked (method-97, method-99)"


def test_a_broken_file_is_one_error_and_its_references_are_noted_once(overlay) -> None:
    """A file that does not load is not also an "unknown method" in every file that refers to it."""
    result = validate_catalog(overlay("broken-referenced"))
    assert [p.message for p in result.report.errors if "alpha-method" in p.message] == []
    assert len(result.report.errors) == 1
    notes = [p for p in result.report.problems if "were not checked" in p.message]
    assert len(notes) == 1
    assert notes[0].path.endswith("alpha-method.yaml")
    assert notes[0].message == "references to 'alpha-method' in 1 other file(s) were not checked (beta-method)"


def test_missing_german_is_a_warning_at_the_field(overlay, base_catalog: Path) -> None:
    (base_catalog / "beta-method.yaml").write_text(
        (base_catalog / "beta-method.yaml").read_text().replace("references: []", "pitfalls: Only English so far.\nreferences: []")
    )
    result = validate_catalog(base_catalog)
    warnings = [p for p in result.report.problems if p.message == "German text missing"]
    assert [(Path(p.path).name, p.field, p.severity) for p in warnings] == [("beta-method.yaml", "pitfalls", Severity.WARNING)]
    assert result.report.failed(strict=True) and not result.report.failed(strict=False)
