"""Every URL pattern of the project, named and resolved, for the authorization matrix."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str
    callback: object = field(default=None, compare=False, repr=False)

    def write_methods(self) -> list[str]:
        """The write methods the view answers: a view set's mapped actions, an API view's handlers;
        a plain Django view may take a POST."""
        actions = getattr(self.callback, "actions", None)
        if actions is not None:
            return [method for method in WRITE_METHODS if method in actions]
        view_class = getattr(self.callback, "cls", None)
        if view_class is not None:
            return [method for method in WRITE_METHODS if hasattr(view_class, method)]
        return ["post"]


def all_routes() -> list[Route]:
    def walk(patterns, prefix: str, namespace: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield Route(name, prefix + str(entry.pattern), entry.callback)

    return list(walk(get_resolver().url_patterns, "/", None))


def routes_by_name() -> dict[str, Route]:
    """One route per name (a format-suffixed API twin shares its name and view)."""
    routes: dict[str, Route] = {}
    for route in all_routes():
        if route.name and not route.name.startswith("admin:"):
            routes.setdefault(route.name, route)
    return routes
