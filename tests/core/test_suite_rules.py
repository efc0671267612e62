"""Rules the suite keeps about itself, so a new test cannot slip below them."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _bare_raises(source: str) -> list[int]:
    """Lines of ``pytest.raises(...)`` calls that do not say which message they expect."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "raises"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
        and not any(keyword.arg == "match" for keyword in node.keywords)
    ]


def test_every_pytest_raises_names_the_reason_it_expects():
    bare = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in _bare_raises(path.read_text())
    ]
    assert bare == []


def test_the_check_finds_a_bare_raises():
    source = "import pytest\nwith pytest.raises(ValueError):\n    pass\nwith pytest.raises(ValueError, match='x'):\n    pass\n"
    assert _bare_raises(source) == [2]
