"""The log-in page and each demo role's main pages, on a desktop and a 390 px phone, in Indonesian: every page passes
axe-core's WCAG 2.1 A and AA rules (checked by the ``new_page`` fixture), and a screenshot of each
is kept in test-artifacts/ to be looked at."""

import re

import pytest

from .conftest import ARTIFACTS, first_check, login, settle

MAIN_PAGES = {
    "anonymous": ["/accounts/login/"],
    "admin.balangan": ["/", "/accounts/users/", "/readiness/templates/", "/kecamatan/risk/settings/"],
    "staff.balangan": [
        "/",
        "/map/",
        "/kecamatan/",
        "/kecamatan/63.11.06/",
        "/readiness/",
        "/readiness/reports/",
        "/readiness/completeness/",
        "/plans/",
        "/plans/?overdue=1",
        "/logistics/",
        "/logistics/documents/",
        "/logistics/documents/dispatch/new/",
        "/logistics/expiry/",
        "/alerts/",
        "/alerts/inbox/",
        "{bast}",
        "{request_print}",
    ],
    "camat.paringin": ["/", "/map/", "/readiness/", "/plans/kecamatan/63.11.06/", "/logistics/requests/new/"],
    "camat.awayan": ["/", "/kecamatan/63.11.03/", "/alerts/"],
    "admin.banjar": ["/", "/readiness/library/", "/plans/templates/library/"],
    "staff.banjar": ["/", "/readiness/library/"],
    # The other roles' homes (their other pages are in the flows of test_destana, test_spab, test_upward).
    "fasilitator.balang": ["/"],
    "spab.balang": ["/"],
    "prov.kalsel": ["/"],
    "bnpb.pusat": ["/"],
}


def _papers() -> dict[str, str]:
    """The printed papers of the demo: a BAST of a received shipment and a request letter."""
    from logistics.models import Document, Request

    shipment = Document.objects.filter(received_date__isnull=False).order_by("pk").first()
    request = Request.objects.exclude(number=None).order_by("pk").first()
    return {
        "bast": f"/logistics/documents/{shipment.pk}/print/bast/",
        "request_print": f"/logistics/requests/{request.pk}/print/",
    }


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("username", list(MAIN_PAGES))
def test_the_main_pages_of_each_role_pass_the_accessibility_rules(demo_everything, new_page, username, phone):
    page = new_page(phone=phone)
    if username != "anonymous":
        login(page, username)
    ARTIFACTS.mkdir(exist_ok=True)
    papers = _papers()
    for path in MAIN_PAGES[username]:
        path = path.format(**papers)
        response = page.goto(path)
        assert response.status == 200, path
        settle(page)
        assert page.title().endswith(" · Kencana") and not page.title().startswith(" ·"), page.title()
        size = "phone" if phone else "desktop"
        # Nothing is wider than the screen: the page never scrolls sideways (tables scroll inside).
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{path} is {width} px wide on a {size}"
        page.screenshot(path=ARTIFACTS / f"page-{username}-{_slug(path)}-{size}.png", full_page=True)
        if first_check(page, path):  # unless another test of this run checked this kind of page already
            new_page.check_now(page)
