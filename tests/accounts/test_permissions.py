"""The permission predicates, role by role, read beside ``tests/security/matrix.py``.

The matrix walks every URL; these tests pin the rules themselves: each predicate against the
standing cast (Balangan's admin, staff and officers, Banjar's staff) and the objects of both
districts, plus the people no rule lets act (inactive, anonymous).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template, TemplateSyntaxError

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.readiness.models import Report

from ..alerts.factories import AlertFactory
from ..factories import UserFactory
from ..logistics.factories import WarehouseFactory
from ..plans.factories import ActionPlanFactory

DISTRICT_RULES = (
    "edit_risk",
    "review_reports",
    "apply_templates",
    "edit_district_plans",
    "manage_warehouses",
    "decide_requests",
    "raise_warnings",
    "record_events",
    "review_impact",
    "see_casualty_names",
    "read_sitreps",
    "issue_sitreps",
)
ADMIN_RULES = (
    "manage_users",
    "change_risk_settings",
    "edit_templates",
    "change_plan_settings",
    "change_logistics_settings",
    "change_response_settings",
)


@pytest.fixture
def cast(admin_user, staff, officer, awayan_officer, partner_staff):
    return {
        "admin": admin_user,
        "staff": staff,
        "officer": officer,
        "awayan_officer": awayan_officer,
        "partner": partner_staff,
    }


def who(cast, rule, *args) -> set[str]:
    return {role for role, user in cast.items() if rule(user, *args)}


@pytest.mark.parametrize("name", DISTRICT_RULES)
def test_bpbd_staff_and_admins_act_in_their_own_district_only(cast, balangan, banjar, name):
    rule = permissions.PREDICATES[name]
    assert who(cast, rule, balangan.pk) == {"admin", "staff"}
    assert who(cast, rule, banjar.pk) == {"partner"}
    assert who(cast, rule) == {"admin", "staff", "partner"}


@pytest.mark.parametrize("name", ADMIN_RULES)
def test_only_a_districts_admin_changes_what_the_whole_district_depends_on(cast, balangan, banjar, name):
    rule = permissions.PREDICATES[name]
    assert who(cast, rule, balangan.pk) == {"admin"}
    assert who(cast, rule, banjar.pk) == set()
    assert who(cast, rule) == {"admin"}


@pytest.mark.parametrize("name", DISTRICT_RULES + ADMIN_RULES)
def test_superusers_may_and_inactive_or_anonymous_users_may_not(balangan, admin_user, name):
    rule = permissions.PREDICATES[name]
    root = UserFactory(username="root", district=None, is_superuser=True)
    admin_user.is_active = False
    assert rule(root, balangan.pk)
    assert not rule(admin_user, balangan.pk)
    assert not rule(AnonymousUser(), balangan.pk)


def test_roles_are_the_columns_of_the_matrix(cast):
    assert who(cast, permissions.is_bpbd) == {"admin", "staff", "partner"}
    assert who(cast, permissions.is_district_admin) == {"admin"}
    assert who(cast, permissions.is_officer) == {"officer", "awayan_officer"}


def test_only_officers_install_the_app_that_works_offline(cast, facilitator):
    assert who(cast, permissions.may_work_offline) == {"officer", "awayan_officer"}
    assert not permissions.may_work_offline(facilitator)
    assert not permissions.may_work_offline(AnonymousUser())


def test_only_the_officer_of_the_kecamatan_fills_in_its_report(cast, paringin):
    report = type("Report", (), {"kecamatan_id": paringin.pk, "desa_id": None, "school_id": None})()
    assert who(cast, permissions.may_fill_report, report) == {"officer"}


def test_a_desa_report_is_filled_by_the_kecamatans_officer_or_that_desas_facilitator(
    cast, facilitator, lasung_batu, balang
):
    cast = {**cast, "facilitator": facilitator}
    own = type("Report", (), {"kecamatan_id": lasung_batu.kecamatan_id, "desa_id": lasung_batu.pk, "school_id": None})()
    other = type("Report", (), {"kecamatan_id": balang.kecamatan_id, "desa_id": balang.pk, "school_id": None})()
    assert who(cast, permissions.may_fill_report, own) == {"officer", "facilitator"}
    assert who(cast, permissions.may_fill_report, other) == {"officer"}


def test_katana_counts_are_recorded_by_district_staff_the_officer_and_the_desas_facilitator(
    cast, facilitator, lasung_batu, balang
):
    cast = {**cast, "facilitator": facilitator}
    assert who(cast, permissions.may_record_katana, lasung_batu) == {"admin", "staff", "officer", "facilitator"}
    assert who(cast, permissions.may_record_katana, balang) == {"admin", "staff", "officer"}


def test_a_school_report_is_filled_by_the_kecamatans_officer_or_that_schools_focal_person(
    cast, focal, facilitator, sd_balang, lasung_batu
):
    from ..factories import SchoolFactory

    cast = {**cast, "focal": focal, "facilitator": facilitator}
    other_school = SchoolFactory(desa=lasung_batu)
    own = type(
        "Report", (), {"kecamatan_id": sd_balang.desa.kecamatan_id, "desa_id": None, "school_id": sd_balang.pk}
    )()
    other = type(
        "Report", (), {"kecamatan_id": lasung_batu.kecamatan_id, "desa_id": None, "school_id": other_school.pk}
    )()
    assert who(cast, permissions.may_fill_report, own) == {"officer", "focal"}
    assert who(cast, permissions.may_fill_report, other) == {"officer"}


def test_schools_are_kept_by_district_staff_and_the_kecamatans_officer(cast, focal, facilitator, balang, awayan):
    from ..factories import DesaFactory

    cast = {**cast, "focal": focal, "facilitator": facilitator}
    assert who(cast, permissions.may_manage_schools, balang) == {"admin", "staff", "officer"}
    elsewhere = DesaFactory(kecamatan=awayan, code="63.11.03.2001")
    assert who(cast, permissions.may_manage_schools, elsewhere) == {"admin", "staff", "awayan_officer"}


def test_a_school_focal_person_is_no_officer_no_facilitator_and_no_bpbd(focal):
    assert permissions.is_school_focal(focal)
    assert not permissions.is_officer(focal) and not permissions.is_bpbd(focal)
    assert not permissions.is_facilitator(focal) and not permissions.may_manage_users(focal)


def test_a_facilitator_is_no_officer_and_no_bpbd(facilitator):
    assert permissions.is_facilitator(facilitator)
    assert not permissions.is_officer(facilitator) and not permissions.is_bpbd(facilitator)


def test_kecamatan_plans_are_kept_by_district_staff_and_the_kecamatans_officer(cast, paringin, aluh_aluh):
    assert who(cast, permissions.may_edit_kecamatan_plans, paringin) == {"admin", "staff", "officer"}
    assert who(cast, permissions.may_edit_kecamatan_plans, aluh_aluh) == {"partner"}


def test_the_districts_own_plan_is_kept_by_its_staff_only(cast, balangan, paringin):
    district_plan = ActionPlanFactory(district=balangan, kecamatan=None)
    kecamatan_plan = ActionPlanFactory(district=balangan, kecamatan=paringin)
    assert who(cast, permissions.may_edit_plan, district_plan) == {"admin", "staff"}
    assert who(cast, permissions.may_edit_plan, kecamatan_plan) == {"admin", "staff", "officer"}


def test_stock_is_posted_by_district_staff_and_the_stores_keeper(cast, balangan, awayan, awayan_officer):
    store = WarehouseFactory(district=balangan, code="AWY", name="Gudang Awayan", serves=[awayan])
    assert who(cast, permissions.may_post_stock, store) == {"admin", "staff"}
    store.keeper = awayan_officer
    assert who(cast, permissions.may_post_stock, store) == {"admin", "staff", "awayan_officer"}


def test_only_an_admin_with_a_district_adopts_templates(cast):
    root = UserFactory(username="root", district=None, is_superuser=True)
    assert who(cast, permissions.may_adopt_templates) == {"admin"}
    assert not permissions.may_adopt_templates(root)


def test_alerts_are_acknowledged_by_district_bpbd_and_the_kecamatans_officer_resolved_by_bpbd(cast, paringin):
    alert = AlertFactory(kecamatan=paringin)
    assert who(cast, permissions.may_acknowledge_alert, alert) == {"admin", "staff", "officer"}
    assert who(cast, permissions.may_resolve_alert, alert) == {"admin", "staff"}


def test_require_refuses_with_the_reason_and_lets_the_allowed_through():
    require(True, "never shown")
    with pytest.raises(PermissionDenied, match="Only BPBD staff"):
        require(False, "Only BPBD staff of the district review reports.")


def test_templates_ask_the_same_predicates(cast, paringin):
    page = Template(
        '{% load permissions %}{% if user|may:"review_reports" %}review{% endif %}'
        '{% may "edit_kecamatan_plans" kecamatan as can_plan %}{% if can_plan %} plan{% endif %}'
    )
    shown = {role: page.render(Context({"user": user, "kecamatan": paringin})) for role, user in cast.items()}
    assert shown == {
        "admin": "review plan",
        "staff": "review plan",
        "officer": " plan",
        "awayan_officer": "",
        "partner": "review",
    }


def test_a_template_naming_an_unknown_predicate_fails_loudly(staff):
    page = Template('{% load permissions %}{% if user|may:"launch_rockets" %}yes{% endif %}')
    with pytest.raises(TemplateSyntaxError, match="launch_rockets"):
        page.render(Context({"user": staff}))


def test_stock_is_requested_by_district_staff_and_the_kecamatans_officer(cast, paringin, aluh_aluh):
    assert who(cast, permissions.may_request_stock, paringin) == {"admin", "staff", "officer"}
    assert who(cast, permissions.may_request_stock, aluh_aluh) == {"partner"}


def test_a_shipment_is_received_by_district_staff_the_keeper_and_the_destinations_officer(
    cast, balangan, paringin, awayan, awayan_officer
):
    store = WarehouseFactory(district=balangan, code="AWY", name="Gudang Awayan", serves=[awayan])
    shipment = type("Document", (), {"district_id": balangan.pk, "destination_warehouse": store})()
    shipment.destination_kecamatan_id = None
    assert who(cast, permissions.may_receive, shipment) == {"admin", "staff", "awayan_officer"}
    shipment.destination_warehouse, shipment.destination_kecamatan_id = None, paringin.pk
    assert who(cast, permissions.may_receive, shipment) == {"admin", "staff", "officer"}


def test_only_an_officer_of_the_kecamatan_files_its_impact_reports(cast, paringin, awayan):
    assert who(cast, permissions.may_file_impact, paringin.pk) == {"officer"}
    assert who(cast, permissions.may_file_impact, awayan.pk) == {"awayan_officer"}
    assert who(cast, permissions.may_file_impact, None) == set()


def test_a_task_is_worked_on_by_bpbd_of_its_district_and_officers_of_its_kecamatan(cast, paringin, banjar):
    from types import SimpleNamespace

    event = SimpleNamespace(district_id=paringin.district_id)
    in_paringin = SimpleNamespace(event=event, kecamatan_id=paringin.pk)
    district_task = SimpleNamespace(event=event, kecamatan_id=None)
    assert who(cast, permissions.may_work_on_task, in_paringin) == {"admin", "staff", "officer"}
    assert who(cast, permissions.may_work_on_task, district_task) == {"admin", "staff"}
    elsewhere = SimpleNamespace(event=SimpleNamespace(district_id=banjar.pk), kecamatan_id=None)
    assert who(cast, permissions.may_work_on_task, elsewhere) == {"partner"}


def test_bpbd_and_overseers_compare_districts_officers_do_not(cast, province_staff, national_staff):
    assert who(cast, permissions.may_compare_districts) == {"admin", "staff", "partner"}
    assert permissions.may_compare_districts(province_staff) and permissions.may_compare_districts(national_staff)


def test_only_a_bnpb_admin_or_a_superuser_edits_the_spm_catalogue(cast, province_staff, national_staff):
    from kencana.accounts.models import Role

    bnpb_admin = UserFactory(username="bnpb.admin", district=None, role=Role.NATIONAL_ADMIN)
    root = UserFactory(username="root", district=None, is_superuser=True)
    assert who(cast, permissions.may_edit_spm_catalogue) == set()
    assert not permissions.may_edit_spm_catalogue(province_staff)
    assert not permissions.may_edit_spm_catalogue(national_staff)
    assert permissions.may_edit_spm_catalogue(bnpb_admin) and permissions.may_edit_spm_catalogue(root)


@pytest.mark.parametrize(
    ("state", "open_"), [("draft", True), ("returned", True), ("submitted", False), ("verified", False)]
)
def test_the_officer_changes_their_report_only_while_it_is_open(cast, paringin, state, open_):
    report = Report(kecamatan_id=paringin.pk, state=state)
    assert who(cast, permissions.may_edit_report, report) == ({"officer"} if open_ else set())
