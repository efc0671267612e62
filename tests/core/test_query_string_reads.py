"""No page or endpoint parses the query string by hand: its arguments go through the app's
FilterSet or QueryForm (``kencana/core/query.py``), so a bad value is the page's default or a 400
naming the parameter, never a 500.

The source is read for ``request.GET`` and ``query_params`` taken apart (``.get()``,
``.getlist()``, ``[…]``). What may still be read so: pagination and the export format, an id
handed to ``id_or_404``, and the few places below where a value only prefills a form or answers a
webhook's verification.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kencana", "kecamatan", "logistics")
QUERY_STRINGS = {"GET", "query_params"}

# Read by Django's paginator, or choosing the export's format: neither filters nor computes anything.
ANY_VIEW = {"page", "format"}

# (file, parameter): a value that only prefills a form (the form then reads what is posted), or a
# webhook's verification, or an id checked before id_or_404 reads it.
ALLOWED = {
    ("kencana/alerts/views.py", "hazard"): "prefills the warning form",
    ("kencana/alerts/views.py", "kecamatan"): "prefills the warning form",
    ("kencana/messaging/views.py", "hub.verify_token"): "the WhatsApp webhook's verification",
    ("kencana/messaging/views.py", "hub.challenge"): "the WhatsApp webhook's verification",
    ("kencana/plans/views.py", "report"): "an id, read by id_or_404",
    ("kencana/readiness/views/templates.py", "section"): "prefills the indicator form",
    ("kencana/readiness/views/templates.py", "version"): "prefills the assignment form",
    ("kencana/response/views.py", "alert"): "an id, read by id_or_404",
}


def _is_query_string(node: ast.AST) -> bool:
    """``request.GET``, ``request.query_params``, ``self.request.query_params``…"""
    return isinstance(node, ast.Attribute) and node.attr in QUERY_STRINGS


def _name(node: ast.AST | None) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else "?"


def _reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, parameter) of each value taken out of the query string, except inside ``id_or_404(…)``."""
    by_id_or_404 = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id_or_404"
        for argument in node.args
        for inner in ast.walk(argument)
    }
    reads = []
    for node in ast.walk(tree):
        if id(node) in by_id_or_404:
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "getlist", "__getitem__")
            and _is_query_string(node.func.value)
        ):
            reads.append((node.lineno, _name(node.args[0] if node.args else None)))
        elif isinstance(node, ast.Subscript) and _is_query_string(node.value):
            reads.append((node.lineno, _name(node.slice)))
    return sorted(reads)


def _hand_reads() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = str(path.relative_to(ROOT))
            for line, parameter in _reads(ast.parse(path.read_text())):
                if parameter not in ANY_VIEW and (name, parameter) not in ALLOWED:
                    found.append(f"{name}:{line} ?{parameter}=")
    return found


def test_no_view_reads_an_argument_from_the_query_string_by_hand():
    assert _hand_reads() == []


def test_every_allowed_place_still_reads_its_parameter():
    """A place converted to a QueryForm leaves the list, so the guard covers it from then on."""
    read = set()
    for name, _parameter in ALLOWED:
        read |= {(name, parameter) for _line, parameter in _reads(ast.parse((ROOT / name).read_text()))}
    assert set(ALLOWED) <= read


def test_the_guard_sees_each_way_of_reading_the_query_string():
    source = """
def view(request):
    a = request.GET.get("district")
    b = request.GET["period"]
    c = self.request.query_params.getlist("kecamatan")
    d = id_or_404(request.GET.get("old"))
    e = QueryForm(request.GET).chosen()
"""
    assert _reads(ast.parse(source)) == [(3, "district"), (4, "period"), (5, "kecamatan")]
