"""No module of the product grows past 600 lines: a module that size has more than one
purpose, and its sections are where it should be split (docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 600
SKIPPED_PARTS = {".venv", "node_modules", "migrations", "tests", "var", ".git"}


def product_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_PARTS.intersection(path.relative_to(ROOT).parts)
    ]


def test_no_module_outside_migrations_and_tests_is_above_600_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in product_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert product_modules(), "no modules found: the walk is looking in the wrong place"
    assert too_long == {}
