"""The shelters table with HXL hashtags (humanitarian exchange), for the clusters and BNPB."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kencana.core.exports import HXL_DESA, HXL_KECAMATAN

HEADERS = [
    (_("Shelter name"), "#loc+name"),
    (_("Kind"), "#loc+type"),
    *HXL_KECAMATAN,
    *HXL_DESA,
    (_("Latitude"), "#geo+lat"),
    (_("Longitude"), "#geo+lon"),
    (_("Capacity"), "#capacity+ind"),
    (_("Counted at"), "#date+reported"),
    (_("Households"), "#affected+displaced+hh"),
    (_("People"), "#affected+displaced+ind"),
    (_("Women and girls"), "#affected+displaced+ind+f"),
    (_("Men and boys"), "#affected+displaced+ind+m"),
    (_("Children (0–17)"), "#affected+displaced+ind+children"),
    (_("Elderly (60+)"), "#affected+displaced+ind+elderly"),
    (_("Pregnant and breastfeeding"), "#affected+displaced+ind+pregnant"),
    (_("People with disabilities"), "#affected+displaced+ind+disabled"),
]


def shelter_rows(shelters, counts) -> tuple[list[str], list[list]]:
    """Headers, then the hashtag row, then a row per shelter (empty figures before its first count)."""
    rows = [[tag for _label, tag in HEADERS]]
    for shelter in shelters:
        count = counts.get(shelter.pk)
        figures = (
            [
                count.as_of.isoformat(),
                count.households,
                count.people,
                count.females,
                count.males,
                count.children,
                count.elderly,
                count.pregnant + count.breastfeeding,
                count.disabled,
            ]
            if count
            else [""] * 9
        )
        rows.append(
            [
                shelter.name,
                shelter.get_kind_display(),
                shelter.kecamatan.code,
                shelter.kecamatan.name,
                shelter.desa.code,
                shelter.desa.name,
                shelter.lat,
                shelter.lon,
                shelter.capacity,
                *figures,
            ]
        )
    return [str(label) for label, _tag in HEADERS], rows


DELIVERY_HEADERS = [
    (_("Date"), "#date"),
    (_("Shelter name"), "#loc+name"),
    (_("Desa code"), "#adm4+code"),
    (_("Document"), "#meta+id"),
    (pgettext_lazy("stock", "Item"), "#item+name"),
    (_("Unit"), "#item+unit"),
    (_("Delivered"), "#output+delivered"),
    (_("Handed out"), "#output+distributed"),
    (_("Households reached"), "#reached+hh"),
]


def delivery_rows(lines) -> tuple[list[str], list[list]]:
    """A row per line delivered to or handed out from a shelter's store, hashtags under the headers."""
    rows = [[tag for _label, tag in DELIVERY_HEADERS]]
    for line in lines:
        handed_out = line["kind"] == "distribution"
        rows.append(
            [
                line["date"],
                line["shelter"].name,
                line["shelter"].desa.code,
                line["number"],
                line["item"].name,
                line["item"].unit,
                "" if handed_out else line["quantity"],
                line["quantity"] if handed_out else "",
                line["households"] if handed_out else "",
            ]
        )
    return [str(label) for label, _tag in DELIVERY_HEADERS], rows
