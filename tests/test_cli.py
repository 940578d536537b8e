"""The cxcanon command line, run in-process with real catalogs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cxcanon.catalog import validate_catalog
from cxcanon.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys, base_catalog: Path) -> None:
    code, _, err = run(capsys, "validate", str(base_catalog))
    assert code == 0
    assert "ok: 3 files, 0 error(s), 0 warning(s); 2 methods, 1 researchers" in err
    assert "Shared Alias → alpha-method, beta-method" in err


def test_validate_reports_errors_with_exit_1(capsys, overlay) -> None:
    root = overlay("unknown-field")
    code, out, err = run(capsys, "validate", str(root))
    assert code == 1
    assert f"{root / 'unknown-field.yaml'}:18:1: nmae: unknown field 'nmae' — did you mean 'name'?" in out
    assert "failed:" in err


def test_validate_json_and_github_formats(capsys, overlay) -> None:
    root = overlay("bad-category")
    code, out, _ = run(capsys, "validate", str(root), "--format", "json")
    [problem] = json.loads(out)
    assert code == 1
    assert problem["line"] == 13 and problem["field"] == "category" and problem["severity"] == "error"
    code, out, _ = run(capsys, "validate", str(root), "--format", "github")
    assert out.startswith(f"::error file={root / 'bad-category.yaml'},line=13,col=11::category: unknown category 'mesurement'")


def test_strict_fails_on_warnings(capsys, base_catalog: Path) -> None:
    (base_catalog / "researchers" / "roe-richard.yaml").write_text("id: roe-richard\nname: Richard Roe\n", encoding="utf-8")
    assert run(capsys, "validate", str(base_catalog))[0] == 0
    assert run(capsys, "validate", str(base_catalog), "--strict")[0] == 1


def test_validate_missing_folder(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "nope"))
    assert code == 1 and "catalog folder not found" in out


def test_new_writes_a_valid_skeleton(capsys, base_catalog: Path) -> None:
    code, out, _ = run(capsys, "new", "Service Safari", "--catalog", str(base_catalog), "--category", "research")
    assert code == 0 and "service-safari.yaml" in out
    text = (base_catalog / "service-safari.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema/method.schema.json\nid: service-safari\nname: Service Safari\n")
    result = validate_catalog(base_catalog)
    assert result.catalog is not None, result.report.render()
    assert result.catalog.method("service-safari").status == "draft"


def test_new_warns_about_close_names_before_writing(capsys, base_catalog: Path) -> None:
    code, _, err = run(capsys, "new", "Alpha Methods", "--catalog", str(base_catalog))
    assert code == 0
    assert "warning: 'Alpha Methods' is close to 'alpha-method' (Alpha Method)" in err
    assert (base_catalog / "alpha-methods.yaml").exists()


def test_new_refuses_an_existing_name_or_file(capsys, base_catalog: Path) -> None:
    code, _, err = run(capsys, "new", "first method", "--catalog", str(base_catalog))
    assert code == 1 and "already names 'alpha-method'" in err
    code, _, err = run(capsys, "new", "Alpha Method", "--id", "beta-method", "--catalog", str(base_catalog))
    assert code == 1 and "exists already" in err


def test_show_resolves_any_name(capsys, base_catalog: Path) -> None:
    code, out, _ = run(capsys, "show", "beta", "BRAND-canvas", "--catalog", str(base_catalog))
    assert code == 0
    assert out.startswith("'Beta Brand Canvas' is a branded name, used by Example Consulting for:\n\nBeta Method\n")
    code, out, _ = run(capsys, "show", "AM", "--catalog", str(base_catalog))
    assert "Originators: Jane Doe" in out and "Year:        1999" in out
    assert "Source:      Doe, J. (1999). On the alpha method. Journal of Fixtures, 1(2), 1-10." in out


def test_show_lists_candidates_of_ambiguous_terms(capsys, base_catalog: Path) -> None:
    code, out, _ = run(capsys, "show", "shared-alias", "--catalog", str(base_catalog))
    assert code == 0
    assert "'shared-alias' is ambiguous; it names 2 methods" in out
    assert "Alpha Method (alpha-method) — Doe, 1999" in out and "Beta Method (beta-method)" in out


def test_show_unknown_term_exits_2_with_closest(capsys, base_catalog: Path) -> None:
    code, _, err = run(capsys, "show", "alpha metod", "--catalog", str(base_catalog))
    assert code == 2
    assert "'alpha metod' is not in the catalog" in err and "closest: Alpha Method (alpha-method)" in err
    assert err.count("(alpha-method)") == 1, "one suggestion per method"


def test_show_on_a_broken_catalog_explains(capsys, overlay) -> None:
    code, _, err = run(capsys, "show", "AM", "--catalog", str(overlay("dup-key")))
    assert code == 1 and "duplicate key 'name'" in err and "Traceback" not in err


def test_stats(capsys, base_catalog: Path) -> None:
    code, out, _ = run(capsys, "stats", "--format", "json", "--catalog", str(base_catalog))
    stats = json.loads(out)
    assert code == 0
    assert stats["methods"] == 2 and stats["researchers"] == 1
    assert stats["aliases_by_kind"]["branded"] == 1 and stats["aliases"] == 4
    assert stats["verification"] == {"primary-source": 0, "secondary": 1, "unverified": 1, "disputed": 0}
    assert stats["ambiguous_terms"] == 1


def test_python_dash_m_runs_the_cli(base_catalog: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cxcanon", "validate", str(base_catalog)], capture_output=True, text=True)
    assert result.returncode == 0 and "0 error(s)" in result.stderr
