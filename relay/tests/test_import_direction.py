"""The relay never imports the game: the game registers itself with the relay (relay/game.py),
so imports point one way, matches ← relay ← predictions ← showrunner (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ABOVE = {"matches": {"relay", "predictions", "showrunner"}, "relay": {"predictions", "showrunner"}}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def product_modules(app):
    """The app's own code: not its tests, and not its migrations (history, kept as it ran)."""
    return [
        path for path in (REPO / app).rglob("*.py") if not {"tests", "migrations"} & set(path.parts)
    ]


@pytest.mark.parametrize("app", sorted(ABOVE))
def test_an_app_never_imports_an_app_above_it(app):
    upward = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in product_modules(app)
        for name in imported_apps(path)
        if name in ABOVE[app]
    }
    assert not upward


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "upward.py"
    module.write_text("from predictions import services\n")
    assert "predictions" in set(imported_apps(module))
