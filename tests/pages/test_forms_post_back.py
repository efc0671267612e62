"""Every form of every page, posted back as it is shown, changes nothing, in both languages.

The pages and their objects come from the authorization matrix (tests/security): each URL name has
a rule saying who may open it and how to name its object, so a new page, and any form on it, is
walked here without being listed. Each form is read from the HTML as a browser would read it
(the values its inputs show, the options selected, the boxes ticked) and posted with its first
button. A date the browser could not show, a number rounded by its display or a field left out
would come back changed; nothing may.

Forms that act rather than edit (approve, dispatch, publish…) would change something by design:
they are named in ``ACTIONS`` with what they do, and only those are skipped.
"""

from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.urls import Resolver404, resolve, reverse

from tests.security.matrix import RULES
from tests.security.test_authorization_matrix import WATCHED_APPS, WriteWatch

from .html import forms_of

LANGUAGES = ("id", "en")

# Targets whose form performs an action on purpose: posting it unchanged does that action.
ACTIONS = {
    "logout": "logs out",
    "set_language": "switches the language",
    "readiness:report_review": "verifies or returns the report",
    "readiness:report_reopen": "reopens a verified report",
    "readiness:report_open": "opens the period's report",
    "upward:spm_open": "opens the quarter's SPM report",
    "upward:spm_review": "verifies or returns the SPM report",
    "upward:ikd_open": "opens the year's IKD self-assessment",
    "upward:ikd_review": "verifies or returns the IKD self-assessment",
    "readiness:library_adopt": "copies the template into the user's district",
    "readiness:template_draft": "starts a new draft version",
    "readiness:template_pull": "pulls the source's newer version",
    "readiness:version_publish": "publishes the version",
    "readiness:version_retire": "retires the version",
    "readiness:version_discard": "discards the draft",
    "readiness:section_delete": "deletes the section",
    "readiness:section_move": "moves the section",
    "readiness:indicator_move": "moves the indicator",
    "readiness:indicator_delete": "deletes the indicator",
    "plans:template_adopt": "copies the template into the user's district",
    "plans:template_draft": "starts a new draft version",
    "plans:template_pull": "pulls the source's newer version",
    "plans:template_publish": "publishes the version",
    "plans:template_retire": "retires the version",
    "plans:template_discard": "discards the draft",
    "plans:template_apply": "writes cards or items for the chosen kecamatan",
    "plans:card_review": "marks the card reviewed today",
    "plans:gaps": "turns the report's gaps into action items",
    "alerts:acknowledge": "acknowledges the alert",
    "alerts:resolve": "resolves the alert",
    "alerts:warning_cancel": "cancels the warning",
    "alerts:notification_read": "marks the notification read",
    "alerts:notifications_read_all": "marks every notification read",
    "messaging:report_verify": "verifies the field report",
    "messaging:report_dismiss": "dismisses the field report",
    "messaging:report_open_event": "opens an event from the field report",
    "messaging:sitrep_send": "sends the sitrep to the district's group",
    "kecamatan:risk_delete": "removes the profile",
    "logistics:minimum_remove": "removes the minimum",
    "logistics:request_approve": "approves the request with the quantities shown",
    "logistics:request_reject": "rejects the request",
    "logistics:request_dispatch": "sends the goods",
    "logistics:document_receive": "records the receipt of the shipment",
    "response:event_close": "closes the event",
    "response:sitrep_create": "issues the next situation report",
    "response:task_act": "moves the task on (acknowledged, started, done)",
    "shelters:dispatch": "sends the goods drafted from the shortfall",
}

PAGES = sorted(name for name, rule in RULES.items() if rule.kind == "page" and rule.get)


def _value(spec, world, place):
    return spec(world, place) if callable(spec) else spec


def _page_url(name, rule, world, place) -> str:
    kwargs, query = _value(rule.kwargs, world, place), _value(rule.query, world, place)
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _place(rule, role):
    if rule.scope is None or not (callable(rule.kwargs) or callable(rule.query)):
        return None
    return next((p for p in rule.scope.places if p in rule.scope.visible[role]), False)


def _stored_fields(model) -> list[str]:
    """What a row says: every column but its key and the times it was made and last saved (a save
    that changes nothing may still stamp them), and the log-in time."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        and f.attname != "last_login"
    ]


def snapshot() -> dict[str, list]:
    """Every row of the project's tables (history tables follow their models), by what it says: a
    form that deletes its rows and writes the same ones again has changed nothing."""
    tables = {}
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model.__name__.startswith("Historical"):
                rows = model.objects.values_list(*_stored_fields(model))
                tables[model._meta.label] = sorted(rows, key=repr)
    return tables


def _differences(before: dict, after: dict) -> dict:
    """The tables that differ, with a row or two that only one side has."""
    found = {}
    for table in before:
        if before[table] != after[table]:
            gone = [row for row in before[table] if row not in after[table]]
            new = [row for row in after[table] if row not in before[table]]
            found[table] = {"before": gone[:2], "after": new[:2]}
    return found


def _target(form, page_url: str) -> tuple[str, str | None]:
    url = form.action or page_url
    try:
        return url, resolve(url.split("?")[0]).view_name
    except Resolver404:
        return url, None


class PostBack:
    """The tables as they stand (at first, as the world has them), read again only when something
    wrote to them besides a session (a page that wrote when it was read, or a POST), and what each
    post changed."""

    def __init__(self, rows):
        self.before, self.outside, self.problems = rows, WriteWatch(), []

    def post(self, client, url, data, said):
        if self.outside.wrote:
            self.before = snapshot()
        watch = WriteWatch()
        with connection.execute_wrapper(watch):
            response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
        if response.status_code >= 500:
            self.problems.append(f"{said} → {response.status_code}")
        elif watch.wrote:
            after = snapshot()
            if differences := _differences(self.before, after):
                self.problems.append(f"{said} changed {differences}")
            self.before = after
        self.outside.wrote = False


@pytest.fixture(scope="module")
def rows_of_the_world(whole_world):
    """The rows as each test of the module finds them: every one starts in a savepoint over the
    same world, so they are read once."""
    return snapshot()


@pytest.mark.parametrize("name", PAGES)
def test_every_form_posted_back_unchanged_changes_nothing(world, rows_of_the_world, name):
    rule = RULES[name]
    posts = PostBack(rows_of_the_world)
    with connection.execute_wrapper(posts.outside):
        for role in sorted(rule.read):
            place = _place(rule, role)
            if place is False:
                continue
            page_url = _page_url(name, rule, world, place)
            for language in LANGUAGES:
                client = world.client(role)
                client.cookies["django_language"] = language
                page = client.get(page_url)
                if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                    break
                posted = 0
                for form in forms_of(page.content.decode()):
                    url, target = _target(form, page_url)
                    if form.method == "post" and target is not None and target not in ACTIONS:
                        posts.post(client, url, form.data(), f"{role} [{language}] POST {url} ({target})")
                        posted += 1
                if not posted:
                    break  # the same page in another language has the same forms: none to post back
    assert not posts.problems, f"{name}:\n" + "\n".join(posts.problems)
