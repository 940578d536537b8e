"""The name checker page ``/check/``: a text box whose text is marked in the reader's browser.

The page is static HTML; ``docs/assets/cxcanon-check.js`` does the work from the data file
`CHECK_DATA_PATH` (see `cxcanon.linking.checker`). The text never leaves the page.
"""

from __future__ import annotations

from ..linking.checker import KINDS
from .markup import front_matter
from .site import PageContext

CHECK_PATH = "check/index.md"
CHECK_DATA_PATH = "assets/cxcanon-check.json"

KIND_LEGEND = {
    "canonical": "canonical name",
    "synonym": "synonym",
    "abbreviation": "abbreviation",
    "translation": "translation",
    "branded": "branded name",
    "misnomer": "misnomer",
    "former": "former name",
    "ambiguous": "ambiguous",
}


def render_check(ctx: PageContext) -> str:
    """The checker page in the page's language."""
    t = ctx.t
    legend = " ".join(f'<span class="cxc-mark cxc-mark--{kind}">{t(KIND_LEGEND[kind])}</span>' for kind in KINDS)
    body = f"""# {t("Name checker")}

<div class="cxc-checker" data-cxcanon-checker>
<p>{t("Paste a text — a slide, a proposal, a post, up to a book chapter, in English or German. Every method it names is marked, and listed with its canonical name, originators and year. Branded names, misnomers and former names can be replaced by the canonical name.")}</p>
<p class="cxc-check-privacy">{t("Your text stays in your browser: it is checked on this page and sent nowhere.")}</p>
<label class="cxc-check-label" for="cxc-check-input">{t("Your text")}</label>
<textarea id="cxc-check-input" class="cxc-check-input" rows="10" spellcheck="false" data-cxcanon-input></textarea>
<p class="cxc-check-status" role="status" aria-live="polite" data-cxcanon-status></p>
<p class="cxc-check-legend" aria-hidden="true">{legend}</p>
<h2 id="marked">{t("Your text, marked")}</h2>
<div class="cxc-check-marked" data-cxcanon-marked></div>
<h2 id="findings">{t("Methods named")}</h2>
<ul class="cxc-check-findings" data-cxcanon-findings></ul>
<h2 id="canonical">{t("Canonical version")}</h2>
<p><label><input type="checkbox" data-cxcanon-with-origin> {t("add originator and year after each replaced name")}</label></p>
<label class="cxc-check-label" for="cxc-check-output">{t("Your text with canonical names")}</label>
<textarea id="cxc-check-output" class="cxc-check-output" rows="6" readonly data-cxcanon-canonical></textarea>
<p><button type="button" class="md-button md-button--primary" data-cxcanon-copy>{t("Copy the canonical version")}</button></p>
</div>
"""
    meta = {"title": t("Name checker"), "description": t("Check a text for the names of customer-experience methods."), "autolink": False}
    return front_matter(meta) + body
