"""Districts side by side per section of a template they share: the page and its CSV/XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.exports import export_response

from ..charts import compare_chart
from ..compare import Comparison, compare_districts, district_choices, districts_asked
from ..filters import CompareQuery


def _comparison(request: HttpRequest) -> tuple[dict, Comparison | None]:
    require(permissions.may_compare_districts(request.user), _("Comparing districts is for BPBD and overseers."))
    asked = CompareQuery(request.GET).chosen()
    districts = districts_asked(user=request.user, codes=asked["district"])
    if not districts:
        return asked, None
    return asked, compare_districts(
        user=request.user, districts=districts, template=asked["template"], period=asked["period"]
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Pick two or more districts (and a shared template and a period); see each one's mean score
    per section, the kecamatan it covers and the tier mix, as a table and a chart."""
    asked, comparison = _comparison(request)
    context = {
        "choices": district_choices(user=request.user),
        "chosen": set(asked["district"]),
        "comparison": comparison,
        "chart": compare_chart(comparison) if comparison and comparison.columns and comparison.sections else None,
        "period": asked["period"],
        "query": request.GET.urlencode(),
    }
    return render(request, "readiness/compare_districts.html", context)


def comparison_table(comparison: Comparison) -> tuple[list[str], list[list]]:
    """One row per district and section (and one per district that did not adopt the template)."""
    header = [
        "district_code",
        "district",
        "template",
        "as_of",
        "section",
        "mean_score",
        "kecamatan_counted",
        "kecamatan_verified",
        "kecamatan_total",
        *(f"tier_{tier}" for tier in comparison.tiers),
    ]
    rows = []
    for column in comparison.columns:
        tiers = [column.tiers.get(tier, 0) for tier in comparison.tiers]
        common = [column.district.code, column.district.name, ", ".join(column.template_names), column.as_of_label]
        for section in comparison.sections:
            cell = column.sections.get(section)
            mean = float(cell.mean) if cell and cell.mean is not None else ""
            rows.append(
                [*common, section, mean, cell.kecamatan if cell else 0, column.covered, column.kecamatan_total, *tiers]
            )
    for district in comparison.without:
        note = _("did not adopt this template")
        rows.append([district.code, district.name, note, "", "", "", "", "", "", *["" for _t in comparison.tiers]])
    return header, rows


@login_required
def compare_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _asked, comparison = _comparison(request)
    if comparison is None:
        raise Http404
    header, rows = comparison_table(comparison)
    return export_response(
        filename="kencana-readiness-compare", headers=header, rows=rows, fmt=fmt, title=_("Districts compared")
    )
