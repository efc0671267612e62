"""Plans: action items past their due date, quick-response cards not reviewed for too long."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kencana.core.formats import day
from kencana.plans.selectors import card_review_days, stale_cards
from kencana.plans.selectors import overdue_action_items as overdue_items

from ..models import Severity
from .base import Condition, Rule, register


@register
class ActionItemOverdueRule(Rule):
    code = "action_item_overdue"
    label = gettext_lazy("Action item overdue")
    resolution_note = gettext_lazy("The action item is done, cancelled or has a new due date.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        for item in overdue_items(district_ids=district_ids):
            plan = item.plan
            owner = item.owner_agency.name if item.owner_agency_id else item.owner_person
            yield Condition(
                key=f"{self.code}:{item.pk}",
                district_id=plan.district_id,
                kecamatan_id=plan.kecamatan_id,
                title=_("Action overdue in %(place)s: %(title)s")
                % {"place": plan.kecamatan.name if plan.kecamatan_id else plan.district.name, "title": item.title},
                severity=Severity.MINOR,
                detail=_("Due %(date)s; responsible: %(owner)s.") % {"date": day(item.due_date), "owner": owner or "—"},
                subject=item,
                subject_label=item.title,
            )

    def refresh_fields(self) -> tuple[str, ...]:
        return ("title", "detail")


@register
class CardReviewOverdueRule(Rule):
    code = "card_review_overdue"
    label = gettext_lazy("Quick-response card not reviewed")
    resolution_note = gettext_lazy("The card has been reviewed.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        review_days: dict[int, int] = {}  # one settings lookup per district, not per card
        for card in stale_cards(district_ids=district_ids):
            kecamatan = card.kecamatan
            if kecamatan.district_id not in review_days:
                review_days[kecamatan.district_id] = card_review_days(district=kecamatan.district)
            last = day(card.last_reviewed_on) if card.last_reviewed_on else _("never")
            yield Condition(
                key=f"{self.code}:{card.pk}",
                district_id=kecamatan.district_id,
                kecamatan_id=kecamatan.pk,
                title=_("Quick-response card due for review: %(hazard)s in %(kecamatan)s")
                % {"hazard": card.hazard.name, "kecamatan": kecamatan.name},
                severity=Severity.MINOR,
                detail=_("Last reviewed: %(last)s. Cards are reviewed every %(days)s days.")
                % {"last": last, "days": review_days[kecamatan.district_id]},
                subject=card,
                subject_label=str(card),
            )
