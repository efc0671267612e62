"""The navigation bar, by role. One list, so each page does not decide it again."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kencana.accounts import permissions


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    allowed: Callable[[object], bool]
    prefix: str = ""  # the URL prefix that marks the item as current


def _anyone(user) -> bool:
    return True


def _admin(user) -> bool:
    return permissions.may_manage_users(user)


ITEMS: list[NavItem] = [
    NavItem(_("Dashboard"), "home", _anyone),
    NavItem(_("Map"), "dashboard:map", _anyone, "/map/"),
    NavItem(_("Kecamatan"), "kecamatan:list", _anyone, "/kecamatan/"),
    NavItem(_("Readiness"), "readiness:index", _anyone, "/readiness/"),
    NavItem(_("Plans"), "plans:index", _anyone, "/plans/"),
    NavItem(_("Logistics"), "logistics:index", _anyone, "/logistics/"),
    NavItem(_("Response"), "response:index", _anyone, "/response/"),
    NavItem(_("Alerts"), "alerts:list", _anyone, "/alerts/"),
    NavItem(_("Upward reports"), "upward:index", permissions.reads_like_bpbd, "/upward/"),
    NavItem(_("Users"), "accounts:user_list", _admin, "/accounts/users/"),
]


def items_for(user, path: str) -> list[dict]:
    items = []
    for item in ITEMS:
        if not item.allowed(user):
            continue
        url = reverse(item.url_name)
        current = path == url if not item.prefix else path.startswith(item.prefix)
        items.append({"label": item.label, "url": url, "current": current})
    return items
