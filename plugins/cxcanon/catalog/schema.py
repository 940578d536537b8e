"""The committed JSON Schemas (single source of truth for the file format) and their error messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
from rapidfuzz import process

from .problems import Problem
from .yamlsafe import Document

if TYPE_CHECKING:  # jsonschema is imported when a file fails the fast check (or the schema itself is checked)
    import jsonschema

REPO_METHODS = Path(__file__).resolve().parents[3] / "methods"
"""The shipped catalog of a source checkout (editable install)."""


@cache
def schema_dir(root: Path | None = None) -> Path:
    """Where the schemas live: the catalog's own ``schema/`` folder, else the shipped one."""
    candidates = [root / "schema"] if root else []
    candidates.append(REPO_METHODS / "schema")
    packaged = resources.files("cxcanon").joinpath("schema")
    candidates.append(Path(str(packaged)))
    for candidate in candidates:
        if (candidate / "method.schema.json").is_file():
            return candidate
    raise FileNotFoundError("method.schema.json not found")


@cache
def _validator(path: Path) -> jsonschema.protocols.Validator:
    import jsonschema  # only files that fail the fast check need it: a clean catalog loads without

    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validator(kind: str, root: Path | None = None) -> jsonschema.protocols.Validator:
    """The compiled validator for ``method`` or ``researcher`` files."""
    return _validator(schema_dir(root) / f"{kind}.schema.json")


@cache
def _fast_check(path: Path) -> Callable[[Any], Any]:
    """The same committed schema compiled to Python code by fastjsonschema: a fast yes/no.

    fastjsonschema knows drafts up to 7; the keywords our schemas use mean the same
    there, and a ``$ref`` to ``#/$defs/...`` is a plain JSON pointer. jsonschema stays
    the authority: it runs whenever this check says no, and produces the messages.
    """
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema)


def is_valid(kind: str, data: Any, root: Path | None = None) -> bool:
    """True when ``data`` satisfies the schema (fast path, no messages)."""
    try:
        _fast_check(schema_dir(root) / f"{kind}.schema.json")(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def field_name(path: tuple[Any, ...] | list[Any]) -> str:
    """``("aliases", 2, "kind")`` → ``aliases[2].kind``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}
_PATTERN_HINTS = {
    "id": "use lowercase ASCII letters, digits and single hyphens, e.g. `customer-journey-map`",
    "doi": "write the bare DOI starting with `10.`, without https://doi.org/",
    "isbn": "write the ISBN-10 or ISBN-13 digits, hyphens allowed",
    "url": "use an absolute http:// or https:// URL",
    "checked": "use an absolute http:// or https:// URL",
    "wikidata": "write the Wikidata QID, e.g. `Q123`",
    "orcid": "write the ORCID as `0000-0000-0000-0000`",
    "date": "write the date as YYYY-MM-DD",
    "pages": "write a page range like `41-50`",
    "en": "link the article on en.wikipedia.org itself, not a copy of it",
    "de": "link the article on de.wikipedia.org itself, not a copy of it",
}
CHECKED_HINT = (
    "write each checked source as `{url: https://…, kind: …}` with a kind of primary, catalogue, encyclopedia, scholarly, institution"
)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _did_you_mean(word: str, choices: list[str]) -> str:
    match = process.extractOne(word, choices, score_cutoff=60)
    return f"did you mean '{match[0]}'?" if match else f"allowed: {', '.join(sorted(choices))}"


def schema_problems(doc: Document, kind: str, root: Path | None = None) -> list[Problem]:
    """Every schema violation of one document, placed at the offending key or value."""
    if is_valid(kind, doc.data, root):
        return []
    problems: list[Problem] = []
    for error in validator(kind, root).iter_errors(doc.data):
        problems.extend(_problems_for(doc, error))
    return problems


def _problems_for(doc: Document, error: jsonschema.ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    name = field_name(path)
    pos = doc.where(path)
    validator_kind = error.validator
    if validator_kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for key in sorted(set(error.instance) - set(allowed)):
            key_pos = doc.key_where((*path, key))
            out.append(
                Problem(
                    doc.path, key_pos.line, key_pos.column, field_name((*path, key)), f"unknown field '{key}'", _did_you_mean(key, allowed)
                )
            )
        return out
    if validator_kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        anchor = doc.key_where(path) if path else doc.where(())
        return [
            Problem(
                doc.path,
                anchor.line,
                anchor.column,
                field_name((*path, missing)),
                f"missing required field '{missing}'",
                _required_hint(missing),
            )
        ]
    if validator_kind == "type":
        expected = error.validator_value
        expected_list = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected_list)
        return [
            Problem(
                doc.path,
                pos.line,
                pos.column,
                name,
                f"expected {wanted}, found {_describe(error.instance)}",
                CHECKED_HINT if path[-2:-1] == ("checked",) else "quote text values; write lists with `- ` items",
            )
        ]
    if validator_kind in ("enum", "const"):
        choices = [str(c) for c in (error.validator_value if validator_kind == "enum" else [error.validator_value])]
        return [
            Problem(
                doc.path, pos.line, pos.column, name, f"'{error.instance}' is not allowed here", _did_you_mean(str(error.instance), choices)
            )
        ]
    if validator_kind == "pattern":
        last = next((p for p in reversed(path) if isinstance(p, str)), "")
        hint = _PATTERN_HINTS.get(last, f"must match {error.validator_value}")
        return [Problem(doc.path, pos.line, pos.column, name, f"'{error.instance}' is not a valid {last or 'value'}", hint)]
    if validator_kind in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return [Problem(doc.path, pos.line, pos.column, name, str(error.message), _LIMIT_HINTS.get(validator_kind, "see the schema"))]
    if validator_kind == "anyOf" and isinstance(error.instance, dict | str | int | float | list | bool):
        return [
            Problem(
                doc.path,
                pos.line,
                pos.column,
                name,
                f"expected text or a mapping of `en` and `de` texts, found {_describe(error.instance)}",
                "write `{en: ..., de: ...}` (both non-empty; no other keys)",
            )
        ]
    if validator_kind == "uniqueItems":
        return [Problem(doc.path, pos.line, pos.column, name, "list contains the same item twice", "remove the repeated item")]
    return [Problem(doc.path, pos.line, pos.column, name, str(error.message), "see methods/schema/ for the format")]


_LIMIT_HINTS = {
    "minLength": "write it out in full",
    "maxLength": "shorten it; definitions are one sentence",
    "minItems": "add at least one item",
    "maxItems": "remove items",
    "minimum": "check the year",
    "maximum": "check the value",
}


def _required_hint(field: str) -> str:
    return {
        "origin_note": "with no originators, say why no originator can be named",
        "replaced_by": "a deprecated method names the id of the method that replaces it",
        "note": "a `confused-with` relation states the difference in a note",
        "checked": "list the URLs you checked to verify the origin",
    }.get(field, f"add `{field}:`; see methods/schema/ or run `cxcanon new` for a skeleton")
