"""Imports point one way, rally ← matches ← relay ← predictions ← showrunner (docs/architecture.md):
an app imports only itself and the apps to its left, in its code and its migrations alike. The
core plugs the apps in by name (settings: ROOT_URLCONF, RALLY_WEBSOCKET_URLPATTERNS…), and the
relay hears the game through its registry (relay/game.py), never by importing it."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("rally", "matches", "relay", "predictions", "showrunner")
ABOVE = {app: set(LAYERS[index + 1 :]) for index, app in enumerate(LAYERS)}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def app_modules(app):
    """The app's own code and its migrations; not its tests, which may drive the whole site."""
    return [path for path in (REPO / app).rglob("*.py") if "tests" not in path.parts]


def upward_imports(app, modules):
    return {
        f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path.name} imports {name}"
        for path in modules
        for name in imported_apps(path)
        if name in ABOVE[app]
    }


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_an_app_never_imports_an_app_above_it(app):
    assert not upward_imports(app, app_modules(app))


def test_migrations_are_checked_too():
    assert any("migrations" in path.parts for path in app_modules("predictions"))


@pytest.mark.parametrize(
    ("app", "line"),
    [
        ("matches", "from predictions import services\n"),
        ("rally", "import showrunner.story\n"),
        ("relay", "from showrunner.models import Script\n"),
    ],
)
def test_the_check_sees_an_upward_import(tmp_path, app, line):
    module = tmp_path / "upward.py"
    module.write_text(line)
    assert upward_imports(app, [module])
