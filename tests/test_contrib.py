"""The contributor workflow: near-duplicate protection, GitHub files, pre-commit, guide and licences."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml

from cxcanon.catalog import near_duplicates, validate_catalog
from cxcanon.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
GITHUB = REPO / ".github"
FORMS = GITHUB / "ISSUE_TEMPLATE"
WORKFLOWS = GITHUB / "workflows"


# --- near-duplicate names -------------------------------------------------------------


@pytest.fixture
def near_duplicate_case(tmp_path: Path):
    """The base fixture catalog with the files of one near-duplicate case copied over it."""

    def apply(case: str) -> Path:
        target = tmp_path / "methods"
        shutil.copytree(FIXTURES / "base", target)
        shutil.copytree(FIXTURES / "near_duplicates" / case, target, dirs_exist_ok=True)
        return target

    return apply


# case → (file warned about, field, line, the other method's file, how alike) or None for no warning
NEAR_DUPLICATE_CASES: list[tuple[str, tuple[str, str, int, str, str] | None]] = [
    ("branded-copy", ("acme-alpha-method.yaml", "name", 3, "alpha-method.yaml", "the same words plus 'acme'")),
    ("misspelled-alias", ("gamma-canvas.yaml", "aliases[0].term", 5, "alpha-method.yaml", "96% alike")),
    ("reordered-words", ("method-alpha.yaml", "name", 3, "alpha-method.yaml", "the same words in another order")),
    ("confused-with", None),
    ("variant-of", None),
    ("relation-on-existing-side", None),
    ("different-names", None),
    ("below-threshold", None),
    ("three-added-words", None),
    ("one-word-name", None),
]


@pytest.mark.parametrize(("case", "expected"), NEAR_DUPLICATE_CASES, ids=[case for case, _ in NEAR_DUPLICATE_CASES])
def test_validate_warns_about_near_duplicates_naming_both_files(
    near_duplicate_case, capsys: pytest.CaptureFixture[str], case: str, expected: tuple[str, str, int, str, str] | None
) -> None:
    catalog = near_duplicate_case(case)
    status = main(["validate", str(catalog)])
    out = capsys.readouterr().out
    assert status == 0, out  # a warning alone does not fail
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    if expected is None:
        assert warnings == []
        return
    filename, field, line, other, likeness = expected
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{catalog / filename}:{line}:")
    assert f": warning: {field}: " in warnings[0]
    assert f"in {catalog / other} ({likeness})" in warnings[0]


def test_strict_validation_fails_on_a_near_duplicate(near_duplicate_case, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = near_duplicate_case("branded-copy")
    assert main(["validate", str(catalog), "--strict"]) == 1
    assert "failed:" in capsys.readouterr().err
    assert main(["validate", str(catalog), "--strict", "--no-fuzzy"]) == 0


def test_github_annotation_of_a_near_duplicate_points_at_the_new_file(near_duplicate_case, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = near_duplicate_case("branded-copy")
    main(["validate", str(catalog), "--format", "github"])
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"::warning file={catalog / 'acme-alpha-method.yaml'},line=3,col=7::name: 'ACME Alpha Method' looks like")
    assert str(catalog / "alpha-method.yaml") in line


def test_near_duplicates_reports_one_warning_per_pair_at_the_newer_entry(near_duplicate_case) -> None:
    catalog = near_duplicate_case("branded-copy")
    (found,) = near_duplicates(validate_catalog(catalog).methods)
    # acme-alpha-method sorts before alpha-method by id, but it was created later (history)
    assert (found.method.id, found.term, found.other.id, found.other_term) == (
        "acme-alpha-method",
        "ACME Alpha Method",
        "alpha-method",
        "Alpha Method",
    )


def test_the_shipped_catalog_has_no_unrelated_near_duplicates() -> None:
    methods = validate_catalog(REPO / "methods").methods
    found = [f"{d.method.path}: {d.term!r} ~ {d.other.path}: {d.other_term!r}" for d in near_duplicates(methods)]
    assert found == []


# --- workflows: they parse and call only commands that exist ---------------------------------


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads the bare key `on` as True
    assert isinstance(triggers, dict)
    return triggers


def _steps(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_id, step


def _run_lines(workflow: dict[str, Any]) -> list[str]:
    lines = []
    for _, step in _steps(workflow):
        if "run" in step:
            text = step["run"].replace("\\\n", " ")
            lines += [line.strip() for line in text.splitlines() if line.strip()]
    return lines


def _script_commands(script: Path) -> set[str]:
    """The subcommands a contributor script documents in its usage docstring (``python3 scripts/x.py CMD``)."""
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    return set(re.findall(rf"python3 scripts/{re.escape(script.name)} (\w+)", doc))


def command_problem(line: str) -> str | None:
    """Why a shell command line would not run in this repository, or None when it would."""
    words = shlex.split(line, comments=True)
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
        words.pop(0)  # VAR=value prefixes
    if not words:
        return None
    program, args = words[0], words[1:]
    if program == "cxcanon":
        try:
            build_parser().parse_args(args)
        except SystemExit:
            return f"`{line}`: cxcanon does not accept these arguments"
        return None
    if program in ("mkdocs", "properdocs"):
        module = importlib.import_module(f"{program}.__main__")
        command = module.cli.get_command(None, args[0]) if args else None
        if command is None:
            return f"`{line}`: {program} has no such subcommand"
        options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        unknown = [arg for arg in args[1:] if arg.startswith("-") and arg.split("=")[0] not in options]
        return f"`{line}`: {program} {args[0]} has no option {unknown}" if unknown else None
    if program in ("python", "python3"):
        if args[:3] == ["-m", "pip", "install"]:
            return None
        script = REPO / args[0] if args else REPO
        if not script.is_file() or script.suffix != ".py":
            return f"`{line}`: no such script"
        if len(args) > 1 and args[1] not in _script_commands(script):
            return f"`{line}`: {args[0]} has no command {args[1]!r}"
        return None
    if program == "apt-get" and args[:1] in (["update"], ["install"]):
        return None
    return f"`{line}`: unknown program {program!r}"


def _readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Run the whole test suite.*?```\n(.+?)\n```", readme, re.S)
    assert match, "README.md documents the test command"
    return match.group(1).strip()


@pytest.mark.parametrize("workflow", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_workflow_parses_and_calls_only_commands_that_exist(workflow: str) -> None:
    data = _yaml(WORKFLOWS / workflow)
    assert data["name"] and data["jobs"]
    _triggers(data)
    problems = [p for line in _run_lines(data) if (p := command_problem(line))]
    assert problems == []
    for _, step in _steps(data):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), (
                f"{step['uses']}: use GitHub's official actions, pinned to a major version"
            )


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("cxcanon validate --format github --strict", True),
        ("cxcanon validate --format xml", False),
        ("cxcanon publish", False),
        ("mkdocs build --strict --site-dir site", True),
        ("properdocs build --strict", True),
        ("mkdocs build --stirct", False),
        ("mkdocs deploy", False),
        ("python3 scripts/dev.py test", True),
        ("python3 scripts/dev.py lint", False),
        ("python3 scripts/missing.py test", False),
        ("DEBIAN_FRONTEND=noninteractive apt-get install -y chromium", True),
        ("curl https://example.org | sh", False),
    ],
)
def test_the_command_check_itself(line: str, ok: bool) -> None:
    assert (command_problem(line) is None) is ok


def test_ci_validates_builds_both_ways_and_runs_the_readme_test_command() -> None:
    ci = _yaml(WORKFLOWS / "ci.yml")
    triggers = _triggers(ci)
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    lines = _run_lines(ci)
    assert "cxcanon validate --format github --strict" in lines
    assert any(line.startswith("mkdocs build --strict") for line in lines)
    assert any(line.startswith("properdocs build --strict") for line in lines)
    tests = ci["jobs"]["tests"]
    assert _readme_test_command() in _run_lines({"jobs": {"tests": tests}})
    assert tests["env"]["CXCANON_REQUIRE_BROWSER"] == "1", "in CI a missing browser must fail the browser tests"
    assert "bookworm" in tests["container"]["image"], "Debian, where `apt-get install chromium` is the real browser"
    assert any("apt-get install" in line and "chromium" in line for line in _run_lines({"jobs": {"tests": tests}}))


def test_pages_deploys_the_strict_build_from_main_with_the_official_actions() -> None:
    pages = _yaml(WORKFLOWS / "pages.yml")
    assert _triggers(pages)["push"]["branches"] == ["main"]
    uses = [step["uses"].split("@")[0] for _, step in _steps(pages) if "uses" in step]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    build = pages["jobs"]["build"]
    assert any(line.startswith("mkdocs build --strict") for line in _run_lines({"jobs": {"build": build}}))
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert pages["permissions"] == {"contents": "read"}, "only the deploy job may write"


# --- issue forms, pull request template, CODEOWNERS --------------------------------------

ELEMENT = {
    "type": "object",
    "required": ["type", "attributes"],
    "properties": {
        "type": {"enum": ["markdown", "input", "textarea", "dropdown", "checkboxes"]},
        "id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
        "attributes": {"type": "object"},
        "validations": {"type": "object", "additionalProperties": False, "properties": {"required": {"type": "boolean"}}},
    },
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "markdown"}}},
            "then": {"properties": {"attributes": {"required": ["value"]}}, "not": {"required": ["validations"]}},
            "else": {"required": ["id"], "properties": {"attributes": {"required": ["label"]}}},
        },
        {
            "if": {"properties": {"type": {"enum": ["dropdown", "checkboxes"]}}},
            "then": {"properties": {"attributes": {"required": ["options"], "properties": {"options": {"type": "array", "minItems": 1}}}}},
        },
    ],
}
ISSUE_FORM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "description", "body"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "title": {"type": "string"},
        "labels": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "assignees": {"type": "array", "items": {"type": "string"}},
        "projects": {"type": "array", "items": {"type": "string"}},
        "type": {"type": "string"},
        "body": {"type": "array", "minItems": 1, "items": ELEMENT},
    },
}
FORM_NAMES = ["add-method.yml", "wrong-attribution.yml", "confusing-name.yml", "bug.yml"]


@pytest.mark.parametrize("form", FORM_NAMES)
def test_issue_form_is_valid(form: str) -> None:
    data = _yaml(FORMS / form)
    jsonschema.validate(data, ISSUE_FORM)
    ids = [element["id"] for element in data["body"] if "id" in element]
    assert len(ids) == len(set(ids)), "field ids must be unique"
    assert any(element.get("validations", {}).get("required") for element in data["body"]), "a form asks for something"


def test_issue_chooser_offers_only_the_forms() -> None:
    config = _yaml(FORMS / "config.yml")
    assert config["blank_issues_enabled"] is False
    for link in config["contact_links"]:
        assert set(link) == {"name", "url", "about"} and link["url"].startswith("https://")
    assert sorted(p.name for p in FORMS.glob("*.yml") if p.name != "config.yml") == sorted(FORM_NAMES)


def test_report_a_problem_link_opens_the_wrong_attribution_form_naming_the_method() -> None:
    from cxcanon.catalog import load_catalog

    site_module = pytest.importorskip("cxcanon.render.site")
    repo_url = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)["repo_url"]
    method = load_catalog(FIXTURES / "base").methods["alpha-method"]
    url = site_module.Site(repo_url=repo_url).report_url(method)
    query = parse_qs(urlsplit(url).query)
    form = _yaml(FORMS / query["template"][0])
    assert "alpha-method" in query["title"][0]
    fields = {element["id"] for element in form["body"] if "id" in element}
    assert "method" in fields, "the form has a field for the method id"
    prefilled = set(query) - {"template", "title", "labels", "assignees", "projects", "milestone"}
    assert prefilled <= fields, "every prefilled parameter names a field of the form"


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` tags the safe loader does not know."""


_MkDocsLoader.add_constructor("!ENV", lambda loader, node: None)


def test_pull_request_template_carries_the_review_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 8
    for must in ("cxcanon validate --strict", "verification.checked", "primary-source", "confused-with", "coined_by"):
        assert must in text


def test_codeowners_require_a_review_of_catalog_changes() -> None:
    rules = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    owners = {rule[0]: rule[1:] for rule in rules}
    assert owners.get("/methods/"), "every change under methods/ has an owner"
    assert all(owner.startswith("@") for rule in rules for owner in rule[1:])


# --- the contributing guide --------------------------------------------------------------


def test_the_guide_in_the_repository_and_on_the_site_are_the_same() -> None:
    assert (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8") == (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    nav = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)["nav"]
    assert {"Contributing": "contributing.md"} in nav


def _guide_commands(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S) + re.findall(r"`([^`\n]+)`", text)
    return [line.strip() for block in blocks for line in block.splitlines() if re.match(r"\s*(cxcanon |python3 scripts/)", line)]


@pytest.mark.parametrize("path", ["CONTRIBUTING.md", ".github/pull_request_template.md"])
def test_commands_in_the_guide_exist(path: str) -> None:
    commands = _guide_commands(REPO / path)
    assert commands
    problems = [p for line in commands if (p := command_problem(line.replace('"<name>"', "x")))]
    assert problems == []


def test_guide_covers_the_workflow_the_issue_asks_for() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in (
        "## Add a method, step by step",
        "## What a good entry contains",
        "## Choosing the canonical name",
        "## Recording a branded name",
        "## Reporting a wrong attribution",
        "## Review checklist",
    ):
        assert heading in text
    for command in ('cxcanon new "', "cxcanon validate", "python3 scripts/dev.py serve"):
        assert command in text


# --- licences -----------------------------------------------------------------------------


def test_licences_are_stated_in_files_readme_and_site_footer() -> None:
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    content = (REPO / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert "CC BY 4.0" in content and "https://creativecommons.org/licenses/by/4.0/" in content
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "CC BY 4.0" in readme and "LICENSE-CONTENT" in readme
    footer = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)["copyright"]
    assert "MIT" in footer and "CC BY 4.0" in footer


# --- yamllint and pre-commit --------------------------------------------------------------


def test_yamllint_config_matches_our_files() -> None:
    pytest.importorskip("yamllint")
    targets = ["methods", "tests/fixtures", ".github", ".pre-commit-config.yaml", ".yamllint", "mkdocs.yml"]
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", ".yamllint", *targets], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hooks_are_all_local() -> None:
    config = _yaml(REPO / ".pre-commit-config.yaml")
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert {"method-schema", "researcher-schema", "yamllint", "ruff-check", "cxcanon-validate"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] in ("python", "system")
        for requirement in hook.get("additional_dependencies", ()):
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", requirement), f"{requirement}: pin the version"
    assert "methods/schema/method.schema.json" in hooks["method-schema"]["entry"]
    assert "methods/schema/researcher.schema.json" in hooks["researcher-schema"]["entry"]
    assert command_problem(hooks["cxcanon-validate"]["entry"]) is None


IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "site", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "*.egg-info"
)


def _repository_copy(target: Path, catalog: Path | None) -> Path:
    """A fresh Git repository with the working tree's files; ``catalog`` replaces the method files."""
    shutil.copytree(REPO, target, ignore=IGNORED)
    if catalog is not None:
        methods = target / "methods"
        for path in methods.glob("*.yaml"):
            if path.name not in ("catalog.yaml", "categories.yaml"):
                path.unlink()
        shutil.rmtree(methods / "researchers", ignore_errors=True)
        shutil.copytree(catalog, methods, dirs_exist_ok=True)
    git = ["git", "-c", "init.defaultBranch=main", "-c", "core.hooksPath=/dev/null"]
    subprocess.run([*git, "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    return target


def _require_pre_commit() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (it comes with the test extras: pip install -e '.[test]')")


def _pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    # `cxcanon validate` is a `language: system` hook: it must find the cxcanon of this environment
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.precommit
@pytest.mark.parametrize("catalog", ["fixture", "shipped"])
def test_pre_commit_run_all_files_passes(tmp_path: Path, catalog: str) -> None:
    _require_pre_commit()
    if catalog == "shipped":
        report = validate_catalog(REPO / "methods").report
        if report.failed(strict=True):
            pytest.skip(
                f"the shipped catalog does not pass `cxcanon validate --strict` right now ({len(report.errors)} error(s), "
                f"{len(report.warnings)} warning(s); test_shipped_catalog shows them); the fixture case runs the hooks"
            )
    result = _pre_commit(_repository_copy(tmp_path / "repo", FIXTURES / "base" if catalog == "fixture" else None))
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("method files match", "researcher files match", "yamllint", "ruff check", "cxcanon validate"):
        assert re.search(rf"{hook}.*Passed", result.stdout), f"hook {hook!r} did not run:\n{result.stdout}"


@pytest.mark.precommit
def test_pre_commit_stops_a_method_file_with_an_unknown_field(tmp_path: Path) -> None:
    _require_pre_commit()
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "base", catalog)
    shutil.copytree(FIXTURES / "bad" / "unknown-field", catalog, dirs_exist_ok=True)
    result = _pre_commit(_repository_copy(tmp_path / "repo", catalog))
    assert result.returncode == 1
    assert re.search(r"method files match.*Failed", result.stdout)
    assert "methods/unknown-field.yaml" in result.stdout
    assert re.search(r"cxcanon validate.*Failed", result.stdout)
    assert "unknown field 'nmae'" in result.stdout
