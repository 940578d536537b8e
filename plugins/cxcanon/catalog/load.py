"""Files → validated `Catalog`: inventory, safe loading, schema, cross-file checks.

Every problem of a run is collected into one `Report`; a catalog is
returned only when there is no error.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz, process

from .model import (
    Alias,
    Catalog,
    Category,
    CheckedSource,
    HistoryEntry,
    Method,
    Misattribution,
    Relation,
    Researcher,
    Source,
    Text,
    Verification,
)
from .problems import CatalogError, Problem, Report, Severity
from .prose import prose_problems
from .schema import REPO_METHODS, field_name, schema_problems
from .sources import CITE_THE_WORK, host_of, unpublishable
from .terms import normalize
from .yamlsafe import Document, LoadError, load_yaml

PROSE_FIELDS = ("description", "steps", "when_to_use", "pitfalls")
RESERVED = {"schema", "researchers", "categories.yaml", "catalog.yaml", "README.md"}
FUZZY_THRESHOLD = 90
"""rapidfuzz ratio at or above which two names of different methods look like duplicates."""


@dataclass(slots=True)
class LoadResult:
    """What one validation run found: the catalog (when error-free) and the report."""

    catalog: Catalog | None
    report: Report
    files: int = 0
    methods: tuple[Method, ...] = ()
    """The methods that passed the schema, even when other errors keep ``catalog`` None."""


def default_root() -> Path:
    """The shipped catalog: ``./methods`` when it exists, else the repository's."""
    here = Path("methods")
    return here if here.is_dir() else REPO_METHODS


def load_catalog(root: Path | str | None = None, *, today: dt.date | None = None) -> Catalog:
    """Load and validate the catalog; raise `CatalogError` with every problem on failure."""
    result = validate_catalog(root, today=today)
    if result.catalog is None:
        raise CatalogError(result.report)
    return result.catalog


def validate_catalog(root: Path | str | None = None, *, today: dt.date | None = None) -> LoadResult:
    """Load every file under ``root`` and report every problem found, in one run."""
    with collector_paused():
        return _validate(Path(root) if root is not None else default_root(), today)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk of long-lived, acyclic objects is built.

    Loading a catalog creates hundreds of thousands of dicts, lists and tuples that all
    live on. Each of them counts towards the next collection, and every full collection
    walks all of them again: on 10,000 files that was a quarter of the loading time. The
    objects hold no reference cycles (plain data and frozen dataclasses), so nothing is
    left for the collector to find; reference counting frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validate(base: Path, today: dt.date | None) -> LoadResult:
    report = Report()
    today = today or dt.date.today()
    if not base.is_dir():
        report.add(Problem(str(base), 0, 0, "", "catalog folder not found", "pass the path of the methods/ folder"))
        return LoadResult(None, report)
    method_files, researcher_files = _inventory(base, report)
    categories = _load_categories(base, report)
    settings = _load_settings(base, report)

    researcher_docs = _load_docs(researcher_files, "researcher", base, report)
    method_docs = _load_docs(method_files, "method", base, report)
    researchers = _build_researchers(researcher_docs, report)
    # A file that does not load at all is reported once, where it is broken: its id still
    # counts as known, so that references to it do not add an error in every other file.
    unloaded = {path.stem for path in method_files} - {Path(doc.path).stem for doc, _ in method_docs}
    known_method_ids = {_id_of(doc) for doc, _ in method_docs} | {_id_of(doc) for doc in _invalid_docs(method_docs)} | unloaded
    methods = [_build_method(doc) for doc, ok in method_docs if ok]
    _note_unchecked_references(methods, {stem: path for path in method_files if (stem := path.stem) in unloaded}, report)
    docs = {doc.path: doc for doc, _ in method_docs}
    _check_methods(methods, docs, known_method_ids, set(researchers), {r.id for r in researchers.values()}, categories, today, report, base)
    _check_terms(methods, docs, report)
    _check_broader_cycles(methods, docs, report)
    _check_unused_researchers(researchers, method_docs, report)

    files = len(method_files) + len(researcher_files)
    if report.errors:
        return LoadResult(None, report, files, tuple(methods))
    catalog = Catalog(methods, researchers.values(), categories.values(), str(settings.get("version", "0")), settings)
    return LoadResult(catalog, report, files, tuple(methods))


def _note_unchecked_references(methods: list[Method], unloaded: dict[str, Path], report: Report) -> None:
    """One line per file that failed to load, saying that the references to it were not checked."""
    for method_id, path in sorted(unloaded.items()):
        referring = sorted({m.id for m in methods if any(rel.id == method_id for rel in m.related) or m.replaced_by == method_id})
        if referring:
            report.add(
                Problem(
                    str(path),
                    0,
                    0,
                    "",
                    f"references to '{method_id}' in {len(referring)} other file(s) were not checked ({', '.join(referring[:5])}"
                    + (", …" if len(referring) > 5 else "")
                    + ")",
                    "fix the error in this file first; the references are checked once it loads",
                    Severity.WARNING,
                )
            )


def _id_of(doc: Document) -> str:
    value = doc.data.get("id")
    return value if isinstance(value, str) else Path(doc.path).stem


def _invalid_docs(method_docs: list[tuple[Document, bool]]) -> list[Document]:
    return [doc for doc, ok in method_docs if not ok]


def _inventory(base: Path, report: Report) -> tuple[list[Path], list[Path]]:
    methods: list[Path] = []
    researchers: list[Path] = []
    for name, is_dir in _listing(base):
        if name in RESERVED or name.startswith("."):
            continue
        entry = base / name
        if is_dir:
            report.add(
                Problem(
                    str(entry),
                    0,
                    0,
                    "",
                    "unexpected folder in the catalog",
                    "method files live directly in methods/, researchers in methods/researchers/",
                )
            )
        elif entry.suffix == ".yaml":
            methods.append(entry)
        else:
            report.add(_stray(entry))
    folder = base / "researchers"
    if folder.is_dir():
        for name, is_dir in _listing(folder):
            if name.startswith("."):
                continue
            entry = folder / name
            if not is_dir and entry.suffix == ".yaml":
                researchers.append(entry)
            else:
                report.add(_stray(entry))
    return methods, researchers


def _listing(folder: Path) -> list[tuple[str, bool]]:
    """A folder's entries as (name, is a folder), by name; one directory read, no stat per file."""
    with os.scandir(folder) as entries:
        return sorted((entry.name, entry.is_dir()) for entry in entries)


def _stray(entry: Path) -> Problem:
    if entry.suffix == ".yml":
        return Problem(
            str(entry), 0, 0, "", "catalog files end in .yaml; this .yml file would be ignored", f"rename it to {entry.stem}.yaml"
        )
    return Problem(str(entry), 0, 0, "", "not a catalog file: only .yaml files belong here", "move the file out of the catalog folder")


PARALLEL_FROM = 400
"""Catalogs with at least this many files of one kind are loaded by worker processes."""


def _load_docs(paths: Iterable[Path], kind: str, base: Path, report: Report) -> list[tuple[Document, bool]]:
    todo = list(paths)
    cores = min(os.cpu_count() or 1, 4)
    if len(todo) >= PARALLEL_FROM and cores > 1 and "fork" in multiprocessing.get_all_start_methods():
        # Parsing dominates validation and files are independent: this process takes one
        # share of them and a forked worker per further core takes each of the others. One
        # task per worker keeps the traffic down to one list of paths out and one list of
        # results back; results carry data and problems only, and positions are read again
        # for the files that have a problem to report.
        share = -(-len(todo) // cores)
        parts = [todo[start : start + share] for start in range(share, len(todo), share)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=len(parts), mp_context=context) as pool:
            futures = [pool.submit(_load_many, [str(path) for path in part], kind, str(base)) for part in parts]
            results = [_load_one(path, kind, base, light=True) for path in todo[:share]]
            for future in futures:
                results.extend(future.result())
    else:
        results = [_load_one(path, kind, base) for path in todo]
    docs: list[tuple[Document, bool]] = []
    for doc, problems in results:
        report.extend(problems)
        if doc is not None:
            docs.append((doc, not problems))
    return docs


def _load_many(paths: list[str], kind: str, base: str) -> list[tuple[Document | None, list[Problem]]]:
    """`_load_one` for each file, in a worker process."""
    folder = Path(base)
    return [_load_one(Path(path), kind, folder, light=True) for path in paths]


def _load_one(path: Path, kind: str, base: Path, light: bool = False) -> tuple[Document | None, list[Problem]]:
    """Load one file and check it against the schema: the document (None if unreadable) and its problems."""
    try:
        doc = load_yaml(path, positions=not light)
    except LoadError as error:
        return None, error.problems
    problems = schema_problems(doc, kind, base)
    expected = path.stem
    found = doc.data.get("id")
    if isinstance(found, str) and found != expected:
        pos = doc.where(("id",))
        problems.append(
            Problem(
                doc.path,
                pos.line,
                pos.column,
                "id",
                f"id '{found}' differs from the file name '{expected}.yaml'",
                f"rename the file to {found}.yaml or set `id: {expected}`",
            )
        )
    return (doc.without_positions() if light else doc), problems


def _load_categories(base: Path, report: Report) -> dict[str, Category]:
    path = base / "categories.yaml"
    if not path.is_file():
        path = REPO_METHODS / "categories.yaml"
    try:
        items = load_yaml(path, expect="list").data
    except LoadError as error:
        report.extend(error.problems)
        return {}
    categories: dict[str, Category] = {}
    for index, item in enumerate(items):
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("id", "en", "de"))):
            report.add(
                Problem(
                    str(path),
                    index + 1,
                    1,
                    f"[{index}]",
                    "each category needs `id`, `en` and `de` text",
                    "copy the shape of an existing category",
                )
            )
            continue
        categories[item["id"]] = Category(item["id"], item["en"], item["de"])
    return categories


def _load_settings(base: Path, report: Report) -> dict[str, Any]:
    path = base / "catalog.yaml"
    if not path.is_file():
        return {}
    try:
        return load_yaml(path).data
    except LoadError as error:
        report.extend(error.problems)
        return {}


def _build_researchers(docs: list[tuple[Document, bool]], report: Report) -> dict[str, Researcher]:
    researchers: dict[str, Researcher] = {}
    names: dict[str, Researcher] = {}
    for doc, ok in docs:
        if not ok:
            continue
        d = doc.data
        researcher = Researcher(
            id=d["id"],
            name=d["name"],
            family=d.get("family"),
            affiliation=d.get("affiliation"),
            orcid=d.get("orcid"),
            wikidata=d.get("wikidata"),
            url=d.get("url"),
            wikipedia=MappingProxyType(dict(d.get("wikipedia", {}))),
            path=doc.path,
        )
        key = normalize(researcher.name)
        if key in names:
            pos = doc.where(("name",))
            report.add(
                Problem(
                    doc.path,
                    pos.line,
                    pos.column,
                    "name",
                    f"'{researcher.name}' is already the name of researcher '{names[key].id}' ({names[key].path})",
                    "use one researcher file per person",
                )
            )
        names[key] = researcher
        researchers[researcher.id] = researcher
    return researchers


def _source(data: dict[str, Any]) -> Source:
    return Source(
        type=data["type"],
        title=data["title"],
        authors=tuple(data.get("authors", ())),
        editors=tuple(data.get("editors", ())),
        year=data.get("year"),
        container=data.get("container"),
        publisher=data.get("publisher"),
        place=data.get("place"),
        edition=data.get("edition"),
        volume=_text(data.get("volume")),
        issue=_text(data.get("issue")),
        pages=data.get("pages"),
        doi=data.get("doi"),
        isbn=data.get("isbn"),
        url=data.get("url"),
        note=_localized(data.get("note")),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _localized(value: Any) -> Text | None:
    """A text field: ``{en, de}``, or a plain string as English only (German then still to be written)."""
    if value is None:
        return None
    if isinstance(value, str):
        return Text(value)
    return Text(value["en"], value.get("de"))


def _alias(a: dict[str, Any]) -> Alias:
    return Alias(
        a["term"],
        a["kind"],
        a.get("lang"),
        a.get("coined_by"),
        _localized(a.get("note")),
        a.get("attested_in"),
        bool(a.get("everyday_phrase", False)),
    )


def _build_method(doc: Document) -> Method:
    d = doc.data
    verification = d["verification"]
    return Method(
        id=d["id"],
        name=d["name"],
        definition=MappingProxyType(dict(d["definition"])),
        category=d["category"],
        status=d["status"],
        verification=Verification(
            verification["level"],
            tuple(CheckedSource(c["url"], c["kind"]) for c in verification.get("checked", ())),
            _localized(verification.get("note")),
        ),
        abbreviation=d.get("abbreviation"),
        names=MappingProxyType(dict(d.get("names", {}))),
        aliases=tuple(_alias(a) for a in d.get("aliases", ())),
        originators=tuple(d.get("originators", ())),
        origin_note=_localized(d.get("origin_note")),
        popularized_by=tuple(d.get("popularized_by", ())),
        year=d.get("year"),
        misattributed_to=tuple(Misattribution(m["name"], _localized(m["note"]) or Text("")) for m in d.get("misattributed_to", ())),
        name_rationale=_localized(d.get("name_rationale")),
        replaced_by=d.get("replaced_by"),
        former_ids=tuple(d.get("former_ids", ())),
        source=_source(d["source"]) if "source" in d else None,
        description=_localized(d.get("description")),
        steps=_localized(d.get("steps")),
        when_to_use=_localized(d.get("when_to_use")),
        pitfalls=_localized(d.get("pitfalls")),
        related=tuple(Relation(r["id"], r["type"], _localized(r.get("note"))) for r in d.get("related", ())),
        references=tuple(_source(r) for r in d.get("references", ())),
        wikidata=d.get("wikidata"),
        wikipedia=MappingProxyType(dict(d.get("wikipedia", {}))),
        history=tuple(HistoryEntry(h["date"], h["change"], h.get("reason")) for h in d.get("history", ())),
        path=doc.path,
    )


def _check_methods(
    methods: list[Method],
    docs: dict[str, Document],
    known_ids: set[str],
    researcher_ids: set[str],
    _unused: set[str],
    categories: dict[str, Category],
    today: dt.date,
    report: Report,
    base: Path | None = None,
) -> None:
    former_owner: dict[str, str] = {}
    for method in methods:
        doc = docs[method.path]

        def add(
            path: tuple[Any, ...], field: str, message: str, hint: str, severity: Severity = Severity.ERROR, doc: Document = doc
        ) -> None:
            pos = doc.where(path)
            report.add(Problem(doc.path, pos.line, pos.column, field, message, hint, severity))

        if method.year is not None and method.year > today.year:
            add(("year",), "year", f"year {method.year} is in the future", "use the year of the primary source")
        if method.source and method.source.year and method.source.year > today.year:
            add(("source", "year"), "source.year", f"year {method.source.year} is in the future", "use the publication year")
        if method.source and method.year and method.source.year and method.source.year != method.year:
            add(
                ("year",),
                "year",
                f"year {method.year} differs from source.year {method.source.year}",
                "the method's year is the year of its primary source",
            )
        for i, rid in enumerate(method.originators):
            if rid not in researcher_ids:
                add(
                    ("originators", i),
                    f"originators[{i}]",
                    f"unknown researcher '{rid}'",
                    f"create methods/researchers/{rid}.yaml or fix the id",
                )
        for i, rid in enumerate(method.popularized_by):
            if rid not in researcher_ids:
                add(
                    ("popularized_by", i),
                    f"popularized_by[{i}]",
                    f"unknown researcher '{rid}'",
                    f"create methods/researchers/{rid}.yaml or fix the id",
                )
        if categories and method.category not in categories:
            add(
                ("category",),
                "category",
                f"unknown category '{method.category}'",
                _suggest(method.category, list(categories), "methods/categories.yaml"),
            )
        seen_relations: set[tuple[str, str]] = set()
        for i, rel in enumerate(method.related):
            field = f"related[{i}].id"
            if rel.id == method.id:
                add(("related", i, "id"), field, "a method cannot relate to itself", "remove this relation")
            elif rel.id not in known_ids:
                add(("related", i, "id"), field, f"unknown method '{rel.id}'", _suggest(rel.id, sorted(known_ids), "the catalog"))
            if (rel.id, rel.type) in seen_relations:
                add(("related", i), f"related[{i}]", f"relation '{rel.type}' to '{rel.id}' is listed twice", "remove the repeated relation")
            seen_relations.add((rel.id, rel.type))
        if method.status == "deprecated" and method.replaced_by:
            if method.replaced_by == method.id:
                add(("replaced_by",), "replaced_by", "a method cannot replace itself", "name the method that replaces this one")
            elif method.replaced_by not in known_ids:
                add(
                    ("replaced_by",),
                    "replaced_by",
                    f"unknown method '{method.replaced_by}'",
                    _suggest(method.replaced_by, sorted(known_ids), "the catalog"),
                )
        elif method.replaced_by:
            add(
                ("replaced_by",),
                "replaced_by",
                "replaced_by is set but status is not `deprecated`",
                "set `status: deprecated` or remove replaced_by",
            )
        for i, old in enumerate(method.former_ids):
            if old in known_ids:
                add(("former_ids", i), f"former_ids[{i}]", f"'{old}' is the id of a current method", "a former id must not be reused")
            elif old in former_owner:
                add(
                    ("former_ids", i),
                    f"former_ids[{i}]",
                    f"'{old}' is already a former id of '{former_owner[old]}'",
                    "a former id belongs to one method",
                )
            former_owner[old] = method.id
        for path, text in _texts(method):
            for where, value in _languages(doc, path, text):
                if path[0] in PROSE_FIELDS or path[0] == "related":
                    report.extend(prose_problems(doc, where, value, base))
            if not text.de:
                add(
                    path,
                    field_name(path),
                    "German text missing",
                    "write it as `{en: ..., de: ...}`, in German as a German specialist would write it",
                    Severity.WARNING,
                )
        _check_verification(method, add)
        for path, url in _urls(method):
            reason = unpublishable(url, base)
            if reason:
                add(path, field_name(path), f"unpublishable source <{url}>: {reason}", CITE_THE_WORK)


def _texts(method: Method) -> Iterator[tuple[tuple[Any, ...], Text]]:
    """Every bilingual text of a method with its path in the file."""
    for field in ("origin_note", "name_rationale", *PROSE_FIELDS):
        value = getattr(method, field)
        if value is not None:
            yield (field,), value
    for i, alias in enumerate(method.aliases):
        if alias.note is not None:
            yield ("aliases", i, "note"), alias.note
    for i, rel in enumerate(method.related):
        if rel.note is not None:
            yield ("related", i, "note"), rel.note
    for i, wrong in enumerate(method.misattributed_to):
        yield ("misattributed_to", i, "note"), wrong.note
    if method.verification.note is not None:
        yield ("verification", "note"), method.verification.note


def _languages(doc: Document, path: tuple[Any, ...], text: Text) -> Iterator[tuple[tuple[Any, ...], str]]:
    """``(path, value)`` for each written language: a plain string is the English text at ``path``."""
    node: Any = doc.data
    for key in path:
        node = node[key]
    if isinstance(node, str):
        yield path, text.en
        return
    for lang in ("en", "de"):
        value = getattr(text, lang)
        if value:
            yield (*path, lang), value


def _urls(method: Method) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every URL a method publishes outside its prose, with its path in the file."""
    for i, checked in enumerate(method.verification.checked):
        yield ("verification", "checked", i, "url"), checked.url
    if method.source and method.source.url:
        yield ("source", "url"), method.source.url
    for i, ref in enumerate(method.references):
        if ref.url:
            yield ("references", i, "url"), ref.url
    for lang, url in method.wikipedia.items():
        yield ("wikipedia", lang), url
    for i, alias in enumerate(method.aliases):
        if alias.attested_in and alias.attested_in.startswith(("http://", "https://")):
            yield ("aliases", i, "attested_in"), alias.attested_in


LEVEL_NEEDS = {
    "primary-source": "record the DOI or publisher page (with text or abstract) or the author's copy you read, "
    "as `kind: primary`, or set the level the other sources support",
    "secondary": "record two independent publishable sources (on two different hosts) that agree on authors, year and title, "
    "or set `level: unverified` and `status: draft`",
}


def _check_verification(method: Method, add: Callable[..., None]) -> None:
    """The verification level must match the evidence recorded for it."""
    v = method.verification
    kinds = [c.kind for c in v.checked]
    hosts = {host_of(c.url) for c in v.checked}
    if v.level == "primary-source" and "primary" not in kinds:
        add(
            ("verification", "level"),
            "verification.level",
            "level primary-source, but no checked source is the primary work itself",
            LEVEL_NEEDS["primary-source"],
        )
    elif v.level == "secondary" and len(hosts) < 2:
        add(
            ("verification", "level"),
            "verification.level",
            f"level secondary rests on {len(hosts)} source host(s)",
            LEVEL_NEEDS["secondary"],
        )
    elif v.level == "disputed" and v.note is None:
        add(("verification", "level"), "verification.level", "level disputed without a note", "say in `verification.note` who claims what")
    if v.level == "unverified" and method.status == "stable":
        add(("status",), "status", f"status {method.status} with an unverified origin", "set `status: draft` until the origin is verified")


def _suggest(word: str, choices: list[str], where: str) -> str:
    match = process.extractOne(word, choices, score_cutoff=70) if choices else None
    return f"did you mean '{match[0]}'?" if match else f"use an id that exists in {where}"


def _check_terms(methods: list[Method], docs: dict[str, Document], report: Report) -> None:
    """Aliases must not be another method's canonical name; near-duplicates are warned about."""
    canonical: dict[str, Method] = {}
    for method in methods:
        key = normalize(method.name)
        if key in canonical:
            other = canonical[key]
            pos = docs[method.path].where(("name",))
            report.add(
                Problem(
                    method.path,
                    pos.line,
                    pos.column,
                    "name",
                    f"'{method.name}' is already the canonical name of '{other.id}' ({other.path})",
                    "one method per name: merge the entries or make this name an alias",
                )
            )
        else:
            canonical[key] = method
    for method in methods:
        doc = docs[method.path]
        own = normalize(method.name)
        entries: list[tuple[tuple[Any, ...], str, str]] = []
        if method.abbreviation:
            entries.append((("abbreviation",), "abbreviation", method.abbreviation))
        if method.name_de:
            entries.append((("names", "de"), "names.de", method.name_de))
        entries.extend((("aliases", i, "term"), f"aliases[{i}].term", alias.term) for i, alias in enumerate(method.aliases))
        seen: dict[str, str] = {}
        for path, field, term in entries:
            key = normalize(term)
            twin = canonical.get(key)
            if twin is not None and twin.id != method.id:
                pos = doc.where(path)
                report.add(
                    Problem(
                        doc.path,
                        pos.line,
                        pos.column,
                        field,
                        f"'{term}' is the canonical name of '{twin.id}' ({twin.path})",
                        "an alias must not name another method; relate the two methods instead",
                    )
                )
            elif field.startswith("aliases") and (key == own or key in seen):
                first = "the canonical name" if key == own else seen[key]
                pos = doc.where(path)
                report.add(
                    Problem(
                        doc.path, pos.line, pos.column, field, f"'{term}' repeats {first}", "remove the repeated alias", Severity.WARNING
                    )
                )
            seen.setdefault(key, field)


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """A name of one method that looks like a name of another, unrelated method.

    ``method`` is the newer entry (where the warning belongs), ``other`` the
    one it may copy; ``likeness`` says in words why the names look alike.
    """

    method: Method
    term: str
    other: Method
    other_term: str
    score: float
    likeness: str


BRAND_WORDS = 2
"""How many words a longer name may add to all the words of a shorter one and still count as a copy."""


def near_duplicates(methods: Iterable[Method], threshold: int = FUZZY_THRESHOLD) -> list[NearDuplicate]:
    """Names or aliases of *different, unrelated* methods that look alike: at most one per pair of methods.

    Two names look alike when their rapidfuzz ratio is at least ``threshold``
    (a spelling variant: "Net Promotor Score") or when the longer one is every
    word of the shorter one (two words or more) plus at most two words (a
    branded copy: "ACME Value Proposition Canvas"). Abbreviations and names
    under six characters are left out: they are too short to compare. Methods
    that already relate to each other (either side, any relation type) are
    left out too: their likeness is known and intended.
    """
    methods = list(methods)
    related = {frozenset((m.id, r.id)) for m in methods for r in m.related}
    labels: list[tuple[str, Method, str]] = []
    for method in methods:
        seen: set[str] = set()
        for term, kind in method.terms():
            key = normalize(term)
            if kind != "abbreviation" and len(key) >= 6 and key not in seen:
                seen.add(key)
                labels.append((key, method, term))
    labels.sort(key=lambda label: len(label[0]))
    keys = [label[0] for label in labels]
    lengths = [len(key) for key in keys]
    best: dict[frozenset[str], NearDuplicate] = {}

    def consider(i: int, j: int, score: float, likeness: str) -> None:
        (_, a, term_a), (_, b, term_b) = labels[i], labels[j]
        pair = frozenset((a.id, b.id))
        if a.id == b.id or keys[i] == keys[j] or pair in related:
            return  # the same method; an exact shared term (a disambiguation page); or a declared relation
        if _created(a) > _created(b):
            a, term_a, b, term_b = b, term_b, a, term_a
        found = NearDuplicate(b, term_b, a, term_a, score, likeness)
        if pair not in best or best[pair].score < score:
            best[pair] = found

    # Spelling variants. A ratio of at least `threshold` needs the longer key to be at most
    # (200 - threshold) / threshold times as long as the shorter: compare only within that window.
    for i, key in enumerate(keys):
        end = bisect_right(lengths, len(key) * (200 - threshold) / threshold)
        for _, score, offset in process.extract(key, keys[i + 1 : end], scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
            consider(i, i + 1 + offset, float(score), f"{score:.0f}% alike")
    # Branded copies: every word of a shorter name reappears in a longer one. Intersecting the
    # labels of each word, rarest first, keeps this linear in practice.
    having: dict[str, set[int]] = {}
    for i, key in enumerate(keys):
        for word in key.split():
            having.setdefault(word, set()).add(i)
    for i, key in enumerate(keys):
        words = set(key.split())
        if len(words) < 2:
            continue
        postings = sorted((having[word] for word in words), key=len)
        for j in set.intersection(*postings) - {i}:
            extra = [w for w in keys[j].split() if w not in words]
            if len(extra) <= BRAND_WORDS:
                consider(i, j, 100.0, f"the same words plus '{' '.join(extra)}'" if extra else "the same words in another order")
    return sorted(best.values(), key=lambda d: (d.method.path, d.other.path))


def _created(method: Method) -> tuple[str, str]:
    """When an entry was created (its oldest history date), then its id: the later of two is the newer entry."""
    return (min((str(entry.date) for entry in method.history), default=""), method.id)


def _check_broader_cycles(methods: list[Method], docs: dict[str, Document], report: Report) -> None:
    parents: dict[str, set[str]] = {}
    for method in methods:
        for rel in method.related:
            if rel.type == "broader":
                parents.setdefault(method.id, set()).add(rel.id)
            elif rel.type == "narrower":
                parents.setdefault(rel.id, set()).add(method.id)
    by_id = {m.id: m for m in methods}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    for start in sorted(parents):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(parents.get(start, ())))]
        trail = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                trail.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    first = by_id.get(cycle[0])
                    if first is not None:
                        pos = docs[first.path].where(("related",))
                        report.add(
                            Problem(
                                first.path,
                                pos.line,
                                pos.column,
                                "related",
                                "cycle along `broader`: " + " → ".join(cycle),
                                "a method cannot be broader than itself; remove one broader/narrower relation",
                            )
                        )
            elif not state.get(nxt):
                state[nxt] = 1
                trail.append(nxt)
                stack.append((nxt, sorted(parents.get(nxt, ()))))


def _check_unused_researchers(researchers: dict[str, Researcher], method_docs: list[tuple[Document, bool]], report: Report) -> None:
    used: set[str] = set()
    for doc, _ in method_docs:
        for key in ("originators", "popularized_by"):
            value = doc.data.get(key)
            if isinstance(value, list):
                used.update(v for v in value if isinstance(v, str))
    for researcher in researchers.values():
        if researcher.id not in used:
            report.add(
                Problem(
                    researcher.path,
                    1,
                    1,
                    "id",
                    f"researcher '{researcher.id}' is not an originator of any method",
                    "delete the file or add the researcher to a method",
                    Severity.WARNING,
                )
            )
