"""The authorization matrix: one declared rule per URL name.

A rule says who may open the URL (``read``), who may change something through it (``write``),
and, for URLs about an object, where that object lives (``scope``) and how to name one in each
place (``kwargs``, ``query`` or ``body``). The test walks every role against the object of every
place: inside the role's scope it must get the page, outside it a 404; a write it may not make is
a 403 on an object it sees and a 404 on one it does not, and changes nothing. A URL name without a
rule fails ``test_every_url_has_a_declared_rule``, so a new endpoint cannot ship without one.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from ..factories import today as districts_today
from .world import PDF

# The demo's people: Balangan's BPBD admin and staff, the officers of Paringin and Awayan, and the
# staff of Banjar, Balangan's partner district (who may browse Balangan's shared templates only);
# above the districts, BPBD Provinsi Kalimantan Selatan's staff and admin (Balangan and Banjar are
# theirs), BNPB, and the staff of another province (Kalimantan Tengah), who oversee none of them.
DISTRICT_ROLES = ("admin", "staff", "officer", "awayan_officer", "partner")
OVERSEER_ROLES = ("province", "province_admin", "national", "other_province")
ROLES = DISTRICT_ROLES + OVERSEER_ROLES
EVERYONE = frozenset(ROLES)
WORKERS = frozenset(DISTRICT_ROLES)  # who works in a district: overseers read, never write, a district's data
BPBD = frozenset({"admin", "staff", "partner"})  # BPBD of any district, each in its own
OVERSEERS = frozenset(OVERSEER_ROLES)
BPBD_READERS = BPBD | OVERSEERS  # what BPBD read, overseers read in the districts they oversee
ADMIN = frozenset({"admin"})  # a district admin (Banjar's staff is not one)
ACCOUNT_ADMINS = ADMIN | {"province_admin"}  # a district's admin, or a province office's
OFFICERS = frozenset({"officer", "awayan_officer"})
KALSEL = frozenset({"province", "province_admin"})  # BPBD Provinsi Kalimantan Selatan
NOBODY = frozenset()
FORM_REFUSAL = (200,)  # the form is shown again with the refusal as its error

_BALANGAN = ("admin", "staff", "officer", "awayan_officer")


def overseeing(places: tuple[str, ...]) -> dict[str, frozenset]:
    """What the overseers see of a kind: every place for Kalimantan Selatan's province and BNPB
    (all places of the world are in Kalimantan Selatan), nothing for another province."""
    return {
        **dict.fromkeys(("province", "province_admin", "national"), frozenset(places)),
        "other_province": frozenset(),
    }


@dataclass(frozen=True)
class Scope:
    """The places an object of a kind can be in, and those each role may see."""

    places: tuple[str, ...]
    visible: dict[str, frozenset]


# Reports, evidence, items, cards, stores, documents, requests, alerts: BPBD see the district's
# kecamatan, an officer only their own, the partner only its own district's.
KECAMATAN = Scope(
    ("paringin", "awayan", "aluh_aluh"),
    {
        "admin": frozenset({"paringin", "awayan"}),
        "staff": frozenset({"paringin", "awayan"}),
        "officer": frozenset({"paringin"}),
        "awayan_officer": frozenset({"awayan"}),
        "partner": frozenset({"aluh_aluh"}),
        **overseeing(("paringin", "awayan", "aluh_aluh")),
    },
)
# Agencies, assignments, warnings, CAP messages, accounts: everyone of the district, nobody else.
DISTRICT = Scope(
    ("balangan", "banjar"),
    {
        **{role: frozenset({"balangan"}) for role in _BALANGAN},
        "partner": frozenset({"banjar"}),
        **overseeing(("balangan", "banjar")),
    },
)
# Accounts: a district admin manages the district's, a province admin the province office's.
ACCOUNTS = Scope(
    ("balangan", "banjar", "kalsel"),
    {
        **{role: frozenset({"balangan"}) for role in _BALANGAN},
        "partner": frozenset({"banjar"}),
        **dict.fromkeys(OVERSEER_ROLES, frozenset()),
        "province_admin": frozenset({"kalsel"}),
    },
)
# A district's own templates (the editor): Balangan's shared and internal ones are Balangan's only.
TEMPLATES = Scope(
    ("balangan", "balangan_private", "banjar"),
    {
        **{role: frozenset({"balangan", "balangan_private"}) for role in _BALANGAN},
        "partner": frozenset({"banjar"}),
        **overseeing(("balangan", "balangan_private", "banjar")),
    },
)
# The library: the partner also sees Balangan's shared template, never its internal one.
LIBRARY = Scope(
    ("balangan", "balangan_private", "banjar"),
    {
        **{role: frozenset({"balangan", "balangan_private"}) for role in _BALANGAN},
        "partner": frozenset({"balangan", "banjar"}),
        **overseeing(("balangan", "balangan_private", "banjar")),
    },
)
# Field reports: BPBD of the district only (senders' numbers, unchecked claims); officers see none.
FIELD_REPORTS = Scope(
    ("paringin", "awayan", "aluh_aluh"),
    {
        "admin": frozenset({"paringin", "awayan"}),
        "staff": frozenset({"paringin", "awayan"}),
        "officer": frozenset(),
        "awayan_officer": frozenset(),
        "partner": frozenset({"aluh_aluh"}),
        **overseeing(("paringin", "awayan", "aluh_aluh")),
    },
)
# Notifications: one's own only.
OWN = Scope(ROLES, {role: frozenset({role}) for role in ROLES})


@dataclass(frozen=True)
class Rule:
    """``kind``: "page" (anonymous → log-in redirect), "api" (anonymous → 401), "public" (anyone),
    or "framework" (Django's own flows, covered by Django's tests: ``reason`` says why).

    ``read``: roles that may open the URL, or see its object for a POST-only URL (``get=False``).
    ``write``: roles that may change something through it (never exercised here: the apps' tests
    do), or None when the URL changes nothing whatever the method.
    ``kwargs``, ``query``, ``body``: a dict, or ``f(world, place)`` naming the object of a place.
    ``headers``: sent with every request (an ``Idempotency-Key``).
    ``ok``: the statuses of an allowed GET.
    ``overseer_refusal``: the statuses of a write refused to an overseer, when not 403.
    """

    kind: str
    read: frozenset = EVERYONE
    write: frozenset | None = None
    scope: Scope | None = None
    kwargs: Callable | dict | None = None
    query: Callable | dict = field(default_factory=dict)
    body: Callable | dict = field(default_factory=dict)
    get: bool = True
    multipart: bool = False
    headers: dict = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)
    reason: str = ""
    # How a write is refused to an overseer when not by a 403: a form that shows the service's
    # refusal as its error (``FORM_REFUSAL``), or an endpoint that first needs a user's district.
    # Nothing may change either way: the walk compares every table after each attempt.
    overseer_refusal: tuple[int, ...] = ()


def page(read=EVERYONE, write=None, **options) -> Rule:
    return Rule("page", read, write, **options)


def api(read=EVERYONE, write=None, **options) -> Rule:
    return Rule("api", read, write, **options)


def framework(reason: str) -> Rule:
    return Rule("framework", NOBODY, reason=reason)


# --- Naming the object of a place -----------------------------------------------------------------


def pk_of(kind: str) -> Callable:
    return lambda w, place: {"pk": w[kind][place].pk}


def kind_pk(kind: str, of: str) -> Callable:
    return lambda w, place: {"kind": kind, "pk": w[of][place].pk}


def code_of(w, place) -> dict:
    return {"code": w[place].code}


def desa_code(w, place) -> dict:
    return {"code": w["desa"][place].code}


def school_npsn(w, place) -> dict:
    return {"npsn": w["school"][place].npsn}


def school_body(w, place) -> dict:
    return {"desa": w["desa"][place].code, "name": "SD Negeri Uji", "npsn": "99119999", "level": "sd"}


def today() -> str:
    return districts_today().isoformat()


def spm_v1(kind: str) -> int:
    """The first service or sub-activity of the SPM catalogue's version 1 (loaded by migration)."""
    from kencana.upward.models import SpmService, SpmSubActivity

    if kind == "service":
        return SpmService.objects.filter(version__number=1).order_by("order").first().pk
    return SpmSubActivity.objects.filter(service__version__number=1).order_by("service__order", "order").first().pk


def y1(w, place):
    return w["report"][place].version.indicators.get(code="Y1")


def version_part(part: str) -> Callable:
    """A version and one of its sections or indicators, e.g. ``/versions/<pk>/sections/<section_pk>/``."""

    def kwargs(w, place):
        version = w["version"][place]
        child = version.sections.first() if part == "section_pk" else version.indicators.get(code="Y1")
        return {"pk": version.pk, part: child.pk}

    return kwargs


def risk_of(w, place) -> dict:
    profile = w["risk"][place]
    return {"code": profile.kecamatan.code, "hazard": profile.hazard.code}


def report_opening(w, place) -> dict:
    report = w["report"][place]
    return {"assignment": report.assignment_id, "kecamatan": report.kecamatan.code, "period": report.period_start}


def risk_values(w, place) -> dict:
    return {
        "kecamatan": w[place].code,
        "hazard": "banjir",
        "hazard_index": "0.9",
        "vulnerability_index": "0.9",
        "capacity_index": "0.1",
    }


def store(w, place) -> int:
    return w["warehouse"][place].pk


def shipment(w, place, **extra) -> dict:
    return {
        "warehouse": store(w, place),
        "business_date": today(),
        "lines": [{"item": "SLMT", "quantity": "1"}],
        **extra,
    }


def supply_request(w, place) -> dict:
    return {
        "kecamatan": w[place].code,
        "destination_kind": "kecamatan",
        "reason": "Banjir",
        "people_affected": 10,
        "lines": [{"item": "SLMT", "quantity": "1"}],
    }


def evidence_upload(w, place) -> dict:
    return {"indicator": "Y1", "file": SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")}


USER_OF_DISTRICT = {"balangan": "officer", "banjar": "partner", "kalsel": "province"}


def now() -> str:
    return datetime.datetime.now(tz=datetime.UTC).isoformat()


def last_quarter() -> dict:
    from kencana.upward.services import last_quarter as quarter_before

    year, quarter = quarter_before(districts_today())
    return {"year": year, "quarter": quarter}


def ikd_answer(w, place) -> dict:
    """The IKD page's form with S1 answered: a change the district's BPBD may make."""
    s1 = w["ikd_assessment"][place].version.indicators.get(code="S1")
    return {f"i{s1.pk}": "Draf", "save": "1"}


def new_event(w, place) -> dict:
    return {"hazard": "banjir", "started_at": now(), "kecamatan": [w[place].code]}


def sphere(w) -> int:
    from logistics.models import NeedsProfile

    return NeedsProfile.objects.get(code="sphere-2018").pk


def new_shelter(w, place) -> dict:
    return {
        "event": w["event"][place].pk,
        "desa": w["desa"][place].code,
        "name": "Masjid Baru",
        "kind": "worship",
        "lat": -2.33,
        "lon": 115.47,
        "capacity": 80,
        "opened_on": today(),
    }


def shelter_count(w, place) -> dict:
    return {"as_of": now(), "households": 6, "people": 21}


def impact_filing(w, place) -> dict:
    return {"event": w["event"][place].pk, "desa": w["desa"][place].code, "as_of": now(), "dead": 1}


def decree_upload(w, place) -> dict:
    today_ = today()
    return {
        "number": "188.45/99",
        "signed_on": today_,
        "level": "tanggap",
        "period_start": today_,
        "period_end": today_,
        "file": SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"),
    }


RULES: dict[str, Rule] = {
    # --- Core, log-in and Django's own flows ----------------------------------------------------
    "home": page(),
    "healthz": Rule("public"),
    # The installable app: the worker and the manifest name only static files; the list of pages
    # to keep is the user's own (empty for all but officers: tests/dashboard/test_offline.py).
    "service_worker": Rule("public"),
    "web_manifest": Rule("public"),
    "offline_pages": page(),
    "login": Rule("public"),
    "logout": framework("POST-only log-out; Django's view"),
    "password_change": page(write=EVERYONE),
    "password_change_done": page(),
    "password_reset": Rule("public"),
    "password_reset_done": Rule("public"),
    "password_reset_confirm": framework("signed one-time token checked by Django"),
    "password_reset_complete": Rule("public"),
    "set_language": framework("POST-only language switch; changes only a cookie"),
    "javascript-catalog": Rule("public"),
    "dashboard:map": page(),
    "dashboard:kencana_status": page(BPBD_READERS, kwargs={"fmt": "csv"}),
    # --- Accounts: a district admin manages the district's people -------------------------------
    "accounts:api_tokens": page(write=EVERYONE),  # one's own tokens only: tests/accounts/test_api_tokens.py
    "accounts:user_list": page(ACCOUNT_ADMINS),
    "accounts:user_create": page(ACCOUNT_ADMINS, ACCOUNT_ADMINS),
    "accounts:user_edit": page(
        ACCOUNT_ADMINS,
        ACCOUNT_ADMINS,
        scope=ACCOUNTS,
        kwargs=lambda w, place: {"pk": w["users"][USER_OF_DISTRICT[place]].pk},
        body={"first_name": "Diubah", "role": "bpbd_admin"},
    ),
    # --- Territory and risk: BPBD staff edit their district's risk profiles ---------------------
    "kecamatan:list": page(),
    "kecamatan:detail": page(scope=KECAMATAN, kwargs=code_of),
    # A desa's page: each role records Katana counts for the desa it sees (tests/readiness/test_units.py).
    "kecamatan:desa": page(
        scope=KECAMATAN, write=WORKERS, kwargs=desa_code, body=lambda w, p: {"counted_on": today(), "households": "12"}
    ),
    # A school's page, and the registry: BPBD staff of the district and the kecamatan's officer keep
    # the schools of the desa they see (tests/readiness/test_schools.py).
    "kecamatan:school": page(scope=KECAMATAN, kwargs=school_npsn),
    "kecamatan:school_create": page(WORKERS, WORKERS, scope=KECAMATAN, kwargs=desa_code, body=school_body),
    "kecamatan:school_edit": page(WORKERS, WORKERS, scope=KECAMATAN, kwargs=school_npsn, body=school_body),
    "kecamatan:risk_import": page(BPBD, BPBD),
    "kecamatan:risk_settings": page(ADMIN, ADMIN, body={"low_upper": "0.2", "medium_upper": "0.4"}),
    "kecamatan:risk_create": page(BPBD, BPBD, scope=KECAMATAN, kwargs=code_of, body=risk_values),
    "kecamatan:risk_edit": page(BPBD, BPBD, scope=KECAMATAN, kwargs=risk_of, body=risk_values),
    "kecamatan:risk_delete": page(EVERYONE, BPBD, scope=KECAMATAN, kwargs=risk_of, get=False),
    # --- Readiness: templates are the district's (admins edit, staff read) ----------------------
    "readiness:index": page(),
    "readiness:templates": page(BPBD_READERS),
    "readiness:template_create": page(ADMIN, ADMIN, body={"name": "Instrumen baru"}),
    "readiness:template_import": page(ADMIN, ADMIN),
    "readiness:template_detail": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=pk_of("template"), body={"name": "Diubah", "description": ""}
    ),
    "readiness:template_draft": page(BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=pk_of("template"), get=False),
    "readiness:template_pull": page(BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=pk_of("template"), get=False),
    "readiness:version_detail": page(BPBD_READERS, scope=TEMPLATES, kwargs=pk_of("version")),
    "readiness:version_publish": page(BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=pk_of("version"), get=False),
    "readiness:version_retire": page(BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=pk_of("version"), get=False),
    "readiness:version_discard": page(BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=pk_of("version"), get=False),
    "readiness:version_thresholds": page(
        BPBD, ADMIN, scope=TEMPLATES, kwargs=pk_of("version"), get=False, body={"name_0": "Pratama", "bound_0": "0"}
    ),
    "readiness:section_create": page(
        BPBD, ADMIN, scope=TEMPLATES, kwargs=pk_of("version"), get=False, body={"title": "Baru"}
    ),
    "readiness:section_save": page(
        BPBD, ADMIN, scope=TEMPLATES, kwargs=version_part("section_pk"), get=False, body={"title": "Diubah"}
    ),
    "readiness:section_delete": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=version_part("section_pk"), get=False
    ),
    "readiness:section_move": page(BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=version_part("section_pk"), get=False),
    "readiness:indicator_create": page(ADMIN, ADMIN, scope=TEMPLATES, kwargs=pk_of("version")),
    "readiness:indicator_edit": page(ADMIN, ADMIN, scope=TEMPLATES, kwargs=version_part("indicator_pk")),
    "readiness:indicator_delete": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=version_part("indicator_pk"), get=False
    ),
    "readiness:indicator_move": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=version_part("indicator_pk"), get=False
    ),
    "readiness:version_export": page(
        BPBD_READERS, scope=TEMPLATES, kwargs=lambda w, p: {"pk": w["version"][p].pk, "fmt": "csv"}
    ),
    "readiness:version_compare": page(
        BPBD_READERS, scope=TEMPLATES, kwargs=lambda w, p: {"pk": w["version"][p].pk, "other_pk": w["version"][p].pk}
    ),
    "readiness:assignment_create": page(ADMIN, ADMIN),
    "readiness:assignment_edit": page(ADMIN, ADMIN, scope=DISTRICT, kwargs=pk_of("assignment")),
    # --- Readiness: reports are filled in by the kecamatan's officer, reviewed by its BPBD ------
    "readiness:results": page(),
    "readiness:results_export": page(kwargs={"fmt": "csv"}),
    # Opening a report that exists shows it (a read for whoever sees it); only a new one is written.
    "readiness:report_open": page(EVERYONE, EVERYONE, scope=KECAMATAN, body=report_opening, get=False),
    "readiness:report_detail": page(scope=KECAMATAN, kwargs=pk_of("report")),
    "readiness:report_save": page(
        EVERYONE,
        OFFICERS,
        scope=KECAMATAN,
        kwargs=pk_of("report"),
        get=False,
        body=lambda w, p: {f"value_{y1(w, p).pk}": "no", "submit": "1"},
    ),
    "readiness:report_review": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("report"), get=False, body={"decision": "verify"}
    ),
    "readiness:report_reopen": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("report"), get=False, body={"reason": "Koreksi"}
    ),
    "readiness:report_print": page(scope=KECAMATAN, kwargs=pk_of("report")),
    "readiness:evidence": page(scope=KECAMATAN, kwargs=pk_of("evidence")),
    "readiness:completeness": page(),
    "readiness:compare": page(BPBD_READERS, scope=DISTRICT, query=lambda w, p: {"district": w[p].code}),
    "readiness:compare_export": page(
        BPBD_READERS, scope=DISTRICT, kwargs={"fmt": "csv"}, query=lambda w, p: {"district": w[p].code}
    ),
    "readiness:trend": page(scope=KECAMATAN, kwargs=code_of),
    # --- Readiness: the library (partners browse and adopt shared templates) -------------------
    "readiness:library": page(),
    "readiness:library_detail": page(scope=LIBRARY, kwargs=pk_of("template")),
    "readiness:library_adopt": page(
        EVERYONE, ADMIN, scope=LIBRARY, kwargs=pk_of("template"), get=False, body={"name": "Salinan"}
    ),
    "readiness:library_version": page(scope=LIBRARY, kwargs=pk_of("version")),
    "readiness:library_export": page(scope=LIBRARY, kwargs=lambda w, p: {"pk": w["version"][p].pk, "fmt": "csv"}),
    "readiness:library_compare": page(
        scope=LIBRARY, query=lambda w, p: {"old": w["version"][p].pk, "new": w["version"][p].pk}
    ),
    # --- Card and plan templates: BPBD of the owner edit and apply; partners read the library ------
    "plans:template_index": page(BPBD_READERS),
    "plans:template_library": page(BPBD_READERS),
    "plans:template_create": page(ADMIN, ADMIN, kwargs={"kind": "cards"}, body={"name": "Kartu baru"}),
    "plans:template_compare": page(
        BPBD_READERS,
        scope=LIBRARY,
        kwargs={"kind": "cards"},
        query=lambda w, p: {"old": w["card_version"][p].pk, "new": w["card_version"][p].pk},
    ),
    "plans:template_detail": page(BPBD_READERS, scope=TEMPLATES, kwargs=kind_pk("cards", "card_template")),
    "plans:template_settings": page(
        BPBD, ADMIN, scope=TEMPLATES, kwargs=kind_pk("cards", "card_template"), get=False, body={"name": "Diubah"}
    ),
    "plans:template_draft": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=kind_pk("cards", "card_template"), get=False
    ),
    "plans:template_pull": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=kind_pk("cards", "card_template"), get=False
    ),
    "plans:template_version": page(BPBD_READERS, scope=LIBRARY, kwargs=kind_pk("plans", "plan_version")),
    "plans:template_publish": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=kind_pk("plans", "plan_version"), get=False
    ),
    "plans:template_retire": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=kind_pk("plans", "plan_version"), get=False
    ),
    "plans:template_discard": page(
        BPBD_READERS, ADMIN, scope=TEMPLATES, kwargs=kind_pk("plans", "plan_version"), get=False
    ),
    "plans:template_apply": page(BPBD, BPBD, scope=TEMPLATES, kwargs=kind_pk("cards", "card_version")),
    "plans:template_library_detail": page(BPBD_READERS, scope=LIBRARY, kwargs=kind_pk("cards", "card_template")),
    "plans:template_adopt": page(
        BPBD, ADMIN, scope=LIBRARY, kwargs=kind_pk("cards", "card_template"), get=False, body={"name": "Salinan"}
    ),
    # --- Plans: officers keep their kecamatan's plan and cards, BPBD the district's ---------------
    "plans:index": page(),
    "plans:district_plan": page(WORKERS),  # the user's own district's plan: overseers have none
    "plans:district_item_create": page(BPBD, BPBD, body={"title": "Kegiatan baru", "status": "planned"}),
    "plans:kecamatan_plan": page(scope=KECAMATAN, kwargs=code_of),
    "plans:item_create": page(WORKERS, WORKERS, scope=KECAMATAN, kwargs=code_of),
    "plans:timeline": page(scope=KECAMATAN, kwargs=code_of),
    "plans:card_create": page(WORKERS, WORKERS, scope=KECAMATAN, kwargs=code_of),
    "plans:card_edit": page(
        WORKERS, WORKERS, scope=KECAMATAN, kwargs=lambda w, p: {"code": w[p].code, "pk": w["card"][p].pk}
    ),
    "plans:item": page(scope=KECAMATAN, kwargs=pk_of("item")),
    "plans:item_edit": page(WORKERS, WORKERS, scope=KECAMATAN, kwargs=pk_of("item")),
    "plans:evidence_upload": page(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("item"), get=False),
    "plans:evidence": page(scope=KECAMATAN, kwargs=pk_of("plan_evidence")),
    "plans:agencies": page(),
    "plans:agency_create": page(BPBD, BPBD, body={"kind": "puskesmas", "name": "Puskesmas Baru"}),
    "plans:agency_edit": page(
        BPBD, BPBD, scope=DISTRICT, kwargs=pk_of("agency"), body={"kind": "puskesmas", "name": "Diubah"}
    ),
    "plans:cards": page(),
    "plans:card": page(scope=KECAMATAN, kwargs=pk_of("card")),
    "plans:card_review": page(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("card"), get=False),
    "plans:settings": page(ADMIN, ADMIN, body={"card_review_days": "30"}),
    "plans:gaps": page(
        EVERYONE,
        WORKERS,
        scope=KECAMATAN,
        query=lambda w, p: {"report": w["report"][p].pk},
        body=lambda w, p: {"report": w["report"][p].pk},
    ),
    # --- Alerts: BPBD see the district's, officers their kecamatan's; only BPBD resolve ---------
    "alerts:list": page(),
    "alerts:detail": page(scope=KECAMATAN, kwargs=pk_of("alert")),
    "alerts:acknowledge": page(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("alert"), get=False),
    "alerts:resolve": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("alert"), get=False, body={"note": "Air surut"}
    ),
    "alerts:warnings": page(BPBD_READERS),
    "alerts:warning_create": page(BPBD, BPBD),
    "alerts:warning_cancel": page(BPBD_READERS, BPBD, scope=DISTRICT, kwargs=pk_of("warning"), get=False),
    "alerts:inbox": page(),
    "alerts:notification_read": page(EVERYONE, EVERYONE, scope=OWN, kwargs=pk_of("notification"), get=False),
    "alerts:notifications_read_all": page(EVERYONE, EVERYONE, get=False),
    "alerts:preferences": page(EVERYONE, EVERYONE),
    "alerts:contact_start": page(EVERYONE, EVERYONE, get=False),
    "alerts:contact_verify": page(EVERYONE, EVERYONE, get=False),
    "alerts:cap": page(BPBD, BPBD),
    "alerts:cap_detail": page(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("cap")),
    # CAP documents: a public alert for anyone (test_public_alerts_are_published), an internal one
    # only for those who may see it.
    "cap:alert": Rule("public", scope=KECAMATAN, kwargs=pk_of("alert")),
    "cap:feed": Rule("public", kwargs=lambda w, p: {"code": w["balangan"].code}),
    # --- Logistics: BPBD run the district's warehouses; officers see the stores serving them ----
    "logistics:index": page(),
    "logistics:warehouse_new": page(BPBD, BPBD),
    "logistics:warehouse_edit": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("warehouse")),
    "logistics:warehouse_minimums": page(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        kwargs=pk_of("warehouse"),
        body={"item": "SLMT", "mode": "fixed", "fixed_quantity": "50"},
    ),
    "logistics:minimum_remove": page(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("minimum"), get=False),
    "logistics:settings": page(ADMIN, ADMIN),
    "logistics:warehouse_detail": page(scope=KECAMATAN, kwargs=pk_of("warehouse")),
    "logistics:stock_card": page(
        scope=KECAMATAN, kwargs=lambda w, p: {"pk": w["warehouse"][p].pk, "item_code": "SLMT"}
    ),
    "logistics:balance_list": page(scope=KECAMATAN, query=lambda w, p: {"warehouse": store(w, p)}),
    "logistics:document_list": page(),
    "logistics:receipt_new": page(BPBD, BPBD),
    "logistics:dispatch_new": page(BPBD, BPBD),
    "logistics:transfer_new": page(BPBD, BPBD),
    "logistics:adjustment_new": page(BPBD, BPBD),
    "logistics:count_new": page(BPBD, BPBD),
    "logistics:count_sheet": page(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("count"), body={"post": "1"}),
    "logistics:document_detail": page(scope=KECAMATAN, kwargs=pk_of("receipt")),
    # The transfer went to the district's main warehouse: the kecamatan's officer sees it, but
    # only BPBD confirm its receipt.
    "logistics:document_receive": page(
        BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("transfer"), body={"received_date": today()}
    ),
    "logistics:document_print": page(scope=KECAMATAN, kwargs=lambda w, p: {"pk": w["transfer"][p].pk, "paper": "bast"}),
    "logistics:proof": page(scope=KECAMATAN, kwargs=pk_of("proof")),
    "logistics:request_list": page(),
    "logistics:request_new": page(EVERYONE, WORKERS, overseer_refusal=FORM_REFUSAL),
    "logistics:request_detail": page(scope=KECAMATAN, kwargs=pk_of("request")),
    "logistics:request_edit": page(
        EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("draft_request"), overseer_refusal=FORM_REFUSAL
    ),
    "logistics:request_approve": page(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        kwargs=pk_of("request"),
        get=False,
        body=lambda w, p: {f"line_{line.pk}": "1" for line in w["request"][p].lines.all()},
    ),
    "logistics:request_reject": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("request"), get=False, body={"reason": "Stok cukup"}
    ),
    "logistics:request_dispatch": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("request")),
    "logistics:request_print": page(scope=KECAMATAN, kwargs=pk_of("request")),
    "logistics:shortage_list": page(scope=KECAMATAN, query=lambda w, p: {"warehouse": store(w, p)}),
    "logistics:expiry_watch": page(scope=KECAMATAN, query=lambda w, p: {"warehouse": store(w, p)}),
    "logistics:needs": page(EVERYONE, WORKERS, overseer_refusal=FORM_REFUSAL),
    # --- API: core, territory, accounts ---------------------------------------------------------
    "api-root": api(),
    "api-schema": Rule("public"),
    "api-docs": Rule("public"),
    "api-token": framework("POST credentials for a token, DELETE one's own; tested in tests/api"),
    "api-me": api(),
    "api-map-kecamatan": api(),
    "api-map-desa": api(scope=KECAMATAN, query=lambda w, p: {"kecamatan": w[p].code}),
    "district-list": api(),
    "district-detail": api(scope=DISTRICT, kwargs=code_of),
    "kecamatan-list": api(),
    "kecamatan-detail": api(scope=KECAMATAN, kwargs=code_of),
    "hazard-list": api(),
    "hazard-detail": api(kwargs={"code": "banjir"}),
    "risk-profile-list": api(EVERYONE, BPBD, scope=KECAMATAN, body=risk_values),
    "risk-profile-detail": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("risk"), body=risk_values),
    # --- API: readiness -------------------------------------------------------------------------
    "card-template-list": api(),  # officers get an empty list: templates are BPBD's
    "card-template-detail": api(BPBD_READERS, scope=TEMPLATES, kwargs=pk_of("card_template")),
    "card-template-library": api(),
    "card-template-adopt": api(
        BPBD, ADMIN, scope=LIBRARY, kwargs=pk_of("card_template"), get=False, body={"name": "Salinan"}
    ),
    "card-template-apply": api(BPBD_READERS, BPBD, scope=TEMPLATES, kwargs=pk_of("card_template"), get=False),
    "plan-template-list": api(),
    "plan-template-detail": api(BPBD_READERS, scope=TEMPLATES, kwargs=pk_of("plan_template")),
    "plan-template-library": api(),
    "plan-template-adopt": api(
        BPBD, ADMIN, scope=LIBRARY, kwargs=pk_of("plan_template"), get=False, body={"name": "Salinan"}
    ),
    "plan-template-apply": api(BPBD_READERS, BPBD, scope=TEMPLATES, kwargs=pk_of("plan_template"), get=False),
    "readiness-template-list": api(),  # officers get an empty list: templates are BPBD's
    "readiness-template-detail": api(BPBD_READERS, scope=TEMPLATES, kwargs=pk_of("template")),
    "readiness-template-library": api(),
    "readiness-template-adopt": api(
        EVERYONE, ADMIN, scope=LIBRARY, kwargs=pk_of("template"), get=False, body={"name": "Salinan"}
    ),
    "readiness-version-list": api(),
    "readiness-version-detail": api(scope=LIBRARY, kwargs=pk_of("version")),
    "readiness-version-diff": api(
        scope=LIBRARY, kwargs=pk_of("version"), query=lambda w, p: {"against": w["version"][p].pk}
    ),
    "readiness-report-list": api(),
    "readiness-report-open": api(EVERYONE, EVERYONE, scope=KECAMATAN, body=report_opening, get=False),
    "readiness-report-detail": api(scope=KECAMATAN, kwargs=pk_of("report")),
    "readiness-report-answers": api(
        EVERYONE,
        OFFICERS,
        scope=KECAMATAN,
        kwargs=pk_of("report"),
        get=False,
        body={"answers": [{"indicator": "Y1", "value": "no"}]},
    ),
    "readiness-report-evidence": api(
        EVERYONE, OFFICERS, scope=KECAMATAN, kwargs=pk_of("report"), get=False, body=evidence_upload, multipart=True
    ),
    "readiness-report-file": api(
        EVERYONE,
        OFFICERS,
        scope=KECAMATAN,
        kwargs=pk_of("report"),
        get=False,
        body=lambda w, p: {"answers": '[{"indicator": "Y1", "value": "no"}]', "submit": "true"},
        multipart=True,
        headers={"Idempotency-Key": "matrix-walk-0001"},
    ),
    "readiness-report-submit": api(EVERYONE, OFFICERS, scope=KECAMATAN, kwargs=pk_of("report"), get=False),
    "readiness-report-review": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        kwargs=pk_of("report"),
        get=False,
        body=[{"indicator": "Y1", "verdict": "accepted"}],
    ),
    "readiness-report-verify": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("report"), get=False),
    "readiness-report-return-": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("report"), get=False, body={"note": "Lengkapi"}
    ),
    "readiness-report-reopen": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("report"), get=False, body={"reason": "Koreksi"}
    ),
    "api-readiness-evidence": api(scope=KECAMATAN, kwargs=pk_of("evidence")),
    "api-readiness-compare": api(BPBD_READERS, scope=DISTRICT, query=lambda w, p: {"district": w[p].code}),
    "api-readiness-completeness": api(scope=DISTRICT, query=lambda w, p: {"assignment": w["assignment"][p].pk}),
    "api-readiness-desa": api(scope=KECAMATAN, query=lambda w, p: {"kecamatan": w[p].code}),
    "api-readiness-schools": api(scope=KECAMATAN, query=lambda w, p: {"kecamatan": w[p].code}),
    "api-readiness-katana": api(
        EVERYONE,
        WORKERS,
        scope=KECAMATAN,
        get=False,
        body=lambda w, p: {"desa": w["desa"][p].code, "counted_on": today(), "households": 12},
    ),
    # --- API: plans -----------------------------------------------------------------------------
    "agency-list": api(EVERYONE, BPBD, body={"kind": "puskesmas", "name": "Puskesmas Baru"}),
    "agency-detail": api(
        EVERYONE, BPBD, scope=DISTRICT, kwargs=pk_of("agency"), body={"kind": "puskesmas", "name": "Diubah"}
    ),
    "action-plan-list": api(),
    "action-plan-detail": api(scope=KECAMATAN, kwargs=lambda w, p: {"pk": w["item"][p].plan_id}),
    "action-item-list": api(
        EVERYONE, WORKERS, scope=KECAMATAN, body=lambda w, p: {"kecamatan": w[p].code, "title": "Kegiatan baru"}
    ),
    "action-item-detail": api(
        EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("item"), body={"title": "Diubah", "progress": 50}
    ),
    "action-item-history": api(scope=KECAMATAN, kwargs=pk_of("item")),
    "quick-response-card-list": api(),
    "quick-response-card-detail": api(scope=KECAMATAN, kwargs=pk_of("card")),
    "quick-response-card-review": api(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("card"), get=False),
    # --- API: alerts ----------------------------------------------------------------------------
    "field-report-list": api(),  # officers and partners of other districts get an empty list
    "field-report-detail": api(scope=FIELD_REPORTS, kwargs=pk_of("field_report")),
    "field-report-verify": api(BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False),
    "field-report-dismiss": api(BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False),
    "field-report-open-event": api(BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False),
    "alert-list": api(),
    "alert-detail": api(scope=KECAMATAN, kwargs=pk_of("alert")),
    "alert-acknowledge": api(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("alert"), get=False),
    "alert-resolve": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("alert"), get=False, body={"note": "Air surut"}),
    "hazard-warning-list": api(  # officers get an empty list: warnings are raised by BPBD
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        body=lambda w, p: {
            "kecamatan": [w[p].code],
            "hazard": "banjir",
            "title": "Siaga",
            "expires_at": "2099-01-01T00:00:00Z",
        },
    ),
    "hazard-warning-detail": api(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("warning")),
    "hazard-warning-cancel": api(BPBD_READERS, BPBD, scope=DISTRICT, kwargs=pk_of("warning"), get=False),
    "notification-list": api(),
    "notification-detail": api(scope=OWN, kwargs=pk_of("notification")),
    "notification-read": api(EVERYONE, EVERYONE, scope=OWN, kwargs=pk_of("notification"), get=False),
    "notification-read-all": api(EVERYONE, EVERYONE, get=False),
    "api-cap-import": api(BPBD_READERS, BPBD, get=False, multipart=True),
    # --- API: logistics -------------------------------------------------------------------------
    "logistics-warehouse-list": api(EVERYONE, BPBD, body={"code": "BARU", "name": "Gudang Baru", "kind": "kecamatan"}),
    "logistics-warehouse-detail": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("warehouse"), body={"name": "Diubah"}
    ),
    "logistics-minimum-list": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        body=lambda w, p: {"warehouse": store(w, p), "item": "SLMT", "mode": "fixed", "fixed_quantity": "50"},
    ),
    "logistics-minimum-detail": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("minimum")),
    "logistics-settings-list": api(),
    "logistics-settings-detail": api(
        EVERYONE, ADMIN, scope=DISTRICT, kwargs=code_of, body={"buffer_days": 9, "planning_share_percent": "50"}
    ),
    "logistics-item-list": api(),
    "logistics-item-detail": api(kwargs={"code": "SLMT"}),
    "logistics-lot-list": api(),
    "logistics-lot-detail": api(scope=KECAMATAN, kwargs=pk_of("lot")),
    "logistics-balance-list": api(scope=KECAMATAN, query=lambda w, p: {"warehouse": store(w, p)}),
    "logistics-movement-list": api(),
    "logistics-movement-detail": api(scope=KECAMATAN, kwargs=pk_of("movement")),
    "logistics-receipt-list": api(
        EVERYONE, BPBD, scope=KECAMATAN, body=lambda w, p: shipment(w, p, funding_source="apbd_kabupaten")
    ),
    "logistics-receipt-detail": api(scope=KECAMATAN, kwargs=pk_of("receipt")),
    "logistics-dispatch-list": api(
        EVERYONE, BPBD, scope=KECAMATAN, body=lambda w, p: shipment(w, p, destination_kecamatan=w[p].code)
    ),
    "logistics-dispatch-detail": api(scope=KECAMATAN, kwargs=pk_of("dispatch")),
    "logistics-dispatch-receive": api(
        EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("dispatch"), get=False, body={"received_date": today()}
    ),
    "logistics-transfer-list": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        # To the store itself: the only warehouse an officer can name.
        body=lambda w, p: shipment(w, p, destination_warehouse=store(w, p)),
    ),
    "logistics-transfer-detail": api(scope=KECAMATAN, kwargs=pk_of("transfer")),
    "logistics-transfer-receive": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("transfer"), get=False, body={"received_date": today()}
    ),
    "logistics-adjustment-list": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        body=lambda w, p: {
            "warehouse": store(w, p),
            "reason": "damaged",
            "business_date": today(),
            "lines": [{"lot": w["lot"][p].pk, "quantity": "-1"}],
        },
    ),
    "logistics-adjustment-detail": api(scope=KECAMATAN, kwargs=pk_of("adjustment")),
    "logistics-request-list": api(EVERYONE, WORKERS, scope=KECAMATAN, body=supply_request),
    "logistics-request-detail": api(scope=KECAMATAN, kwargs=pk_of("request")),
    "logistics-request-approve": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("request"), get=False),
    "logistics-request-reject": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("request"), get=False, body={"reason": "Stok cukup"}
    ),
    "logistics-request-dispatch-goods": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("request"), get=False, body=shipment
    ),
    # --- Response: BPBD record events, decrees and sitreps; officers file impact for their desa ----
    # An event is seen by whoever sees one of its kecamatan (each world event touches one); the
    # casualties by name and the sitreps are BPBD's; the CAP document of an event is public.
    "response:index": page(),
    "response:my_tasks": page(),
    "response:settings": page(ADMIN, ADMIN, body={"decree_warning_days": "3"}),
    "response:event_create": page(BPBD, BPBD, body=lambda w, p: {"hazard": w["banjir"].pk, "started_at": now()}),
    "response:event_detail": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "response:event_edit": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event")),
    "response:event_close": page(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), get=False),
    "response:chronology_add": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), get=False, body={"text": "Air naik"}
    ),
    "response:decree_create": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event")),
    "response:decree_file": page(scope=KECAMATAN, kwargs=pk_of("decree")),
    "response:card_activate": page(
        BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), body=lambda w, p: {"card": w["card"][p].pk}
    ),
    "response:items_pull": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event")),
    "response:task_detail": page(scope=KECAMATAN, kwargs=pk_of("task")),
    "response:task_act": page(
        EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("task"), get=False, body={"action": "acknowledge"}
    ),
    "response:impact_index": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "response:impact_create": page(OFFICERS, OFFICERS, scope=KECAMATAN, kwargs=pk_of("event")),
    "response:impact_export": page(scope=KECAMATAN, kwargs=lambda w, p: {"pk": w["event"][p].pk, "fmt": "csv"}),
    "response:impact_dibi": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "response:impact_detail": page(scope=KECAMATAN, kwargs=pk_of("impact")),
    "response:impact_edit": page(OFFICERS, OFFICERS, scope=KECAMATAN, kwargs=pk_of("impact")),
    "response:impact_review": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("impact"), get=False, body={"decision": "verify"}
    ),
    "response:casualties": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event")),
    "response:casualty_edit": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("casualty")),
    "response:sitrep_create": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), body={"kind": "berkala"}),
    "response:sitrep_detail": page(BPBD_READERS, scope=KECAMATAN, kwargs=pk_of("sitrep")),
    "response:sitrep_text": page(BPBD_READERS, scope=KECAMATAN, kwargs=pk_of("sitrep")),
    "shelters:index": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "shelters:profiles": page(EVERYONE, ADMIN, body=lambda w, p: {"profile": sphere(w)}),
    "shelters:create": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), body=new_shelter),
    "shelters:needs": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "shelters:profile_set": page(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), get=False, body=lambda w, p: {"profile": sphere(w)}
    ),
    "shelters:export": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "shelters:deliveries_export": page(scope=KECAMATAN, kwargs=pk_of("event")),
    "shelters:donors": page(BPBD, scope=KECAMATAN, kwargs=pk_of("event")),
    "shelters:detail": page(scope=KECAMATAN, kwargs=pk_of("shelter")),
    "shelters:edit": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("shelter")),
    "shelters:count_create": page(WORKERS, WORKERS, scope=KECAMATAN, kwargs=pk_of("shelter"), body=shelter_count),
    "shelters:dispatch": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("shelter")),
    "shelters:distribute": page(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("shelter")),
    "response_cap:event": Rule("public", kwargs=lambda w, p: {"pk": w["event"]["paringin"].pk}),
    # --- API: shelters ---------------------------------------------------------------------------
    "shelter-list": api(EVERYONE, BPBD, scope=KECAMATAN, body=new_shelter),
    "shelter-detail": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("shelter"), body=new_shelter),
    "shelter-counts": api(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("shelter"), body=shelter_count),
    "shelter-needs": api(scope=KECAMATAN, kwargs=pk_of("shelter")),
    "shelter-event-needs": api(scope=KECAMATAN, query=lambda w, p: {"event": w["event"][p].pk}),
    "shelter-profile": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        get=False,
        body=lambda w, p: {"event": w["event"][p].pk, "profile": "sphere-2018"},
    ),
    "shelter-distribute": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        kwargs=pk_of("shelter"),
        get=False,
        body={"business_date": today(), "households_reached": 1, "lines": [{"item": "BRS", "quantity": "1"}]},
    ),
    "needs-profile-list": api(),
    "needs-profile-detail": api(kwargs=lambda w, p: {"pk": sphere(w)}),
    # --- Messaging: field reports and sitreps to groups -----------------------------------------
    "messaging:sitrep_send": page(
        BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("sitrep"), body={"provider": "telegram"}, get=False
    ),
    "messaging:reports": page(BPBD_READERS),
    "messaging:report_detail": page(BPBD_READERS, scope=FIELD_REPORTS, kwargs=pk_of("field_report")),
    "messaging:report_verify": page(BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False),
    "messaging:report_dismiss": page(BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False),
    "messaging:report_open_event": page(
        BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False
    ),
    "messaging:report_attach": page(BPBD_READERS, BPBD, scope=FIELD_REPORTS, kwargs=pk_of("field_report"), get=False),
    # Providers post here without a session; only the district's secret (signature, token) lets a
    # message in: without one, a refusal (403), or 404 for a district with no such channel.
    "messaging:webhook": Rule("public", kwargs={"code": "63.11", "provider": "whatsapp"}, ok=(403, 404)),
    # --- API: response ------------------------------------------------------------------------
    # An account without a district is told so (400) before anyone asks whether it may record events.
    "response-event-list": api(EVERYONE, BPBD, scope=KECAMATAN, body=new_event, overseer_refusal=(400,)),
    "response-event-detail": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), body={"title": "Diubah"}),
    "response-event-close": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), get=False, body=lambda w, p: {"ended_at": now()}
    ),
    "response-event-chronology": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), body=lambda w, p: {"at": now(), "text": "Air naik"}
    ),
    "response-event-decrees": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), get=False, body=decree_upload, multipart=True
    ),
    "response-event-activate": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("event"), get=False, body=lambda w, p: {"card": w["card"][p].pk}
    ),
    "response-event-pull": api(
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        kwargs=pk_of("event"),
        get=False,
        body=lambda w, p: {"items": [], "due_at": now()},
    ),
    "response-event-figures": api(scope=KECAMATAN, kwargs=pk_of("event")),
    "response-decree-list": api(),
    "response-decree-detail": api(scope=KECAMATAN, kwargs=pk_of("decree")),
    "response-decree-file": api(scope=KECAMATAN, kwargs=pk_of("decree")),
    "response-task-list": api(),
    "response-task-detail": api(scope=KECAMATAN, kwargs=pk_of("task")),
    "response-task-acknowledge": api(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("task"), get=False),
    "response-task-start": api(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("task"), get=False),
    "response-task-done": api(EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("task"), get=False),
    "response-task-not-possible": api(
        EVERYONE, WORKERS, scope=KECAMATAN, kwargs=pk_of("task"), get=False, body={"reason": "Jalan putus"}
    ),
    "response-impact-report-list": api(EVERYONE, OFFICERS, scope=KECAMATAN, body=impact_filing),
    "response-impact-report-detail": api(EVERYONE, OFFICERS, scope=KECAMATAN, kwargs=pk_of("impact"), body={"dead": 2}),
    "response-impact-report-submit": api(EVERYONE, OFFICERS, scope=KECAMATAN, kwargs=pk_of("impact"), get=False),
    "response-impact-report-verify": api(EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("impact"), get=False),
    "response-impact-report-return": api(
        EVERYONE, BPBD, scope=KECAMATAN, kwargs=pk_of("impact"), get=False, body={"note": "Periksa lagi"}
    ),
    "response-casualty-list": api(  # officers get an empty list: names are BPBD's
        EVERYONE,
        BPBD,
        scope=KECAMATAN,
        body=lambda w, p: {
            "event": w["event"][p].pk,
            "desa": w["desa"][p].code,
            "name": "X",
            "sex": "m",
            "status": "missing",
        },
    ),
    "response-casualty-detail": api(BPBD, BPBD, scope=KECAMATAN, kwargs=pk_of("casualty"), body={"name": "Y"}),
    "response-sitrep-list": api(  # officers get an empty list: sitreps are BPBD's and their overseers'
        EVERYONE, BPBD, scope=KECAMATAN, body=lambda w, p: {"event": w["event"][p].pk, "kind": "berkala"}
    ),
    "response-sitrep-detail": api(BPBD_READERS, scope=KECAMATAN, kwargs=pk_of("sitrep")),
    "response-sitrep-text": api(BPBD_READERS, scope=KECAMATAN, kwargs=pk_of("sitrep")),
    # --- Upward reports: BPBD file them, BPBD Provinsi verify or return them, BNPB reads ------------
    "upward:index": page(BPBD_READERS),
    "upward:spm_open": page(BPBD, BPBD, get=False, body=lambda w, p: last_quarter()),
    "upward:spm_detail": page(
        BPBD_READERS, BPBD, scope=DISTRICT, kwargs=pk_of("spm_report"), body={"problems": "Anggaran terbatas"}
    ),
    "upward:spm_review": page(
        BPBD_READERS, KALSEL, scope=DISTRICT, kwargs=pk_of("spm_report"), get=False, body={"decision": "verify"}
    ),
    "upward:spm_export": page(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("spm_report")),
    # The SPM catalogue: every reader of SPM reports sees it; a BNPB admin (no column here:
    # tests/upward/test_catalogue.py) revises it, so every column is refused the writes.
    "upward:catalogue": page(BPBD_READERS),
    "upward:catalogue_new": page(BPBD_READERS, NOBODY, get=False),
    "upward:catalogue_version": page(BPBD_READERS, NOBODY, kwargs={"number": 1}, body={"title": "Ubah"}),
    "upward:catalogue_publish": page(BPBD_READERS, NOBODY, kwargs={"number": 1}, get=False),
    "upward:catalogue_discard": page(BPBD_READERS, NOBODY, kwargs={"number": 1}, get=False),
    "upward:catalogue_service": page(BPBD_READERS, NOBODY, kwargs=lambda w, p: {"pk": spm_v1("service")}, get=False),
    "upward:catalogue_sub_activity": page(
        BPBD_READERS, NOBODY, kwargs=lambda w, p: {"pk": spm_v1("sub_activity")}, body={"name": "Ubah"}
    ),
    "upward:spm_evidence": page(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("spm_entry")),
    "upward-spm-report-list": api(),  # officers get an empty list: upward reports are BPBD's
    "upward-spm-report-detail": api(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("spm_report")),
    "upward-spm-report-open": api(
        BPBD, BPBD, scope=DISTRICT, get=False, body=lambda w, p: {"district": w[p].code, **last_quarter()}
    ),
    "upward-spm-report-save": api(
        BPBD_READERS, BPBD, scope=DISTRICT, kwargs=pk_of("spm_report"), get=False, body={"problems": "Anggaran"}
    ),
    "upward-spm-report-verify": api(BPBD_READERS, KALSEL, scope=DISTRICT, kwargs=pk_of("spm_report"), get=False),
    "upward-spm-report-return": api(
        BPBD_READERS, KALSEL, scope=DISTRICT, kwargs=pk_of("spm_report"), get=False, body={"note": "Lengkapi bukti"}
    ),
    "upward-spm-report-export": api(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("spm_report")),
    "upward:ikd_open": page(BPBD, BPBD, get=False, body=lambda w, p: {"ikd-year": districts_today().year - 1}),
    "upward:ikd_detail": page(
        BPBD_READERS, BPBD, scope=DISTRICT, kwargs=pk_of("ikd_assessment"), body=lambda w, p: ikd_answer(w, p)
    ),
    "upward:ikd_review": page(
        BPBD_READERS, KALSEL, scope=DISTRICT, kwargs=pk_of("ikd_assessment"), get=False, body={"decision": "verify"}
    ),
    "upward-ikd-assessment-list": api(),  # officers get an empty list: upward reports are BPBD's
    "upward-ikd-assessment-detail": api(BPBD_READERS, scope=DISTRICT, kwargs=pk_of("ikd_assessment")),
    "upward-ikd-assessment-open": api(
        BPBD,
        BPBD,
        scope=DISTRICT,
        get=False,
        body=lambda w, p: {"district": w[p].code, "year": districts_today().year - 1},
    ),
    "upward-ikd-assessment-save": api(
        BPBD_READERS,
        BPBD,
        scope=DISTRICT,
        kwargs=pk_of("ikd_assessment"),
        get=False,
        body={"answers": [{"indicator": "S1", "value": "Draf"}]},
    ),
    "upward-ikd-assessment-verify": api(
        BPBD_READERS, KALSEL, scope=DISTRICT, kwargs=pk_of("ikd_assessment"), get=False
    ),
    "upward-ikd-assessment-return": api(
        BPBD_READERS, KALSEL, scope=DISTRICT, kwargs=pk_of("ikd_assessment"), get=False, body={"note": "Lengkapi"}
    ),
}
