"""The codebase's layers and its one helper for languages, checked on every run.

Layers only point down: cio_site -> articles -> stats -> core. Only cio_site/urls.py imports the apps
from the top, stats never imports articles, core imports no app. No module outside settings,
migrations, demo content and tests names a language or a per-language column: they ask core.languages.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cio_site", "articles", "stats", "core")
EXEMPT = re.compile(r"(/migrations/|/settings/|demo_content\.py$|load_demo_content\.py$)")


def modules(app):
    return [path for path in sorted((ROOT / app).rglob("*.py")) if not EXEMPT.search(path.as_posix())]


def imported_apps(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {name.split(".")[0] for name in names if name.split(".")[0] in APPS}
    return found


ALLOWED = {
    "cio_site": {"cio_site", "core"},  # urls.py, checked apart, may import every app
    "articles": {"articles", "stats", "core"},
    "stats": {"stats", "core"},
    "core": {"core"},
}


@pytest.mark.parametrize("app", APPS)
def test_imports_only_point_down(app):
    wrong = {
        path.relative_to(ROOT).as_posix(): sorted(imported_apps(path) - ALLOWED[app])
        for path in modules(app)
        if path.name != "urls.py" or app != "cio_site"
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def language_mentions(path) -> list[str]:
    """Language codes as strings, and names or strings that end in a language suffix (title_en),
    outside docstrings and outside the per-language phrasing tables that are data by design."""
    codes = [code for code, _name in settings.LANGUAGES]
    suffixed = re.compile(rf"^\w+_({'|'.join(codes)})$")
    tree = ast.parse(path.read_text())
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skipped.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_PHRASES" for t in node.targets):
            skipped |= {id(key) for key in node.value.keys}  # phrasing keyed by language, as data
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in codes or suffixed.match(node.value):
                found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Attribute) and suffixed.match(node.attr):
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg and suffixed.match(node.arg):
            found.append(f"{node.value.lineno}: {node.arg}=")
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_module_names_a_language_or_a_per_language_column(app):
    found = {path.relative_to(ROOT).as_posix(): language_mentions(path) for path in modules(app)}
    assert {path: names for path, names in found.items() if names} == {}


def test_the_checks_can_fail(tmp_path):
    """The two checks above see what they look for."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""Doc "it"."""\nfrom articles.models import Page\nx = page.title_en or lookup("en")\n')
    assert imported_apps(sample) == {"articles"}
    assert language_mentions(sample) == ["3: .title_en", "3: 'en'"]
