"""The one place that decides what a user may do.

``scope.py`` answers "may see" (an object outside it is a 404); this module answers "may do"
(a refusal on an object the user sees is a 403). Services, views, API permission classes and
templates (``{% load permissions %}``) ask these predicates and nothing else, so each rule is
written once; they read side by side with ``tests/security/matrix.py``, whose ``BPBD``,
``ADMIN``, ``OFFICERS`` and ``OVERSEERS`` columns are the roles below.

A predicate about a district takes its id. Called without one it answers the question of the
menus: whether the user does this in any district they work in (the pages then narrow to the
district through scope). Predicates read attributes of the objects they are given
(``district_id``, ``keeper_id``, ...) and import nothing from the apps above accounts. A new
role changes the few base rules at the top, or adds a predicate here, never an inline check at
a call site.

BPBD Provinsi and BNPB (the overseers) read what a district's BPBD reads in every district of
their scope, through ``scope.py`` and the read predicates; every write predicate asks
for BPBD of the district (``_bpbd_of``), an officer or an admin, so an overseer writes nothing
of a district's. The one thing a province does to a district is verify or return the reports
the district owes upward (``may_verify_upward_reports``).
"""

from django.core.exceptions import PermissionDenied

from .models import Role
from .scope import districts_for


def require(allowed: bool, message: str = "") -> None:
    """Raise ``PermissionDenied`` with the reason unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


# --- Roles: the matrix's columns ----------------------------------------------------------------


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_bpbd(user) -> bool:
    """BPBD staff or admin of some district (or a superuser): the matrix's ``BPBD``."""
    return _active(user) and user.is_bpbd


def is_district_admin(user) -> bool:
    """A BPBD admin (or a superuser): the matrix's ``ADMIN``."""
    return _active(user) and user.is_district_admin


def is_officer(user) -> bool:
    """A kecamatan officer: the matrix's ``OFFICERS``."""
    return _active(user) and not user.is_superuser and user.role == Role.OFFICER


def is_facilitator(user) -> bool:
    """A desa facilitator, scoped to one desa (not a column of the matrix: ``tests/security/test_facilitator.py``)."""
    return _active(user) and not user.is_superuser and user.role == Role.DESA_FACILITATOR


def is_province(user) -> bool:
    """BPBD Provinsi staff or admin: the matrix's ``province`` and ``province_admin``."""
    return _active(user) and user.is_province


def is_province_admin(user) -> bool:
    """A BPBD Provinsi admin, who manages the province office's accounts."""
    return is_province(user) and user.role == Role.PROVINCE_ADMIN


def is_national(user) -> bool:
    """BNPB staff or admin: the matrix's ``national``."""
    return _active(user) and user.is_national


def is_overseer(user) -> bool:
    """BPBD Provinsi or BNPB: read many districts, write none of them."""
    return _active(user) and user.is_overseer


def reads_like_bpbd(user) -> bool:
    """Sees whole districts as their BPBD do: BPBD, overseers, superusers (the matrix's ``BPBD_READERS``)."""
    return _active(user) and user.reads_like_bpbd


def sees_kecamatan_work(user) -> bool:
    """Everyone but the people of one desa or one school (a desa facilitator, a school focal
    person): the kecamatan's map, plans, stores, events and alerts. Those see their unit and its
    assessments only, so the navigation offers them nothing else."""
    return _active(user) and not user.is_unit_scoped


def _facilitator_of(user, desa_id: int | None) -> bool:
    """The facilitator of the desa (no query: a facilitator has one desa)."""
    return is_facilitator(user) and desa_id is not None and user.desa_id == desa_id


def is_school_focal(user) -> bool:
    """A school's focal person, scoped to one school (walked with the facilitator by
    ``tests/security/test_facilitator.py``)."""
    return _active(user) and not user.is_superuser and user.role == Role.SCHOOL_FOCAL


def _focal_of(user, school_id: int | None) -> bool:
    """The focal person of the school (no query: a focal person has one school)."""
    return is_school_focal(user) and school_id is not None and user.school_id == school_id


def _bpbd_of(user, district_id: int | None) -> bool:
    """BPBD staff or admin of the district (of any district when None), or a superuser."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.is_bpbd and (district_id is None or user.district_id == district_id)


def _overseer_of(user, district_id: int | None) -> bool:
    """BPBD Provinsi of the district's province, or BNPB (of any district when None)."""
    if not is_overseer(user):
        return False
    return district_id is None or districts_for(user).filter(pk=district_id).exists()


def _admin_of(user, district_id: int | None) -> bool:
    """A BPBD admin of the district (of any district when None), or a superuser."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.is_district_admin and (district_id is None or user.district_id == district_id)


def _officer_kecamatan_ids(user) -> frozenset[int]:
    """The kecamatan an officer is assigned to, read once per user object (a request's user): a
    page that asks about each of its rows asks no query per row."""
    ids = user.__dict__.get("_officer_kecamatan_ids")
    if ids is None:
        ids = user.__dict__["_officer_kecamatan_ids"] = frozenset(user.kecamatan.values_list("pk", flat=True))
    return ids


def _officer_of(user, kecamatan_id: int | None) -> bool:
    """An officer assigned to the kecamatan."""
    return is_officer(user) and kecamatan_id is not None and kecamatan_id in _officer_kecamatan_ids(user)


def _works_on(user, *, district_id: int, kecamatan_id: int | None) -> bool:
    """BPBD of the district, or an officer of the district assigned to the kecamatan."""
    if _bpbd_of(user, district_id):
        return True
    return _active(user) and user.district_id == district_id and _officer_of(user, kecamatan_id)


def may_work_offline(user) -> bool:
    """Officers work in the field: their browser installs the app, keeps their pages and an
    outbox of what they file without a connection (docs/offline.md)."""
    return is_officer(user)


# --- Accounts --------------------------------------------------------------------------------------


def may_manage_users(user, district_id: int | None = None) -> bool:
    """A BPBD admin manages the accounts of their district; a BPBD Provinsi admin (asked without a
    district) those of their province's office."""
    return _admin_of(user, district_id) or (district_id is None and is_province_admin(user))


def may_manage_account(user, account) -> bool:
    """A district's account by its BPBD admin; a province office's by its province admin; a BNPB
    account by a superuser only."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if account.province_id is not None:
        return is_province_admin(user) and user.province_id == account.province_id
    return account.district_id is not None and _admin_of(user, account.district_id)


def assignable_roles(user) -> list[str]:
    """The roles an admin may give: district roles in a district, province roles in a province."""
    if not _active(user):
        return []
    if user.is_superuser:
        return list(Role.values)
    if is_province_admin(user):
        return [Role.PROVINCE_STAFF, Role.PROVINCE_ADMIN]
    if _admin_of(user, None):
        return [Role.OFFICER, Role.BPBD_STAFF, Role.BPBD_ADMIN, Role.DESA_FACILITATOR, Role.SCHOOL_FOCAL]
    return []


# --- Territory and risk ----------------------------------------------------------------------------


def may_edit_risk(user, district_id: int | None = None) -> bool:
    """BPBD staff edit and import their district's risk profiles."""
    return _bpbd_of(user, district_id)


def may_change_risk_settings(user, district_id: int | None = None) -> bool:
    """Risk class cut-offs re-classify every profile: the district's admin changes them."""
    return _admin_of(user, district_id)


# --- Templates (readiness, cards and plans) and the library ---------------------------------------


def may_read_templates(user) -> bool:
    """BPBD (and overseers) read their districts' templates and the library's editor pages; officers do not."""
    return reads_like_bpbd(user)


def may_edit_templates(user, district_id: int | None = None) -> bool:
    """A BPBD admin of the owning district creates, edits, publishes and retires its templates."""
    return _admin_of(user, district_id)


def may_adopt_templates(user) -> bool:
    """A BPBD admin copies a shared template (usually a partner's) into their own district."""
    return _admin_of(user, None) and user.district_id is not None


def may_apply_templates(user, district_id: int | None = None) -> bool:
    """BPBD staff apply their district's published templates to a kecamatan."""
    return _bpbd_of(user, district_id)


# --- Readiness reports ---------------------------------------------------------------------------


def may_review_reports(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district review, return, verify and reopen its reports."""
    return _bpbd_of(user, district_id)


def may_fill_report(user, report) -> bool:
    """An officer of the report's kecamatan fills it in and submits it; a desa's report also its
    desa facilitator, a school's its focal person."""
    return (
        _officer_of(user, report.kecamatan_id)
        or _facilitator_of(user, report.desa_id)
        or _focal_of(user, report.school_id)
    )


def may_edit_report(user, report) -> bool:
    """Whoever fills the report changes it while it is open (a draft, or returned by BPBD); once
    sent or verified it is only read until BPBD return or reopen it."""
    return report.is_open and may_fill_report(user, report)


def may_record_katana(user, desa) -> bool:
    """Katana household counts of a desa: its kecamatan's officer, its facilitator, or BPBD staff."""
    district_id = desa.kecamatan.district_id
    return _works_on(user, district_id=district_id, kecamatan_id=desa.kecamatan_id) or _facilitator_of(user, desa.pk)


def may_manage_schools(user, desa=None) -> bool:
    """The school registry of a desa: BPBD staff of the district and the officer of its kecamatan add,
    correct and deactivate schools (as they record the desa's Katana counts). Without a desa: whether
    the user does so anywhere."""
    if desa is None:
        return is_bpbd(user) or is_officer(user)
    return _works_on(user, district_id=desa.kecamatan.district_id, kecamatan_id=desa.kecamatan_id)


def may_see_report_progress(user) -> bool:
    """Officers follow their own reports; BPBD (and overseers) see the districts' completeness and review queue."""
    return reads_like_bpbd(user)


def may_compare_districts(user) -> bool:
    """BPBD and overseers put the districts they see side by side, per section of a shared template."""
    return reads_like_bpbd(user)


# --- Plans and quick-response cards ---------------------------------------------------------------


def may_edit_district_plans(user, district_id: int | None = None) -> bool:
    """BPBD staff keep the district's own plan, its agencies and every kecamatan's plan and cards."""
    return _bpbd_of(user, district_id)


def may_edit_kecamatan_plans(user, kecamatan) -> bool:
    """BPBD staff of the district, or an officer assigned to the kecamatan."""
    return _works_on(user, district_id=kecamatan.district_id, kecamatan_id=kecamatan.pk)


def may_edit_plan(user, plan) -> bool:
    """A kecamatan's plan as its plans; the district's own plan by its BPBD staff."""
    if plan.kecamatan_id is None:
        return may_edit_district_plans(user, plan.district_id)
    return may_edit_kecamatan_plans(user, plan.kecamatan)


def may_change_plan_settings(user, district_id: int | None = None) -> bool:
    """The card review period is the district's: its admin changes it."""
    return _admin_of(user, district_id)


# --- Logistics -----------------------------------------------------------------------------------


def may_manage_warehouses(user, district_id: int | None = None) -> bool:
    """BPBD staff open, edit and close the district's warehouses and set their minimum stock."""
    return _bpbd_of(user, district_id)


def may_change_logistics_settings(user, district_id: int | None = None) -> bool:
    """Planning parameters touch every derived minimum of the district: only its admin changes them."""
    return _admin_of(user, district_id)


def may_post_stock(user, warehouse) -> bool:
    """BPBD staff of the district post stock documents for its warehouses; a keeper for their own."""
    return _bpbd_of(user, warehouse.district_id) or (_active(user) and warehouse.keeper_id == user.pk)


def may_post_stock_documents(user) -> bool:
    """The menus of receipts, dispatches, transfers, adjustments and counts: BPBD only."""
    return is_bpbd(user)


def may_request_stock(user, kecamatan) -> bool:
    """BPBD staff of the district, or an officer of the kecamatan, file requests for stock for it."""
    return _works_on(user, district_id=kecamatan.district_id, kecamatan_id=kecamatan.pk)


def may_decide_requests(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district approve, reject and dispatch requests for stock."""
    return _bpbd_of(user, district_id)


def may_receive(user, document) -> bool:
    """BPBD staff of the district, the destination's keeper, or an officer of the destination kecamatan."""
    if _bpbd_of(user, document.district_id):
        return True
    if not _active(user):
        return False
    destination = document.destination_warehouse
    if destination is not None and destination.keeper_id == user.pk:
        return True
    if is_officer(user):
        kecamatan_ids = _officer_kecamatan_ids(user)
        if document.destination_kecamatan_id in kecamatan_ids:
            return True
        if destination is not None and destination.kecamatan_served.filter(pk__in=kecamatan_ids).exists():
            return True
    return False


# --- Alerts --------------------------------------------------------------------------------------


def may_acknowledge_alert(user, alert) -> bool:
    """BPBD of the alert's district, or an officer of its kecamatan."""
    return _works_on(user, district_id=alert.district_id, kecamatan_id=alert.kecamatan_id)


def may_resolve_alert(user, alert) -> bool:
    """Only BPBD staff of the district close an alert by hand."""
    return _bpbd_of(user, alert.district_id)


def may_raise_warnings(user, district_id: int | None = None) -> bool:
    """BPBD staff raise and cancel hazard warnings and import CAP messages for their district."""
    return _bpbd_of(user, district_id)


def may_read_warnings(user) -> bool:
    """BPBD (and overseers) read the hazard warnings raised in their districts."""
    return reads_like_bpbd(user)


def may_see_deliveries(user) -> bool:
    """How each notification was delivered (addresses, errors) is for BPBD (and overseers)."""
    return reads_like_bpbd(user)


# --- Response: events, decrees, tasks, impact reports, casualties, sitreps ----------------------


def may_record_events(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district open and close events, keep their chronology and decrees, activate
    cards and pull action items into an event's task list."""
    return _bpbd_of(user, district_id)


def may_change_response_settings(user, district_id: int | None = None) -> bool:
    """How early an ending emergency period is flagged is the district's: its admin decides."""
    return _admin_of(user, district_id)


def may_work_on_task(user, task) -> bool:
    """BPBD of the event's district, or an officer of the task's kecamatan, acknowledge, start and
    finish a task."""
    if _bpbd_of(user, task.event.district_id):
        return True
    return task.kecamatan_id is not None and _officer_of(user, task.kecamatan_id)


def may_file_impact(user, kecamatan_id: int | None) -> bool:
    """Only an officer of the kecamatan files and submits its desa's impact reports (as for readiness
    reports, the figures are the kecamatan's own statement)."""
    return _officer_of(user, kecamatan_id)


def may_review_impact(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district return and verify impact reports."""
    return _bpbd_of(user, district_id)


def may_see_casualty_names(user, district_id: int | None = None) -> bool:
    """The dead and missing by name are for BPBD roles of the district only."""
    return _bpbd_of(user, district_id)


def may_read_sitreps(user, district_id: int | None = None) -> bool:
    """Situation reports carry the whole event's figures: BPBD of the district read them, and the
    BPBD Provinsi and BNPB who oversee the district (a sitrep is what goes upward)."""
    return _bpbd_of(user, district_id) or _overseer_of(user, district_id)


def may_issue_sitreps(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district issue the numbered situation reports."""
    return _bpbd_of(user, district_id)


# --- Shelters, displaced people, needs -----------------------------------------------------------


def may_manage_shelters(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district open, correct and close shelters, choose an event's needs profile
    and send goods to shelters."""
    return _bpbd_of(user, district_id)


def may_file_shelter_count(user, shelter) -> bool:
    """BPBD staff of the district, or an officer of the shelter's kecamatan, file its head counts."""
    return _works_on(user, district_id=shelter.district_id, kecamatan_id=shelter.kecamatan_id)


def may_choose_district_needs_profile(user, district_id: int | None = None) -> bool:
    """The district's default needs profile changes every event's figures: its admin chooses it."""
    return _admin_of(user, district_id)


# --- Messaging: field reports from WhatsApp, Telegram and SMS; sitreps to groups -----------------


def may_review_field_reports(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district verify or dismiss field reports and open events from them."""
    return _bpbd_of(user, district_id)


def may_read_field_reports(user) -> bool:
    """BPBD (and overseers) read the field reports sent in from their districts."""
    return reads_like_bpbd(user)


def may_send_sitreps(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district send a sitrep's text to the district's groups."""
    return _bpbd_of(user, district_id)


# --- Upward reports: what a district owes its province and the centre (SPM, IKD) ----------------


def may_file_upward_reports(user, district_id: int | None = None) -> bool:
    """BPBD staff of the district open, fill in and submit the reports it owes upward."""
    return _bpbd_of(user, district_id)


def may_verify_upward_reports(user, district_id: int | None = None) -> bool:
    """BPBD Provinsi of the district's province verify or return them; BNPB verifies nothing."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not is_province(user):
        return False
    return district_id is None or districts_for(user).filter(pk=district_id).exists()


def may_edit_spm_catalogue(user) -> bool:
    """BNPB admins (and superusers) revise the SPM catalogue: new draft versions, their services,
    sub-activities and quality components, and publishing them."""
    if not _active(user):
        return False
    return user.is_superuser or (is_national(user) and user.role == Role.NATIONAL_ADMIN)


# Every ``may_*`` predicate by its short name, for templates (``templatetags/permissions.py``).
PREDICATES = {name.removeprefix("may_"): rule for name, rule in dict(globals()).items() if name.startswith("may_")}
PREDICATES.update(
    is_bpbd=is_bpbd,
    is_district_admin=is_district_admin,
    is_officer=is_officer,
    is_facilitator=is_facilitator,
    is_school_focal=is_school_focal,
    is_overseer=is_overseer,
    reads_like_bpbd=reads_like_bpbd,
    sees_kecamatan_work=sees_kecamatan_work,
)
