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
    NavItem(_("Map"), "dashboard:map", permissions.sees_kecamatan_work, "/map/"),
    NavItem(_("Kecamatan"), "kecamatan:list", permissions.sees_kecamatan_work, "/kecamatan/"),
    NavItem(_("Readiness"), "readiness:index", _anyone, "/readiness/"),
    NavItem(_("Plans"), "plans:index", permissions.sees_kecamatan_work, "/plans/"),
    NavItem(_("Logistics"), "logistics:index", permissions.sees_kecamatan_work, "/logistics/"),
    NavItem(_("Response"), "response:index", permissions.sees_kecamatan_work, "/response/"),
    NavItem(_("Alerts"), "alerts:list", permissions.sees_kecamatan_work, "/alerts/"),
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
