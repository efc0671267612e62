"""Pages of shelters: each parses its input, calls one service or selector, and renders.

Objects come through the scoped selectors (outside the user's scope: 404); an action the user may
not take on an object they see is refused by the predicate the service asks (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kecamatan.models import Desa
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import generations, idempotency
from kencana.core.clock import local_today
from kencana.core.exports import export_response
from kencana.core.forms import add_service_errors
from kencana.response import selectors as response_selectors
from logistics import selectors as logistics_selectors
from logistics import services as logistics_services
from logistics.services.documents import IssueLine

from . import selectors, services
from .api import count_file_once
from .exports import delivery_rows, shelter_rows
from .filters import NeedsQuery
from .forms import CountForm, DispatchForm, DistributionForm, ProfileForm, ShelterForm
from .models import COUNT_FIELDS


def _days(request: HttpRequest) -> int:
    return NeedsQuery(request.GET).chosen()["days"]


def _event_desa(event):
    return (
        Desa.objects.filter(kecamatan__district_id=event.district_id)
        .select_related("kecamatan")
        .only("pk", "code", "name", "kecamatan__name", "kecamatan__code")
        .order_by("kecamatan__code", "name")
    )


@login_required
def shelter_index(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's shelters with their latest counts, the displaced totals beside the impact
    reports' figure (and the difference), and the largest shortfalls."""
    event = response_selectors.event_get(user=request.user, pk=pk)
    shelters = list(selectors.event_shelters(user=request.user, event=event))
    counts = selectors.latest_counts([s.pk for s in shelters])
    for shelter in shelters:
        shelter.latest = counts.get(shelter.pk)
    displaced = selectors.displaced(shelters, counts)
    reported = response_selectors.figures_for(user=request.user, event=event).verified
    reported_people = reported["displaced_shelter_people"] + reported["displaced_host_people"]
    profile = selectors.event_profile(event)
    rows = selectors.needs_table(shelters=shelters, profile=profile, days=selectors.DEFAULT_DAYS)
    context = {
        "event": event,
        "shelters": shelters,
        "displaced": displaced,
        "reported_people": reported_people,
        "difference": displaced.total["people"] - reported_people,
        "profile": profile,
        "top": selectors.top_shortfalls(rows),
        "days": selectors.DEFAULT_DAYS,
        "may_manage": permissions.may_manage_shelters(request.user, event.district_id) and not event.is_closed,
    }
    return render(request, "shelters/index.html", context)


@login_required
def shelter_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = response_selectors.event_get(user=request.user, pk=pk)
    require(
        permissions.may_manage_shelters(request.user, event.district_id), _("Only BPBD staff open and change shelters.")
    )
    form = ShelterForm(
        request.POST or None, desa=_event_desa(event), initial={"opened_on": local_today(event.district.timezone)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            shelter = services.shelter_save(
                by=request.user, event=event, desa=form.cleaned_data["desa"], values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Shelter %(name)s opened.") % {"name": shelter.name})
            return redirect("shelters:detail", shelter.pk)
    return render(request, "shelters/shelter_form.html", {"event": event, "form": form, "shelter": None})


@login_required
def shelter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    event = shelter.event
    require(
        permissions.may_manage_shelters(request.user, event.district_id), _("Only BPBD staff open and change shelters.")
    )
    initial = {name: getattr(shelter, name) for name in services.SHELTER_FIELDS}
    form = ShelterForm(request.POST or None, desa=_event_desa(event), initial={**initial, "desa": shelter.desa})
    if request.method == "POST" and form.is_valid():
        try:
            services.shelter_save(
                by=request.user, event=event, desa=form.cleaned_data["desa"], values=form.values(), shelter=shelter
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Shelter %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("shelters:detail", shelter.pk)
    return render(request, "shelters/shelter_form.html", {"event": event, "form": form, "shelter": shelter})


@login_required
def shelter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    days = _days(request)
    counts = list(shelter.counts.select_related("filed_by")[:30])
    latest = counts[0] if counts else None
    profile = selectors.event_profile(shelter.event)
    context = {
        "shelter": shelter,
        "event": shelter.event,
        "counts": counts,
        "latest": latest,
        "sex_age": selectors.sex_age_rows(latest) if latest else [],
        "profile": profile,
        "days": days,
        "rows": selectors.needs_table(shelters=[shelter], profile=profile, days=days),
        "documents": selectors.deliveries_to(shelter)[:20],
        "distributions": selectors.distributions_from(shelter)[:20],
        "may_count": permissions.may_file_shelter_count(request.user, shelter),
        "may_manage": permissions.may_manage_shelters(request.user, shelter.district_id),
        "may_distribute": permissions.may_post_stock(request.user, shelter.store),
    }
    return render(request, "shelters/shelter_detail.html", context)


@login_required
@idempotency.sent_by_the_page
def count_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new head count, prefilled with the latest one (a daily count changes a few figures); the
    moment is left for the officer to give. Sent by the officer's page with a key, it is filed once
    per key, recording the API's answer (an outbox retry of the same count changes nothing)."""
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    require(
        permissions.may_file_shelter_count(request.user, shelter),
        _("Only BPBD staff or an officer of the kecamatan file a shelter's counts."),
    )
    latest = selectors.latest_counts([shelter.pk]).get(shelter.pk)
    initial = (
        {name: getattr(latest, name) for name in COUNT_FIELDS if name not in ("arrivals", "departures")}
        if latest
        else {}
    )
    form = CountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            count = count_file_once(
                user=request.user,
                key=idempotency.key_from(request),
                shelter=shelter,
                as_of=form.cleaned_data["as_of"],
                values=form.figures(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("Count of %(name)s saved: %(people)s people.") % {
                "name": shelter.name,
                "people": count["people"],
            }
            if count["over_capacity"]:
                messages.warning(request, message + " " + _("The shelter is over its capacity."))
            else:
                messages.success(request, message)
            return redirect("shelters:detail", shelter.pk)
    return render(request, "shelters/count_form.html", {"shelter": shelter, "event": shelter.event, "form": form})


@login_required
def needs(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's needs for the next N days: needed / delivered / handed out / at the shelters /
    in stock / shortfall per item, under the event's profile, and per shelter what it lacks.

    The table and the per-shelter lists are kept, rendered, under the district's generation: a
    count, a receipt, a distribution or a change of profile announces itself and rebuilds them."""
    user = request.user
    event = response_selectors.event_get(user=user, pk=pk)
    days = _days(request)
    profile = selectors.event_profile(event)
    may_manage = permissions.may_manage_shelters(user, event.district_id)

    def blocks() -> str:
        shelters = list(selectors.event_shelters(user=user, event=event))
        rows = selectors.needs_table(shelters=shelters, profile=profile, days=days)
        lacking = [
            (shelter, [(row.item, row.lacking[shelter.pk]) for row in rows if row.lacking.get(shelter.pk)])
            for shelter in shelters
        ]
        context = {"rows": rows, "shelters": lacking, "days": days, "may_manage": may_manage}
        return render_to_string("shelters/_needs_blocks.html", context)

    context = {
        "event": event,
        "days": days,
        "days_form": NeedsQuery({"days": days}),
        "profile": profile,
        "profile_form": ProfileForm(initial={"profile": profile}) if may_manage and not event.is_closed else None,
        # Rendered by our own template with autoescaping; the cache only kept it.
        "blocks": SafeString(
            generations.kept(
                user=user,
                district_ids=[event.district_id],
                parts=["needs", event.pk, profile.pk if profile else None, days, may_manage],
                build=blocks,
            )
        ),
    }
    return render(request, "shelters/needs.html", context)


@login_required
@require_POST
def profile_set(request: HttpRequest, pk: int) -> HttpResponse:
    event = response_selectors.event_get(user=request.user, pk=pk)
    require(
        permissions.may_manage_shelters(request.user, event.district_id),
        _("Only BPBD staff choose an event's needs profile."),
    )
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.event_needs_profile_set(by=request.user, event=event, profile=form.cleaned_data["profile"])
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("Needs now follow %(profile)s.") % {"profile": form.cleaned_data["profile"]})
    return redirect("shelters:needs", event.pk)


@login_required
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    """A dispatch to the shelter's store, drafted from its shortfall for the next N days (the
    quantities can be changed before posting); the event's number is its reference."""
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    require(
        permissions.may_manage_shelters(request.user, shelter.district_id), _("Only BPBD staff send goods to shelters.")
    )
    days = _days(request)
    rows = selectors.needs_table(shelters=[shelter], profile=selectors.event_profile(shelter.event), days=days)
    warehouses = selectors.serving_warehouses([shelter])
    initial = {"business_date": local_today(shelter.district.timezone), "warehouse": warehouses.first()}
    initial.update({f"item_{row.item.pk}": row.lacking.get(shelter.pk) or None for row in rows})
    form = DispatchForm(request.POST or None, warehouses=warehouses, items=[row.item for row in rows], initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.shelter_dispatch(
                by=request.user,
                shelter=shelter,
                warehouse=data["warehouse"],
                lines=[IssueLine(item, quantity) for item, quantity in form.quantities() if quantity],
                business_date=data["business_date"],
                vehicle=data["vehicle"],
                driver=data["driver"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dispatch %(number)s posted.") % {"number": document.number})
            return redirect("logistics:document_detail", document.pk)
    context = {"shelter": shelter, "event": shelter.event, "form": form, "days": days, "rows": rows}
    return render(request, "shelters/dispatch_form.html", context)


@login_required
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    require(
        permissions.may_post_stock(request.user, shelter.store),
        _("Only BPBD staff or the store's keeper hand out its goods."),
    )
    items = [
        b.item for b in shelter.store.balances.filter(quantity__gt=0).select_related("item").order_by("item__code")
    ]
    items = list({item.pk: item for item in items}.values())
    form = DistributionForm(
        request.POST or None, items=items, initial={"business_date": local_today(shelter.district.timezone)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.shelter_distribute(
                by=request.user,
                shelter=shelter,
                lines=[IssueLine(item, quantity) for item, quantity in form.quantities() if quantity],
                business_date=data["business_date"],
                households_reached=data["households_reached"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Distribution %(number)s recorded.") % {"number": document.number})
            return redirect("shelters:detail", shelter.pk)
    return render(request, "shelters/distribute_form.html", {"shelter": shelter, "event": shelter.event, "form": form})


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's shelters with their latest counts, with HXL hashtags under the headers."""
    event = response_selectors.event_get(user=request.user, pk=pk)
    shelters = list(selectors.event_shelters(user=request.user, event=event))
    headers, rows = shelter_rows(shelters, selectors.latest_counts([s.pk for s in shelters]))
    return export_response(filename=f"pengungsian-{event.number}", headers=headers, rows=rows, fmt="csv")


@login_required
def deliveries_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Deliveries to the event's shelters and distributions from them, with HXL hashtags."""
    event = response_selectors.event_get(user=request.user, pk=pk)
    shelters = list(selectors.event_shelters(user=request.user, event=event))
    headers, rows = delivery_rows(selectors.deliveries(shelters=shelters))
    return export_response(filename=f"penyaluran-{event.number}", headers=headers, rows=rows, fmt="csv")


@login_required
def donors(request: HttpRequest, pk: int) -> HttpResponse:
    """What each donor gave for the event, lot by lot, and where it went."""
    event = response_selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_manage_shelters(request.user, event.district_id), _("The donor report is for BPBD staff."))
    return render(request, "shelters/donors.html", {"event": event, "donations": selectors.donor_report(event=event)})


@login_required
def profiles(request: HttpRequest) -> HttpResponse:
    """The needs profiles with their lines; the district's admin chooses the district's default."""
    district = request.user.district
    may_choose = district is not None and permissions.may_choose_district_needs_profile(request.user, district.pk)
    current = logistics_selectors.district_profile(district.pk) if district is not None else None
    form = ProfileForm(request.POST or None, initial={"profile": current})
    if request.method == "POST":
        require(may_choose, _("Only the district's admin chooses its default needs profile."))
        if form.is_valid():
            try:
                logistics_services.district_needs_profile_set(
                    by=request.user, district=district, profile=form.cleaned_data["profile"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Needs now follow %(profile)s.") % {"profile": form.cleaned_data["profile"]}
                )
                return redirect("shelters:profiles")
    context = {
        "profiles": logistics_selectors.needs_profiles().prefetch_related("lines__item"),
        "current": current,
        "form": form if may_choose else None,
    }
    return render(request, "shelters/profiles.html", context)
