"""The navigation offers each person the pages that hold something for them: the people of one desa
or one school (a desa facilitator, a school focal person) their unit and its assessments, not the
kecamatan's map, plans, stores, events and alerts, which are empty for them."""

from django.urls import reverse

from kencana.core.navigation import items_for

EVERY_ROLE_SEES = ["/", "/readiness/"]
KECAMATAN_WORK = ["/map/", "/kecamatan/", "/plans/", "/logistics/", "/response/", "/alerts/"]


def _offered(user) -> list[str]:
    return [item["url"] for item in items_for(user, "/")]


def test_a_desa_facilitator_and_a_school_focal_person_are_offered_their_unit_and_its_assessments(facilitator, focal):
    assert _offered(facilitator) == EVERY_ROLE_SEES
    assert _offered(focal) == EVERY_ROLE_SEES


def test_officers_and_bpbd_are_offered_the_kecamatan_work_too(officer, staff, admin_user):
    assert _offered(officer) == EVERY_ROLE_SEES[:1] + KECAMATAN_WORK[:2] + ["/readiness/"] + KECAMATAN_WORK[2:]
    assert set(KECAMATAN_WORK) <= set(_offered(staff))
    assert reverse("accounts:user_list") in _offered(admin_user) and reverse("accounts:user_list") not in _offered(
        staff
    )


def test_the_page_shows_what_the_navigation_offers(client_for, facilitator):
    page = client_for(facilitator).get("/readiness/").text
    nav = page[page.index('class="mainnav"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="/readiness/"' in nav and 'href="/logistics/"' not in nav and 'href="/map/"' not in nav
