"""The docs stay true: the query budgets written in the apps' READMEs are the budgets the
tests measure, every app README says what it owns and registers, and docs/architecture.md
names every import-linter contract."""

import re
import tomllib
from pathlib import Path

import pytest

from tests.perf.test_query_budgets import BUDGETS

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "config", "portal", "editorial", "accounts", "articles", "association", "submissions",
    "search", "health",
]  # fmt: skip
BUDGET_ROW = re.compile(r"^\| `(?P<page>\w+)` \| (?P<queries>\d+) \|", re.M)


def section(text, title):
    """The text of the `## title` section of a Markdown document ('' if none)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def readme(app):
    return (ROOT / app / "README.md").read_text(encoding="utf-8")


def test_readme_budgets_equal_the_budgets_the_tests_measure():
    """Each page of BUDGETS is written once, in one app's "Query budgets", with its number."""
    written = {}
    for app in APPS:
        for row in BUDGET_ROW.finditer(section(readme(app), "Query budgets")):
            assert row["page"] not in written, (
                f"{row['page']} in {app} and {written[row['page']][0]}"
            )
            written[row["page"]] = (app, int(row["queries"]))
    assert {page: queries for page, (_app, queries) in written.items()} == {
        page: exact for page, (exact, _cap) in BUDGETS.items()
    }


@pytest.mark.parametrize("app", APPS)
def test_every_app_readme_says_what_it_owns_registers_and_costs(app):
    """The three sections a maintainer looks for first."""
    text = readme(app)
    for title in ("What it owns", "Registered in `ready()`", "Query budgets"):
        assert section(text, title).strip(), f"{app}/README.md lacks “{title}”"


def test_architecture_names_every_import_linter_contract():
    """docs/architecture.md explains each contract that `lint-imports` enforces."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert contracts
    missing = [contract["name"] for contract in contracts if contract["name"] not in architecture]
    assert not missing


def test_readme_links_lead_to_files_that_exist():
    """The README's links to the docs and the app READMEs are not dead."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#:]+)\)", text)
    assert links
    assert [link for link in links if not (ROOT / link).exists()] == []
