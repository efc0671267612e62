"""Offline-first in a real browser: camat.paringin's phone keeps working with no signal, for his
readiness reports and, in the demo flood, for his tasks, impact reports and shelter counts.

The phone is a persistent browser profile (its service worker, caches, IndexedDB and local
storage survive closing the browser, as on a real phone), driven offline with Playwright.
"""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from kecamatan.models import Kecamatan
from kencana.accounts.models import User
from kencana.core.models import AppliedRequest
from kencana.readiness.models import Evidence, Report, ReportState
from kencana.response import services
from kencana.response.models import Event, ImpactReport, Task, TaskState
from kencana.shelters.models import Shelter, ShelterCount

from ..factories import local_input
from .axe import violations as axe_violations
from .conftest import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, fits_the_screen, login
from .test_readiness import answer_everything

# The addresses (path and query) the service worker keeps, read into window.keptPages: a predicate
# of wait_for_function must answer at once (a Promise would count as true), so each poll reads the
# cache again and the next poll sees the answer.
KEPT = """paths => {
    caches.open('kencana-pages').then(c => c.keys()).then(keys => {
        window.keptPages = keys.map(k => { const u = new URL(k.url); return u.pathname + u.search; });
    });
    return !!window.keptPages && paths.every(p => window.keptPages.includes(p));
}"""


LEFT_ON_THE_DEVICE = """async () => ({
    caches: await caches.keys(),
    databases: (await indexedDB.databases()).map(db => db.name),
    localStorage: Object.keys(localStorage),
    workers: (await navigator.serviceWorker.getRegistrations()).map(r => r.scope),
})"""
NOTHING = {"caches": [], "databases": [], "localStorage": [], "workers": []}


@pytest.fixture
def phone(browser, live_server, tmp_path):
    """Opens camat.paringin's phone: the same browser profile each time it is opened."""
    profile = tmp_path / "phone-profile"
    contexts = []

    def open_phone():
        context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=LAUNCH_ARGS,
            base_url=live_server.url,
            viewport={"width": 390, "height": 844},
            locale="id-ID",
            service_workers="allow",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_phone
    for context in contexts:
        context.close()  # a context the test closed already: nothing happens


def open_report(page) -> Report:
    page.goto("/readiness/")
    page.locator("form[action='/readiness/reports/open/'] button").first.click()
    page.wait_for_selector("#report-form")
    return Report.objects.get(kecamatan__code="63.11.06", state=ReportState.DRAFT)


def wait_until_kept(page, *paths: str) -> None:
    """Wait until the phone keeps these pages (path and query string) for use with no connection."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(KEPT, arg=list(paths), polling=200)


def test_an_officer_opens_home_and_the_open_report_with_no_signal(readiness_demo, phone):
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)
    page.goto("/")
    expect(page.locator("#offline-note")).to_be_hidden()
    wait_until_kept(page, "/", f"/readiness/reports/{report.pk}/")

    context.set_offline(True)
    page.goto("/")
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator("#offline-note")).to_contain_text("Luring, terakhir diperbarui")
    page.goto(f"/readiness/reports/{report.pk}/")
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator("#report-form")).to_be_visible()
    assert fits_the_screen(page)
    assert not axe_violations(page)


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's frame header."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    at = 2
    while at < len(data):
        marker, length = data[at + 1], int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(data[at + 5 : at + 7], "big")
        at += 2 + length
    raise AssertionError("no frame header")


def photos(page) -> list[dict]:
    """Two JPEG photos, as a phone's camera gives them (here: what the phone's screen shows)."""
    shot = page.screenshot(type="jpeg", quality=80)
    return [{"name": f"foto-{n}.jpg", "mimeType": "image/jpeg", "buffer": shot} for n in (1, 2)]


def attach_evidence(page) -> None:
    """Both photos on the first question that needs evidence; a photo on every other such question."""
    inputs = page.locator("#report-form .indicator:has(.badge.info) input[type=file]")
    pictures = photos(page)
    inputs.first.set_input_files(pictures)
    for n in range(1, inputs.count()):
        inputs.nth(n).set_input_files(pictures[:1])


def outbox_states(page) -> list[str]:
    return page.locator("#outbox .outbox-items > li").evaluate_all("items => items.map(i => i.dataset.state)")


def test_a_report_filed_with_no_signal_waits_on_the_phone_and_arrives_once(readiness_demo, phone, settings):
    settings.EVIDENCE_PHOTO_MAX_SIDE = 300  # the phone's screenshots (390 × 844) are redrawn smaller
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)
    page.goto("/")
    wait_until_kept(page, "/", f"/readiness/reports/{report.pk}/")

    context.set_offline(True)
    page.goto(f"/readiness/reports/{report.pk}/")
    expect(page.locator("#offline-note")).to_be_visible()
    answer_everything(page)
    attach_evidence(page)
    evidence_inputs = page.locator("#report-form .indicator:has(.badge.info) input[type=file]").count()
    page.locator("button[name=submit]").click()
    expect(page.locator("#outbox")).to_be_visible()
    expect(page.locator("#outbox .outbox-items > li")).to_have_count(1)
    assert outbox_states(page) == ["waiting"]
    expect(page.locator("#outbox .badge")).to_have_text("Menunggu sinyal")
    assert fits_the_screen(page)
    assert not axe_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#outbox").screenshot(path=ARTIFACTS / "offline-outbox-waiting.png")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    context.close()

    # The phone is switched on again, still with no signal: the report still waits in the outbox.
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    # Playwright's offline switch can miss a worker that the browser is only starting (the first
    # navigation then goes past it): the first request wakes the worker, which answers it from
    # the phone's cache without asking the server; from then on there is no connection at all.
    icon = page.goto("/static/img/kencana-192.png")
    assert icon.from_service_worker
    context.set_offline(True)
    page.goto("/")
    expect(page.locator("#outbox .outbox-items > li")).to_have_count(1)
    assert outbox_states(page) == ["waiting"]

    context.set_offline(False)
    page.goto("/")
    if "/accounts/login/" in page.url:  # the session ended with the browser: log in again
        login(page, "camat.paringin", form=True)
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(1, timeout=20_000)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    names = list(Evidence.objects.filter(answer__report=report).values_list("original_name", flat=True))
    # Filed once: both photos on the first question, one on each other question that needs evidence.
    assert sorted(names) == sorted(["foto-2.jpg"] + ["foto-1.jpg"] * evidence_inputs)
    for evidence in Evidence.objects.filter(answer__report=report):
        with evidence.file.open("rb") as stored:
            assert max(jpeg_size(stored.read())) == 300  # resized on the phone before it travelled
    page.reload()
    assert outbox_states(page) == ["sent"]
    page.locator("#outbox").screenshot(path=ARTIFACTS / "offline-outbox-sent.png")
    assert not axe_violations(page)

    # Logging out leaves nothing of Kencana on the phone.
    page.locator("#logout-form button").click()
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate(LEFT_ON_THE_DEVICE) == NOTHING
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_report_returned_while_the_officer_was_offline_shows_both_versions_to_choose_from(readiness_demo, phone):
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)
    answer_everything(page)
    page.locator("button[name=save]").click()  # saved online by the page, which loads the report again
    expect(page.locator(".messages li", has_text="Draf disimpan.")).to_have_count(1)
    wait_until_kept(page, f"/readiness/reports/{report.pk}/")

    context.set_offline(True)
    page.goto(f"/readiness/reports/{report.pk}/")
    number = page.locator("#report-form input[type=number]").first
    code = number.evaluate("input => input.closest('.indicator').id.slice(4)")
    number.fill("5")
    page.locator("button[name=save]").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(1)

    # Meanwhile the report went to BPBD from the office computer and came back returned.
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.RETURNED, returned_at=timezone.now(), return_note="Periksa lagi angkanya"
    )
    context.set_offline(False)
    page.goto("/")
    conflict = page.locator("#outbox .outbox-items > li[data-state=conflict]")
    expect(conflict).to_have_count(1, timeout=20_000)
    expect(conflict).to_contain_text("Laporan ini dikembalikan, diverifikasi atau dibuka kembali oleh BPBD")
    rows = conflict.locator(".conflict-table tbody tr")
    expect(rows).to_have_count(1)  # only the answer that differs
    expect(rows.first).to_contain_text(code)
    expect(rows.first.locator("td").nth(1)).to_contain_text("5")
    expect(rows.first.locator("td").nth(2)).to_contain_text("100")
    assert fits_the_screen(page)
    assert not axe_violations(page)
    page.locator("#outbox").screenshot(path=ARTIFACTS / "offline-outbox-conflict.png")
    answer = report.answers.get(indicator__code=code)
    assert answer.number == 100  # nothing was applied over BPBD's return

    conflict.locator("button", has_text="Kirim pilihan saya").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(1, timeout=20_000)
    answer.refresh_from_db()
    assert answer.number == 5


def test_a_connection_lost_while_the_answer_travels_back_still_files_the_report_once(readiness_demo, phone):
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)
    wait_until_kept(page, f"/readiness/reports/{report.pk}/")
    context.set_offline(True)
    page.goto(f"/readiness/reports/{report.pk}/")
    answer_everything(page)
    attach_evidence(page)
    page.locator("button[name=submit]").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(1)

    dropped = []

    def drop_the_answer(route):
        if dropped:
            route.continue_()
            return
        route.fetch()  # the server receives the whole filing and applies it...
        dropped.append(route.request.headers["idempotency-key"])
        route.abort("connectionreset")  # ...and the phone never hears back

    context.route("**/api/v1/readiness/reports/*/file/", drop_the_answer)
    context.set_offline(False)  # the "online" event sends the outbox
    for _ in range(100):
        if dropped:
            break
        page.wait_for_timeout(200)
    assert dropped, "the first try reached the server"
    expect(page.locator("#outbox .outbox-items > li[data-state=sending]")).to_have_count(0)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    filed = Evidence.objects.filter(answer__report=report).count()

    page.reload()  # the next page load sends what waits, with the same key
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(1, timeout=20_000)
    assert Evidence.objects.filter(answer__report=report).count() == filed
    assert AppliedRequest.objects.filter(key=dropped[0]).count() == 1


# --- A connection that drops while the page sends a form online -------------------------------------

OUTBOX_FILES = (
    "() => kencanaOutbox.all().then(items => items.map(i => ({key: i.key, files: i.files.map(f => f.name)})))"
)


def posts_to(path: str):
    """Requests for a form's address, sent with the page's key (not the page's own loading)."""
    return lambda url: path in url


def test_a_report_whose_connection_drops_while_it_is_sent_online_waits_with_its_photos_and_arrives_once(
    readiness_demo, phone
):
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)
    answer_everything(page)
    attach_evidence(page)
    evidence_inputs = page.locator("#report-form .indicator:has(.badge.info) input[type=file]").count()

    cut = []

    def cut_the_connection(route):
        """The signal goes while the photos are uploading: nothing reaches the server."""
        cut.append(route.request.headers.get("idempotency-key"))
        context.set_offline(True)
        route.abort("internetdisconnected")

    context.route(posts_to(f"/readiness/reports/{report.pk}/save/"), cut_the_connection)
    page.locator("button[name=submit]").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(1)
    expect(page.locator("#outbox .outbox-status")).to_contain_text("Koneksi terputus saat mengirim")
    waiting = page.evaluate(OUTBOX_FILES)
    assert cut and waiting[0]["key"] == cut[0]  # the outbox keeps the key the page sent it with
    assert sorted(waiting[0]["files"]) == sorted(["foto-2.jpg"] + ["foto-1.jpg"] * evidence_inputs)
    assert page.url.endswith(f"/readiness/reports/{report.pk}/")  # no browser error page
    assert fits_the_screen(page)
    assert not axe_violations(page)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not Evidence.objects.filter(answer__report=report).exists()

    context.unroute(posts_to(f"/readiness/reports/{report.pk}/save/"))
    context.set_offline(False)  # the signal returns: the "online" event sends the outbox
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(1, timeout=20_000)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    names = Evidence.objects.filter(answer__report=report).values_list("original_name", flat=True)
    assert sorted(names) == sorted(["foto-2.jpg"] + ["foto-1.jpg"] * evidence_inputs)
    assert list(AppliedRequest.objects.values_list("key", flat=True)) == cut


def test_a_report_the_server_filed_before_the_answer_was_lost_is_filed_once(readiness_demo, phone):
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)

    # The normal case: saved online, the page comes back with its message, nothing in the outbox.
    page.locator("#report-form input[type=number]").first.fill("3")
    page.locator("button[name=save]").click()
    expect(page.locator(".messages li", has_text="Draf disimpan.")).to_have_count(1)
    expect(page.locator("#outbox")).to_be_hidden()
    assert AppliedRequest.objects.count() == 1

    answer_everything(page)
    attach_evidence(page)
    dropped = []

    def drop_the_answer(route):
        if route.request.method != "POST" or dropped:
            route.continue_()
            return
        route.fetch()  # the server receives the whole filing and applies it...
        dropped.append(route.request.headers["idempotency-key"])
        context.set_offline(True)
        route.abort("connectionreset")  # ...and the phone never hears back

    context.route(posts_to(f"/readiness/reports/{report.pk}/save/"), drop_the_answer)
    page.locator("button[name=submit]").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(1)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    filed = Evidence.objects.filter(answer__report=report).count()
    assert filed == page.locator("#report-form .indicator:has(.badge.info) input[type=file]").count() + 1

    context.set_offline(False)  # the signal returns: the outbox sends the same key, answered, not filed again
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(1, timeout=20_000)
    assert Evidence.objects.filter(answer__report=report).count() == filed
    assert AppliedRequest.objects.filter(key=dropped[0]).count() == 1
    assert AppliedRequest.objects.count() == 2


# --- The response phase: tasks, impact reports and shelter counts from the outbox -------------------


def open_tasks(event, officer, titles: list[str]) -> list[Task]:
    """New tasks of Paringin in the demo flood, given to its officer (the demo's are all under way)."""
    tasks = []
    for title in titles:
        Event.objects.filter(pk=event.pk).update(last_task_number=F("last_task_number") + 1)
        number = Event.objects.values_list("last_task_number", flat=True).get(pk=event.pk)
        task = Task.objects.create(
            event=event,
            number=number,
            kecamatan=Kecamatan.objects.get(code="63.11.06"),
            title=title,
            role="Camat",
            due_at=timezone.now() + datetime.timedelta(hours=4),
        )
        task.assignees.add(officer)
        tasks.append(task)
    return tasks


def test_tasks_an_impact_report_and_a_shelter_count_filed_with_no_signal_arrive_once(demo_everything, phone):
    officer = User.objects.get(username="camat.paringin")
    school = Shelter.objects.select_related("event").get(name="SDN Lasung Batu")
    event = school.event
    acknowledged, overtaken = open_tasks(event, officer, ["Pasang papan informasi posko", "Data warga lansia"])
    lasung_batu = "63.11.06.2007"
    impact_form = f"/response/events/{event.pk}/impact/new/?desa={lasung_batu}"
    count_form = f"/shelters/{school.pk}/counts/new/"
    reports_before = ImpactReport.objects.filter(event=event, desa__code=lasung_batu).count()

    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    page.goto(f"/response/events/{event.pk}/")
    page.goto("/response/tasks/")
    wait_until_kept(page, "/response/tasks/", f"/response/events/{event.pk}/", impact_form, count_form)

    context.set_offline(True)
    # His tasks, as last synced: acknowledge one from the list, start the other from its page.
    page.goto("/response/tasks/")
    expect(page.locator("#offline-note")).to_contain_text("Luring, terakhir diperbarui")
    page.locator(f"form[data-outbox$='/tasks/{acknowledged.pk}/acknowledge/'] button").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(1)
    page.goto(f"/response/tasks/{overtaken.pk}/")
    expect(page.locator("#offline-note")).to_be_visible()
    page.get_by_role("button", name="Mulai").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(2)

    # The impact form of Lasung Batu: the desa comes chosen, the figures as he counted them.
    page.goto(impact_form)
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator("#id_desa option:checked")).to_have_text("Lasung Batu (Paringin)")
    page.fill("#id_dead", "0")
    page.fill("#id_missing", "1")
    page.fill("#id_displaced_shelter_people", "180")
    page.fill("#id_displaced_shelter_households", "50")
    page.locator("button[name=submit]").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(3)

    # The school's head count.
    page.goto(count_form)
    expect(page.locator("#offline-note")).to_be_visible()
    page.fill("#id_as_of", local_input())
    page.fill("#id_people", "180")
    page.fill("#id_households", "50")
    page.get_by_role("button", name="Simpan pendataan").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(4)
    assert fits_the_screen(page)
    assert not axe_violations(page)

    # Meanwhile BPBD finished the second task from the office; the phone, still offline, keeps all four.
    services.task_act(task=overtaken, by=User.objects.get(username="staff.balangan"), action="done")
    page.reload()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(4)
    assert not AppliedRequest.objects.filter(user=officer).exists()

    context.set_offline(False)  # the "online" event sends the outbox
    items = page.locator("#outbox .outbox-items > li")
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(3, timeout=20_000)
    refused = page.locator("#outbox .outbox-items > li[data-state=refused]")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(f"Tugas #{overtaken.number} sudah berstatus selesai.")
    expect(refused.locator("button")).to_have_text("Buang")
    expect(items.nth(0)).to_contain_text("Pasang papan informasi posko")
    expect(items.nth(2)).to_contain_text("Lasung Batu")
    page.reload()  # the next page load tries again: nothing is filed twice, the refusal stays
    expect(page.locator("#outbox .outbox-items > li[data-state=refused]")).to_have_count(1)
    assert outbox_states(page) == ["sent", "refused", "sent", "sent"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#outbox").screenshot(path=ARTIFACTS / "offline-outbox-response.png")
    assert fits_the_screen(page)
    assert not axe_violations(page)

    acknowledged.refresh_from_db()
    overtaken.refresh_from_db()
    assert acknowledged.state == TaskState.ACKNOWLEDGED and acknowledged.acknowledged_by == officer
    assert overtaken.state == TaskState.DONE and overtaken.finished_by.username == "staff.balangan"
    reports = ImpactReport.objects.filter(event=event, desa__code=lasung_batu)
    assert reports.count() == reports_before + 1
    assert reports.latest("version").state == "submitted" and reports.latest("version").displaced_shelter_people == 180
    assert ShelterCount.objects.filter(shelter=school, people=180, filed_by=officer).count() == 1
    assert AppliedRequest.objects.filter(user=officer).count() == 3

    refused.locator("button").click()  # discarded by the officer: gone from the list
    expect(page.locator("#outbox .outbox-items > li[data-state=refused]")).to_have_count(0)


def test_an_impact_report_whose_connection_drops_while_it_is_sent_online_arrives_once(demo_everything, phone):
    event = Shelter.objects.select_related("event").get(name="SDN Lasung Batu").event
    lasung_batu = "63.11.06.2007"
    reports_before = ImpactReport.objects.filter(event=event, desa__code=lasung_batu).count()
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    page.goto(f"/response/events/{event.pk}/impact/new/?desa={lasung_batu}")
    page.fill("#id_dead", "0")
    page.fill("#id_missing", "2")
    page.fill("#id_displaced_shelter_people", "120")
    page.fill("#id_displaced_shelter_households", "30")

    def cut_the_connection(route):
        if route.request.method != "POST":
            route.continue_()
            return
        context.set_offline(True)
        route.abort("internetdisconnected")

    context.route(posts_to(f"/response/events/{event.pk}/impact/new/"), cut_the_connection)
    page.locator("button[name=submit]").click()
    expect(page.locator("#outbox .outbox-items > li[data-state=waiting]")).to_have_count(1)
    expect(page.locator("#outbox .outbox-items > li")).to_contain_text("Lasung Batu")
    assert ImpactReport.objects.filter(event=event, desa__code=lasung_batu).count() == reports_before

    context.unroute(posts_to(f"/response/events/{event.pk}/impact/new/"))
    context.set_offline(False)
    expect(page.locator("#outbox .outbox-items > li[data-state=sent]")).to_have_count(1, timeout=20_000)
    reports = ImpactReport.objects.filter(event=event, desa__code=lasung_batu)
    assert reports.count() == reports_before + 1
    latest = reports.latest("version")
    assert latest.state == "submitted" and latest.missing == 2 and latest.displaced_shelter_people == 120
    assert AppliedRequest.objects.filter(user__username="camat.paringin").count() == 1
