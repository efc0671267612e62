"""Every URL of the project against every demo role, inside and outside its scope.

One test per URL name walks anonymous and each role through the URL's reads and writes; a
failure lists each offending role with the method, the URL, the status and what was expected.
"""

import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from .matrix import OVERSEER_ROLES, ROLES, RULES
from .urls_walk import all_routes, routes_by_name

ROUTES = routes_by_name()
# Refusals that come in the wrong order: the service validates before it authorizes, so a BPBD
# staff member (not an admin) gets a 302 with a validation message instead of a 403. Nothing
# changes and nothing leaks, but the contract is "403 for a forbidden action on a visible object".
# Strict: once fixed, the mark must go.
CHECKED = [name for name in sorted(name for name, rule in RULES.items() if rule.kind != "framework")]
LOGIN = reverse("login")

# Everything a request could change: every table of the project's apps (history tables follow
# their models) except the log-in time, which logging the test clients in sets.
WATCHED_APPS = (
    "accounts",
    "kecamatan",
    "readiness",
    "plans",
    "alerts",
    "logistics",
    "response",
    "shelters",
    "messaging",
)


def _watched():
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model.__name__.startswith("Historical"):
                fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
                yield model, fields


def snapshot() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values_list(*fields)) for model, fields in _watched()}


def changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


class WriteWatch:
    """Notes whether a request sent any INSERT, UPDATE or DELETE besides the session's, so the
    tables are compared only after requests that may have changed them."""

    IGNORED = ("django_session",)

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE", "DELETE")) and not any(t in sql for t in self.IGNORED):
            self.wrote = True
        return execute(sql, params, many, context)


def test_every_url_has_a_declared_rule():
    missing = [name for name in sorted(ROUTES) if name not in RULES]
    assert not missing, f"declare who may use these URLs in tests/security/matrix.py: {missing}"


def test_no_url_is_left_unnamed():
    unnamed = [r.pattern for r in all_routes() if not r.name and not r.pattern.startswith("/admin/")]
    assert not unnamed


def test_rules_name_only_existing_urls():
    assert not set(RULES) - set(ROUTES)


def test_framework_rules_say_why():
    assert all(rule.reason for rule in RULES.values() if rule.kind == "framework")


def _value(spec, world, place):
    return spec(world, place) if callable(spec) else spec


def _url(name, rule, world, place) -> str:
    kwargs = _value(rule.kwargs, world, place)
    query = _value(rule.query, world, place)
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _send(client, method, url, rule, body):
    if method == "get":
        return client.get(url, headers=rule.headers)
    if rule.kind == "api" and not rule.multipart:
        payload = json.dumps(body, default=str) if method != "delete" else ""
        return getattr(client, method)(url, payload, content_type="application/json", headers=rule.headers)
    return getattr(client, method)(url, body or {}, headers=rule.headers)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


class Walk:
    """The walk of one URL: its rule, its route, the world and its rows, a client per role, and what went wrong."""

    def __init__(self, name, world, rows):
        self.name, self.rule, self.route, self.world, self.rows = name, RULES[name], ROUTES[name], world, rows
        self.clients = {role: world.client(role) for role in ("anonymous", *ROLES)}
        self.problems: list[str] = []

    def places(self, *specs) -> list:
        scoped = self.rule.scope is not None and any(callable(spec) for spec in specs)
        return list(self.rule.scope.places) if scoped else [None]

    def visible(self, role, place) -> bool:
        return place is None or (role != "anonymous" and place in self.rule.scope.visible[role])

    def expect(self, role, method, place, allowed, check=None):
        rule = self.rule
        url = _url(self.name, rule, self.world, place)
        body = _value(rule.body, self.world, place) if method != "get" else None
        response = _send(self.clients[role], method, url, rule, body)
        ok = check(response) if check else response.status_code in allowed
        if not ok:
            where = f" [{place}]" if place else ""
            self.problems.append(f"{role}: {method.upper()} {url}{where} → {response.status_code}, expected {allowed}")
        return response

    # --- Reads --------------------------------------------------------------------------------

    def reads(self):
        rule = self.rule
        places = self.places(rule.kwargs, rule.query)
        if rule.kind == "public":
            for place in places:
                self.expect("anonymous", "get", place, rule.ok if place is None else (404,))
        else:
            login = "log-in redirect" if rule.kind == "page" else (401,)
            check = _is_login_redirect if rule.kind == "page" else None
            self.expect("anonymous", "get", places[0], login, check)
        if not rule.get:
            return
        for role in ROLES:
            for place in places:
                if role not in rule.read:
                    allowed = (403, 404)
                elif self.visible(role, place):
                    allowed = rule.ok
                else:
                    allowed = (404,)
                self.expect(role, "get", place, allowed)

    # --- Writes -------------------------------------------------------------------------------

    def refused(self, role, place) -> tuple[int, ...]:
        """A write the role may not make: 403 on what it may see, 404 on what it may not."""
        rule = self.rule
        reads = role in rule.read
        if role in OVERSEER_ROLES and rule.overseer_refusal and self.visible(role, place):
            return rule.overseer_refusal
        if self.visible(role, place):
            return (403,) if reads else (403, 404)
        if callable(rule.kwargs) or callable(rule.query):
            return (404,) if reads else (403, 404)
        # The object is named only in the body: "not found" there is a 400 or a 404, and a role
        # refused the action whatever the object may get its 403 first.
        return (400, 403, 404)

    def writes(self):
        rule = self.rule
        methods = self.route.write_methods() if rule.kind in ("page", "api") else []
        if rule.kind == "api" and rule.write is None and methods:
            self.problems.append(f"answers {methods} but its rule declares no write: declare who may write")
            return
        before = self.rows
        places = self.places(rule.kwargs, rule.query, rule.body)
        attempts = []
        for method in methods:
            login = "log-in redirect" if rule.kind == "page" else (401,)
            check = _is_login_redirect if rule.kind == "page" else None
            attempts.append(("anonymous", method, places[0], login, check))
            for role in ROLES:
                if rule.write is None:
                    # A page that changes nothing may answer a POST as a GET; one place per role suffices.
                    place = next((p for p in places if self.visible(role, p)), places[0])
                    attempts.append((role, method, place, "no server error", lambda r: r.status_code < 500))
                    continue
                for place in places:
                    if role not in rule.write or not self.visible(role, place):
                        attempts.append((role, method, place, self.refused(role, place), None))
        for role, method, place, allowed, check in attempts:
            watch = WriteWatch()
            with connection.execute_wrapper(watch):
                self.expect(role, method, place, allowed, check)
            if watch.wrote and (tables := changed(before, after := snapshot())):
                self.problems.append(f"{role}: {method.upper()} {self.name} [{place}] changed {tables}")
                before = after


@pytest.fixture(scope="module")
def rows_of_the_world(whole_world):
    """The watched rows as each test of the module finds them: every one starts in a savepoint
    over the same world, so they are read once."""
    return snapshot()


@pytest.mark.parametrize("name", CHECKED)
def test_each_role_reaches_what_it_may_and_nothing_else(world, rows_of_the_world, name):
    walk = Walk(name, world, rows_of_the_world)
    walk.reads()
    walk.writes()
    assert not walk.problems, f"{name}:\n" + "\n".join(walk.problems)


def test_no_demo_role_reaches_the_django_admin(world):
    """The admin site (left out of the matrix: Django's own permissions guard it) is for superusers."""
    for role in ROLES:
        response = world.client(role).get(reverse("admin:index"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), role
