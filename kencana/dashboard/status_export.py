"""The Kencana status a province (or BNPB) sends upward: every kecamatan of the districts in scope,
each district at its own current period (or the period it was in on a chosen day), by tier and
verification state, with HXL hashtags."""

import datetime

from django.utils.translation import gettext_lazy

from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.exports import HXL_DISTRICT, HXL_KECAMATAN, HXL_PROVINCE
from kencana.core.formats import day

from .readiness_map import STATES, current_periods, kecamatan_states

HXL_COLUMNS = [
    *HXL_PROVINCE,
    *HXL_DISTRICT,
    *HXL_KECAMATAN,
    (gettext_lazy("Period"), "#date+period"),
    (gettext_lazy("Verification state"), "#status+verification"),
    (gettext_lazy("Tier"), "#indicator+tier"),
    (gettext_lazy("Score"), "#indicator+score+num"),
    (gettext_lazy("Last report"), "#date+reported"),
]


def status_rows(*, user, on: datetime.date | None = None) -> tuple[list[str], list[list]]:
    """Headers, then the HXL hashtag row and one row per kecamatan (a fixed number of queries); each
    district at the period it was in ``on`` that day (today when None)."""
    districts = {d.pk: d for d in districts_for(user).only("pk", "code", "name", "timezone")}
    periods = current_periods(districts=[(pk, d.timezone) for pk, d in districts.items()], on=on)
    by_code = {d.code: d for d in districts.values()}
    states = kecamatan_states(
        kecamatan=kecamatan_for(user).filter(district_id__in=districts),
        period_start={pk: periods[pk].start if pk in periods else None for pk in districts},
    )
    rows = [[tag for _label, tag in HXL_COLUMNS]]
    for state in sorted(states, key=lambda s: s.code):
        district = by_code[state.district_code]
        period = periods.get(district.pk)
        rows.append(
            [
                district.code.split(".")[0],
                district.code,
                district.name,
                state.code,
                state.name,
                period.label if period else "",
                str(STATES[state.state]),
                state.tier,
                state.score,
                day(state.last_report_on) if state.last_report_on else "",
            ]
        )
    return [str(label) for label, _tag in HXL_COLUMNS], rows
