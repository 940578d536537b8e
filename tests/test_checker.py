"""The name checker: the shared cases hold for the Python matcher; the data file carries what the page needs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import yaml

from cxcanon import load_catalog
from cxcanon.linking.checker import KINDS, checker_data, findings
from cxcanon.linking.matcher import Matcher

FIXTURES = Path(__file__).parent / "fixtures"
CASES = yaml.safe_load((FIXTURES / "checker_cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalog(FIXTURES / "linking"))


@pytest.mark.parametrize("case", CASES, ids=[case["text"][:40] for case in CASES])
def test_shared_cases_hold_for_the_python_matcher(matcher: Matcher, case: dict) -> None:
    assert [f[2:] for f in findings(matcher, case["text"])] == case["findings"]


def test_every_kind_has_a_case() -> None:
    kinds = {finding[1] for case in CASES for finding in case["findings"]}
    assert kinds == set(KINDS) - {"abbreviation"}  # the fixture catalog has no alias of kind abbreviation


def test_the_data_file_carries_the_matchers_table_and_the_methods(matcher: Matcher) -> None:
    catalog = matcher.catalog
    data = checker_data(catalog, matcher, lang="de", url=lambda mid: f"methods/{mid}/")
    assert data["forms"] == matcher.table()["forms"]
    assert data["methods"]["customer-journey"][0] == "Kundenreise"  # the name in the page's language
    assert data["methods"]["customer-journey"][1] == "Customer Journey"  # the canonical name replaces branded ones
    assert data["methods"]["customer-journey"][3] == "methods/customer-journey/"
    site = load_catalog(FIXTURES / "site")
    # GC names gamma-canvas and delta-score; only a stated difference of two methods sharing a name is shipped
    differences = checker_data(site, Matcher(site), lang="en", url=str)["differences"]
    assert set(differences) <= {"delta-score|gamma-canvas"}
    assert "epsilon-model|gamma-canvas" not in differences
    size = len(gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()))
    assert size < 20_000
