"""The strict loader: scalar resolution, positions, normalisation, and robustness."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcanon.catalog.yamlsafe import MAX_DEPTH, LoadError, Position, load_yaml


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("v: 2014", 2014),
        ("v: -3", -3),
        ("v: 1.5", 1.5),
        ("v: true", True),
        ("v: False", False),
        ("v: ~", None),
        ("v:", None),
        ("v: yes", "yes"),  # YAML 1.2: not a boolean
        ("v: no", "no"),
        ("v: 2026-11-23", "2026-11-23"),  # dates stay text
        ("v: '2014'", "2014"),  # quoted stays text
        ('v: "true"', "true"),
        ("v: 10.1000/xyz", "10.1000/xyz"),
        ("v: |\n  line one\n  line two\n", "line one\nline two\n"),
        ("v: .", "."),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(source: str, expected: object) -> None:
    assert load_yaml("t.yaml", source.encode()).data["v"] == expected


def test_positions_point_at_keys_and_values() -> None:
    doc = load_yaml("t.yaml", b"id: x\nlist:\n  - term: A\n    kind: synonym\n")
    assert doc.key_where(("list", 0, "kind")) == Position(4, 5)
    assert doc.where(("list", 0, "kind")) == Position(4, 11)
    assert doc.where(("list", 0)) == Position(3, 5)
    assert doc.where(("missing", "deeper")) == Position(1, 1)


def test_strings_are_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Kundenbegeisterung für Ärzte")
    doc = load_yaml("t.yaml", f"v: {decomposed}\nq: '{decomposed}'\n".encode())
    assert doc.data["v"] == doc.data["q"] == "Kundenbegeisterung für Ärzte"
    assert unicodedata.is_normalized("NFC", doc.data["v"])


def test_byte_order_mark_is_accepted() -> None:
    assert load_yaml("t.yaml", "\ufeffv: 1\n".encode()).data == {"v": 1}


def test_complex_keys_are_rejected() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("t.yaml", b"? [a, b]\n: value\n")
    assert "a key must be a plain name" in caught.value.problems[0].message


def test_deep_flow_nesting_does_not_crash() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("t.yaml", b"v: " + b"[" * 10_000 + b"]" * 10_000)
    assert f"deeper than {MAX_DEPTH}" in caught.value.problems[0].message


def test_unreadable_file_is_a_load_error(tmp_path) -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml(tmp_path / "missing.yaml")
    assert "cannot read file" in caught.value.problems[0].message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_load_errors(data: bytes) -> None:
    try:
        doc = load_yaml("fuzz.yaml", data)
    except LoadError as error:
        assert error.problems and all(p.path == "fuzz.yaml" for p in error.problems)
    else:
        assert isinstance(doc.data, dict)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_documents, st.sampled_from(["block", "flow", "canonical"]))
def test_arbitrary_yaml_documents_raise_only_load_errors(value: object, style: str) -> None:
    text = yaml.safe_dump(value, default_flow_style=(style == "flow"), canonical=(style == "canonical"), allow_unicode=True)
    try:
        doc = load_yaml("fuzz.yaml", text.encode("utf-8"))
    except LoadError as error:
        assert error.problems
    else:
        reference = yaml.safe_load(text)
        assert isinstance(reference, dict) and isinstance(doc.data, dict)
        assert len(doc.data) == len(reference), "no key may be dropped"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_arbitrary_text_raises_only_load_errors(text: str) -> None:
    try:
        load_yaml("fuzz.yaml", text.encode("utf-8", "surrogatepass"))
    except LoadError:
        pass


# --- the fast path (positions=False), which worker processes use, must agree with the full parser ---

ROOT = Path(__file__).parent.parent


def _outcome(path: Path, *, positions: bool) -> tuple[str, object]:
    try:
        return "data", load_yaml(path, positions=positions).data
    except LoadError as error:
        return "problems", [problem.format() for problem in error.problems]


@pytest.mark.parametrize(
    "path",
    sorted([*ROOT.glob("methods/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yml")]),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_fast_path_agrees_with_the_full_parser(path: Path) -> None:
    assert _outcome(path, positions=False) == _outcome(path, positions=True)


def test_fast_path_reads_positions_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: m\nname: Persona\naliases:\n  - term: User Persona\n", encoding="utf-8")
    fast, full = load_yaml(path, positions=False), load_yaml(path)
    assert not fast.positioned
    assert fast.where(("aliases", 0, "term")) == full.where(("aliases", 0, "term")) == Position(4, 11)
    assert fast.positioned


_unusual = st.sampled_from(["&a ", "*a ", "!!str ", "! ", "!x ", "? ", "--- ", "[", "{", "- ", "'", '"', "|\n  ", ""])


@settings(max_examples=300, deadline=None)
@given(_documents, st.sampled_from(["block", "flow"]), st.lists(st.tuples(st.integers(0, 400), _unusual), max_size=3))
def test_fast_path_agrees_on_arbitrary_and_damaged_documents(value: object, style: str, damage: list[tuple[int, str]]) -> None:
    text = yaml.safe_dump(value, default_flow_style=(style == "flow"), allow_unicode=True)
    for offset, insert in damage:  # anchors, aliases, tags, second documents, stray brackets and quotes
        offset = min(offset, len(text))
        text = text[:offset] + insert + text[offset:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8")
        assert _outcome(path, positions=False) == _outcome(path, positions=True)
