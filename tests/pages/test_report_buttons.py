"""A button that opens a report says what the person can do there: "Lanjutkan" (continue) only
where they can still change the report (theirs to fill, a draft or returned by BPBD), "Lihat"
(view) where they can only read it (sent and awaiting BPBD, verified, or not theirs to fill).

Every page that lists the periods open now is read as each demo account sees it: the readiness
page, the home page (a desa facilitator's is their desa, a focal person's their school), and the
page of every desa and school with a report in scope.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from kencana.accounts import permissions
from kencana.accounts.demo import demo_usernames
from kencana.accounts.models import User
from kencana.readiness.models import Report
from kencana.readiness.selectors import report_list

from .html import read

REPORT = re.compile(r"^/readiness/reports/(\d+)/$")


def _pages(user) -> list[str]:
    reports = report_list(user=user).select_related("desa", "school")
    units = {reverse("kecamatan:desa", args=[r.desa.code]) for r in reports if r.desa}
    units |= {reverse("kecamatan:school", args=[r.school.npsn]) for r in reports if r.school}
    return ["/", "/readiness/", *sorted(units)]


def _buttons(client: Client, path: str) -> list[tuple[int, str]]:
    """The report each button on the page opens, and what the button says."""
    page = client.get(path, follow=True)
    assert page.status_code == 200, path
    return [
        (int(match[1]), " ".join(link["text"].split()))
        for link in read(page.content.decode()).links
        if "button" in link["attrs"].get("class", "").split() and (match := REPORT.match(link["href"]))
    ]


@pytest.mark.parametrize("username", demo_usernames())
def test_a_button_to_a_report_says_continue_only_where_the_person_can_change_it(seeded_demo, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    wrong = []
    for path in _pages(user):
        for pk, text in _buttons(client, path):
            report = Report.objects.get(pk=pk)
            expected = "Lanjutkan" if permissions.may_edit_report(user, report) else "Lihat"
            if text != expected:
                wrong.append(f"{path}: the button to {report} ({report.state}) says {text!r}, not {expected!r}")
    assert not wrong, "\n".join(wrong)


def test_a_report_started_reads_continue_and_once_sent_reads_view(seeded_demo):
    """The case behind the rule: the officer starts a report (a draft: "Lanjutkan"); a report
    sent and awaiting BPBD (the facilitator's Balang) reads "Lihat" for whoever filed it."""
    officer = User.objects.get(username="camat.paringin")
    client = Client()
    client.force_login(officer)
    form = next(
        f
        for f in read(client.get("/readiness/").content.decode()).forms
        if f.action == reverse("readiness:report_open")
    )
    started = client.post(form.action, dict(form.data()))
    pk = int(REPORT.match(started.url)[1])
    assert (pk, "Lanjutkan") in _buttons(client, "/readiness/")
    facilitator = User.objects.get(username="fasilitator.balang")
    sent = Report.objects.get(desa__name="Balang", desa__kecamatan__name="Paringin", state="submitted")
    client.force_login(facilitator)
    assert (sent.pk, "Lihat") in _buttons(client, "/")
