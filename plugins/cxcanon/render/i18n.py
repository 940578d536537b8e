"""The interface words of generated pages, in English and German.

Pages are written in English; `translate` gives the German of a message for the German
edition. A message is the English text itself (with ``{placeholders}``), so the code
reads as the English page does, and a test checks that every message used has German.
"""

from __future__ import annotations

LANGUAGES = ("en", "de")

GERMAN: dict[str, str] = {
    # method page: sections
    "Origin": "Herkunft",
    "Also known as": "Auch bekannt als",
    "Description": "Beschreibung",
    "Steps": "Vorgehen",
    "When to use": "Wann einsetzen",
    "Pitfalls": "Typische Fehler",
    "Relations": "Beziehungen",
    "References": "Literatur",
    "About this entry": "Über diesen Eintrag",
    "History": "Änderungen",
    # method page: origin
    "Originated by": "Begründet von",
    "no traceable originator": "kein nachweisbarer Urheber",
    "Year": "Jahr",
    "unknown": "unbekannt",
    "Primary source": "Primärquelle",
    "Popularised by": "Bekannt gemacht von",
    "Verification": "Prüfung",
    "Checked": "Geprüft",
    "Commonly misattributed to": "Häufig fälschlich zugeschrieben",
    # verification levels and status
    "Origin checked against the primary source": "Herkunft an der Primärquelle geprüft",
    "Origin checked in secondary sources": "Herkunft in Sekundärquellen geprüft",
    "Origin not verified": "Herkunft nicht geprüft",
    "Origin disputed": "Herkunft umstritten",
    "Draft: not yet reviewed": "Entwurf: noch nicht begutachtet",
    "draft": "Entwurf",
    "Deprecated entry": "Veralteter Eintrag",
    "deprecated": "veraltet",
    "origin unverified": "Herkunft ungeprüft",
    "origin disputed": "Herkunft umstritten",
    "Deprecated": "Veraltet",
    "This entry is deprecated: {where}.": "Dieser Eintrag ist veraltet: {where}.",
    "use {link} instead": "stattdessen {link} verwenden",
    "no replacement is recorded": "kein Ersatz verzeichnet",
    "Draft": "Entwurf",
    "This entry has not been reviewed yet; its details may change.": "Dieser Eintrag ist noch nicht begutachtet; Einzelheiten können sich ändern.",
    # method page: names
    "Abbreviation": "Abkürzung",
    "German name": "Deutscher Name",
    "English name": "Englischer Name",
    "Synonyms": "Synonyme",
    "Abbreviations": "Abkürzungen",
    "Translations": "Übersetzungen",
    "Branded names": "Markennamen",
    "Misnomers (common but wrong)": "Fehlbezeichnungen (verbreitet, aber falsch)",
    "Former names": "Frühere Namen",
    "a branded name for this method{who}": "ein Markenname für diese Methode{who}",
    ", used by {who}": ", verwendet von {who}",
    "used by {who}": "verwendet von {who}",
    "Why this name:": "Warum dieser Name:",
    "German:": "Deutsch:",
    "English:": "Englisch:",
    "(same as English)": "(wie im Englischen)",
    # method page: relations
    "Often confused with": "Häufig verwechselt mit",
    "Broader methods": "Übergeordnete Methoden",
    "Narrower methods": "Untergeordnete Methoden",
    "Variant of": "Variante von",
    "Based on": "Baut auf",
    "Related methods": "Verwandte Methoden",
    "Variants": "Varianten",
    "Methods based on this one": "Methoden, die hierauf aufbauen",
    "How it differs": "Der Unterschied",
    "Note": "Hinweis",
    # method page: footer
    "Category: {category}": "Kategorie: {category}",
    "Last changed: {date} · catalog version {version}": "Zuletzt geändert: {date} · Katalogversion {version}",
    "Catalog version {version}": "Katalogversion {version}",
    "catalog version {version}": "Katalogversion {version}",
    "Edit this entry": "Eintrag bearbeiten",
    "Report a problem": "Fehler melden",
    "Elsewhere:": "Anderswo:",
    # researcher page
    "Affiliation": "Institution",
    "Elsewhere": "Anderswo",
    "Web": "Web",
    "Methods originated": "Begründete Methoden",
    "year unknown": "Jahr unbekannt",
    "None in the catalog.": "Keine im Katalog.",
    "Methods popularised": "Bekannt gemachte Methoden",
    "{name}: methods originated, in the CX Canon catalog.": "{name}: begründete Methoden im CX-Canon-Katalog.",
    # term pages
    "the canonical name of": "der kanonische Name von",
    "an abbreviation of": "eine Abkürzung von",
    "the German name of": "der deutsche Name von",
    "another name for": "ein anderer Name für",
    "a translation of": "eine Übersetzung von",
    "a branded name for": "ein Markenname für",
    "a common but wrong name for": "eine verbreitete, aber falsche Bezeichnung für",
    "a former name of": "ein früherer Name von",
    "a branded name used by {who} for": "ein Markenname von {who} für",
    "{term} is the canonical name: see ": "{term} ist der kanonische Name: siehe ",
    "{term} is {phrase} ": "{term} ist {phrase} ",
    "This entry moved to ": "Dieser Eintrag ist umgezogen: ",
    "{name} · moved": "{name} · umgezogen",
    "{term} names more than one method. Which one do you mean?": "{term} bezeichnet mehr als eine Methode. Welche ist gemeint?",
    "“{term}” is {phrase} it.": "„{term}“ ist {phrase} diese Methode.",
    "“{term}” is {phrase} each of them.": "„{term}“ ist {phrase} jeder dieser Methoden.",
    "{label} (disambiguation)": "{label} (Begriffsklärung)",
    "{label} names {count} methods.": "{label} bezeichnet {count} Methoden.",
    "origin unknown": "Herkunft unbekannt",
    # indexes
    "All names A–Z": "Alle Namen A–Z",
    "Every name in the catalog. Canonical names are upright; other names — synonyms, abbreviations, German and branded names — "
    "are in <em>italics</em> with an arrow to the canonical name.": "Jeder Name im Katalog. Kanonische Namen stehen aufrecht; andere Namen – "
    "Synonyme, Abkürzungen, deutsche und Markennamen – <em>kursiv</em> mit einem Pfeil zum kanonischen Namen.",
    "Every name of every method: canonical names and their aliases.": "Jeder Name jeder Methode: kanonische Namen und ihre Aliasse.",
    "This name has several meanings": "Dieser Name hat mehrere Bedeutungen",
    "(ambiguous)": "(mehrdeutig)",
    "Show names in": "Namen zeigen auf",
    "all languages": "allen Sprachen",
    "English": "Englisch",
    "German": "Deutsch",
    "Methods by category": "Methoden nach Kategorie",
    "Every method of the catalog, grouped by category.": "Alle Methoden des Katalogs, nach Kategorie geordnet.",
    "Methods by researcher": "Methoden nach Urheber",
    "Every originator in the catalog with the methods they originated.": "Alle Urheberinnen und Urheber im Katalog mit ihren Methoden.",
    "Without a traceable originator": "Ohne nachweisbaren Urheber",
    "Timeline": "Zeitleiste",
    "Methods by the year of their primary source.": "Methoden nach dem Jahr ihrer Primärquelle.",
    "Year unknown": "Jahr unbekannt",
    "Customer-experience methods by year of origin.": "Customer-Experience-Methoden nach Entstehungsjahr.",
    # home page
    "methods": "Methoden",
    "distinct names that lead to them": "verschiedene Namen führen dorthin",
    "branded names unmasked": "Markennamen aufgedeckt",
    "originators named": "Urheber benannt",
    "of methods with a traceable originator": "der Methoden mit nachweisbarem Urheber",
    "origins checked in sources": "Herkünfte in Quellen geprüft",
    "Look up any name — English, German, branded or abbreviated": "Jeden Namen nachschlagen – englisch, deutsch, als Marke oder abgekürzt",
    "e.g. Kundenreise, TCJG Customer Value Proposition Canvas, NPS": "z. B. Kundenreise, TCJG Customer Value Proposition Canvas, NPS",
    "Press <kbd>/</kbd> anywhere to search;{hint}.": "Mit <kbd>/</kbd> überall suchen;{hint}.",
    " e.g. {example}": " z. B. {example}",
    # cite block
    "Cite this": "Zitieren",
    "To quote this definition, cite the entry: catalog version <strong>{version}</strong>, {changed}. "
    "The permalink never changes. To credit the method, cite its primary source.": "Wer diese Definition zitiert, zitiert den Eintrag: "
    "Katalogversion <strong>{version}</strong>, {changed}. Der Permalink ändert sich nie. Wer die Methode würdigt, zitiert ihre Primärquelle.",
    "last changed <time>{date}</time>": "zuletzt geändert am <time>{date}</time>",
    "no recorded change": "keine verzeichnete Änderung",
    "Cite this entry": "Diesen Eintrag zitieren",
    "Cite the primary source": "Die Primärquelle zitieren",
    "No primary source is recorded for this method.": "Für diese Methode ist keine Primärquelle verzeichnet.",
    "both citations": "beide Zitate",
    "the citation": "das Zitat",
    "Download {which} for a reference manager: {links}": "{which} für die Literaturverwaltung herunterladen: {links}",
    "Copy": "Kopieren",
    # the concept box and status
    "At a glance": "Auf einen Blick",
    "Name": "Name",
    "Names": "Namen",
    "Other names": "Weitere Namen",
    "Status": "Status",
    "English and German": "Englisch und Deutsch",
    "The primary work itself was read: who introduced this method, when and where is confirmed there.": "Das Originalwerk "
    "wurde gelesen: Wer die Methode wann und wo eingeführt hat, ist dort belegt.",
    "Two independent sources agree on who introduced this method, when and where.": "Zwei unabhängige Quellen stimmen "
    "überein, wer die Methode wann und wo eingeführt hat.",
    "Who introduced this method, and when, has not been checked in reliable sources yet.": "Wer die Methode wann eingeführt "
    "hat, ist noch nicht in verlässlichen Quellen geprüft.",
    "Reliable sources disagree about the origin of this method; the Origin section says who claims what.": "Verlässliche "
    "Quellen sind sich über die Herkunft uneinig; der Abschnitt Herkunft sagt, wer was behauptet.",
    # hatnotes and comparison pages
    "“{term}” also means {other}": "„{term}“ bezeichnet auch {other}",
    "Not to be confused with {other}": "Nicht zu verwechseln mit {other}",
    "Compare side by side": "Im Vergleich",
    "{a} vs {b}": "{a} und {b} im Vergleich",
    "Definition": "Definition",
    "Category": "Kategorie",
    "These methods are often confused. The table compares what the catalog records about each.": "Diese Methoden werden häufig "
    "verwechselt. Die Tabelle stellt gegenüber, was der Katalog zu jeder verzeichnet.",
    "How they differ": "Worin sie sich unterscheiden",
    "Often confused: {names}.": "Häufig verwechselt: {names}.",
    "Often confused": "Häufig verwechselt",
    "Methods that practitioners often mix up, compared side by side.": "Methoden, die in der Praxis oft durcheinandergeraten – "
    "im direkten Vergleich.",
    # the name checker
    "Name checker": "Namensprüfung",
    "Paste a text — a slide, a proposal, a post, up to a book chapter, in English or German. Every method it names is marked, "
    "and listed with its canonical name, originators and year. Branded names, misnomers and former names can be replaced by the "
    "canonical name.": "Fügen Sie einen Text ein – eine Folie, ein Angebot, einen Beitrag, bis hin zu einem Buchkapitel, auf Deutsch "
    "oder Englisch. Jede Methode, die er nennt, wird markiert und mit kanonischem Namen, Urhebern und Jahr aufgeführt. Markennamen, "
    "Fehlbezeichnungen und frühere Namen lassen sich durch den kanonischen Namen ersetzen.",
    "Your text stays in your browser: it is checked on this page and sent nowhere.": "Ihr Text bleibt in Ihrem Browser: Er wird auf "
    "dieser Seite geprüft und nirgendwohin gesendet.",
    "Your text": "Ihr Text",
    "Your text, marked": "Ihr Text, markiert",
    "Methods named": "Genannte Methoden",
    "Canonical version": "Kanonische Fassung",
    "add originator and year after each replaced name": "nach jedem ersetzten Namen Urheber und Jahr ergänzen",
    "Your text with canonical names": "Ihr Text mit kanonischen Namen",
    "Copy the canonical version": "Kanonische Fassung kopieren",
    "Check a text for the names of customer-experience methods.": "Einen Text auf die Namen von Customer-Experience-Methoden prüfen.",
    "canonical name": "kanonischer Name",
    "synonym": "Synonym",
    "abbreviation": "Abkürzung",
    "translation": "Übersetzung",
    "branded name": "Markenname",
    "misnomer": "Fehlbezeichnung",
    "former name": "früherer Name",
    "ambiguous": "mehrdeutig",
}


def translate(lang: str, message: str, **values: object) -> str:
    """``message`` in ``lang`` (English as written; German from `GERMAN`), with ``values`` filled in."""
    wording = GERMAN.get(message, message) if lang == "de" else message
    return wording.format(**values) if values else wording
