"""Changes to shelters, their counts, the needs profile in force, and the goods sent and handed out.

Each service checks every part before writing any and runs in one transaction. Goods move only
through the logistics services (dispatch to the shelter's store, distribution from it), so the
stock ledger stays the one record of what reached people.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kecamatan.models import Desa
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import counts, events
from kencana.core.clock import local
from kencana.core.formats import day
from kencana.response.models import Event
from kencana.response.services.common import check_moment, lock_event, require_open
from logistics.models import Document, NeedsProfile, Warehouse
from logistics.selectors import district_profile
from logistics.services import documents as stock
from logistics.services.documents import IssueLine
from logistics.services.planning import warehouse_save

from .models import COUNT_FIELDS, SEX_AGE_FIELDS, EventNeedsProfile, Shelter, ShelterCount

MAX_COUNT = 1_000_000
SHELTER_FIELDS = (
    "name",
    "kind",
    "lat",
    "lon",
    "capacity",
    "toilets",
    "water_points",
    "kitchen",
    "health_post",
    "friendly_space",
    "manager",
    "phone",
    "opened_on",
    "closed_on",
)


def _announce(district_id: int, event: Event) -> None:
    events.shelters_changed.announce(district_id=district_id, disaster_event=event)


@transaction.atomic
def shelter_save(*, by, event: Event, desa: Desa, values: dict, shelter: Shelter | None = None) -> Shelter:
    """Open a shelter for an event, or correct one. Its posko store opens (and follows its name and
    place) with it, serving the shelter's kecamatan, so dispatches can be addressed to it."""
    require(permissions.may_manage_shelters(by, event.district_id), _("Only BPBD staff open and change shelters."))
    event = lock_event(event)
    if shelter is None:
        require_open(event)
    elif shelter.event_id != event.pk:
        raise ValidationError(_("The shelter belongs to another event."))
    errors = {}
    if desa.kecamatan.district_id != event.district_id:
        errors["desa"] = _("Choose a desa of %(district)s.") % {"district": event.district.display_name}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = _("Give the shelter's name.")
    opened_on, closed_on = values.get("opened_on"), values.get("closed_on")
    started = local(event.started_at, event.district.timezone).date()
    if opened_on is None:
        errors["opened_on"] = _("Give the day the shelter opened.")
    elif opened_on < started:
        errors["opened_on"] = _("A shelter cannot open before the event started (%(date)s).") % {"date": day(started)}
    if opened_on and closed_on and closed_on < opened_on:
        errors["closed_on"] = _("A shelter cannot close before it opened.")
    if shelter is not None and closed_on and shelter.counts.filter(as_of__date__gt=closed_on).exists():
        errors["closed_on"] = _("The shelter has counts after that day.")
    capacity = values.get("capacity")
    if not isinstance(capacity, int) or capacity < 1:
        errors["capacity"] = _("Give the number of people the shelter can hold.")
    if errors:
        raise ValidationError(errors)
    store = warehouse_save(
        by=by,
        district=event.district,
        code=shelter.store.code if shelter else f"PS-{event.pk}-{event.shelters.count() + 1}",
        name=f"Posko {name}"[:150],
        kind=Warehouse.Kind.POSKO,
        lat=values["lat"],
        lon=values["lon"],
        kecamatan_served=[desa.kecamatan],
        address=desa.name,
        warehouse=shelter.store if shelter else None,
    )
    if shelter is None:
        shelter = Shelter(event=event, district=event.district, created_by=by, store=store)
    else:
        shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    shelter.desa, shelter.kecamatan = desa, desa.kecamatan
    for name_ in SHELTER_FIELDS:
        setattr(shelter, name_, values.get(name_, getattr(shelter, name_, None)))
    shelter.name = name
    shelter._history_user = by
    shelter.save()
    _announce(event.district_id, event)
    return shelter


def clean_counts(values: dict) -> dict:
    """The figures of a count, or a ValidationError per field. Over capacity is allowed (people
    cannot be turned away), and flagged on the pages."""
    cleaned, errors = counts.clean_counts(values, COUNT_FIELDS, maximum=MAX_COUNT)
    if errors:
        raise ValidationError(errors)
    people = cleaned["people"]
    parts = sum(cleaned[name] for name in SEX_AGE_FIELDS)
    if parts > people:
        errors["people"] = _("The people by sex and age (%(parts)s) cannot be more than the total (%(total)s).") % {
            "parts": parts,
            "total": people,
        }
    if cleaned["households"] > people:
        errors["households"] = _("There cannot be more households than people.")
    for name in ("pregnant", "breastfeeding", "disabled", "sick"):
        if cleaned[name] > people:
            errors[name] = _("This group cannot be larger than the total of people (%(total)s).") % {"total": people}
    if cleaned["female_headed_households"] > cleaned["households"]:
        errors["female_headed_households"] = _("There cannot be more female-headed households than households.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def shelter_count_file(*, by, shelter: Shelter, as_of: datetime.datetime | None, values: dict) -> ShelterCount:
    """A head count at the shelter as of a moment. Every count is kept; the latest one counts."""
    require(
        permissions.may_file_shelter_count(by, shelter),
        _("Only BPBD staff or an officer of the kecamatan file a shelter's counts."),
    )
    shelter = Shelter.objects.select_for_update().select_related("event__district").get(pk=shelter.pk)
    as_of = check_moment(as_of, field="as_of", event=shelter.event, label=_("The count"))
    local_day = local(as_of, shelter.event.district.timezone).date()
    if local_day < shelter.opened_on:
        raise ValidationError(
            {
                "as_of": _("A count cannot be dated before the shelter opened (%(date)s).")
                % {"date": day(shelter.opened_on)}
            }
        )
    if shelter.closed_on and local_day > shelter.closed_on:
        raise ValidationError(
            {
                "as_of": _("A count cannot be dated after the shelter closed (%(date)s).")
                % {"date": day(shelter.closed_on)}
            }
        )
    cleaned = clean_counts(values)
    count = ShelterCount.objects.create(shelter=shelter, as_of=as_of, filed_by=by, **cleaned)
    _announce(shelter.district_id, shelter.event)
    return count


@transaction.atomic
def event_needs_profile_set(*, by, event: Event, profile: NeedsProfile) -> None:
    """The event's needs follow ``profile`` from now on (the choice is kept with its history)."""
    require(
        permissions.may_manage_shelters(by, event.district_id), _("Only BPBD staff choose an event's needs profile.")
    )
    if not profile.is_active:
        raise ValidationError({"profile": _("Choose an active needs profile.")})
    choice = EventNeedsProfile.objects.select_for_update().filter(event=event).first()
    current = choice.profile if choice is not None else district_profile(event.district_id)
    if current is not None and current.pk == profile.pk:
        return  # the profile already in force: nothing to record
    choice = choice or EventNeedsProfile(event=event)
    choice.profile, choice._history_user = profile, by
    choice.save()
    _announce(event.district_id, event)


def shelter_dispatch(
    *,
    by,
    shelter: Shelter,
    warehouse: Warehouse,
    lines: Sequence[IssueLine],
    business_date: datetime.date,
    vehicle: str = "",
    driver: str = "",
    driver_phone: str = "",
    note: str = "",
) -> Document:
    """Send goods to the shelter's store: the existing dispatch, with the event's number as reference."""
    lines = [line for line in lines if line.quantity]
    return stock.dispatch_post(
        by=by,
        warehouse=warehouse,
        lines=lines,
        business_date=business_date,
        destination_warehouse=shelter.store,
        destination_kecamatan=shelter.kecamatan,
        vehicle=vehicle,
        driver=driver,
        driver_phone=driver_phone,
        note=note,
        reference=shelter.event.number,
    )


def shelter_distribute(
    *,
    by,
    shelter: Shelter,
    lines: Sequence[IssueLine],
    business_date: datetime.date,
    households_reached: int,
    note: str = "",
) -> Document:
    """Goods handed out from the shelter's store to households (never more than it holds)."""
    if shelter.closed_on and business_date > shelter.closed_on:
        raise ValidationError(
            {"business_date": _("The shelter closed on %(date)s.") % {"date": day(shelter.closed_on)}}
        )
    lines = [line for line in lines if line.quantity]
    return stock.distribution_post(
        by=by,
        warehouse=shelter.store,
        lines=lines,
        business_date=business_date,
        households_reached=households_reached,
        reference=shelter.event.number,
        note=note,
    )
