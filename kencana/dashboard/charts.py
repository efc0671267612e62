"""Server-rendered SVG charts (pygal): readable without JavaScript, printable, no CDN."""

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.etree import etree
from pygal.style import Style

# The map's tier colours, lowest tier first (ColorBrewer YlGnBu), so charts and map agree.
TIER_COLOURS = ("#c7e9b4", "#41b6c4", "#225ea8", "#0c2c84")

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2a30",
    foreground_strong="#1d2a30",
    foreground_subtle="#d8e0e4",
    font_family="system-ui, 'DejaVu Sans', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    colors=("#0f5e6e",),
)


def _render(chart) -> SafeString:
    """The chart as inline SVG without pygal's script (the page's CSP would refuse it anyway):
    the tree is built by an XML library, so every label is escaped."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return mark_safe(etree.tostring(tree, encoding="unicode"))  # noqa: S308


def _base(chart_class, **options):
    return chart_class(
        style=options.pop("style", STYLE),
        js=[],
        height=300,
        width=640,
        truncate_label=-1,
        truncate_legend=-1,
        explicit_size=False,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        print_values=False,
        margin=8,
        margin_bottom=24,  # the legend's descenders
        **options,
    )


def average_score_chart(trend) -> SafeString:
    # A line's first and last labels sit on the plot's edges: the margins hold their outer halves
    # (about 4 units a character at 13 px; the y axis's figures already hold 28 on the left).
    labels = [point.label for point in trend]
    half = round(max(map(len, labels), default=0) * 4)
    chart = _base(
        pygal.Line,
        range=(0, 100),
        show_dots=True,
        dots_size=4,
        title=None,
        margin_left=max(8, half - 28),
        margin_right=max(8, half),
    )
    chart.x_labels = labels
    chart.add(_("Average score"), [point.average for point in trend])
    return _render(chart)


def tier_mix_chart(trend, tiers: list[str]) -> SafeString:
    colours = tuple(TIER_COLOURS[min(i, len(TIER_COLOURS) - 1)] for i in range(len(tiers)))
    style = Style(**{**STYLE.to_dict(), "colors": colours or STYLE.colors})
    chart = _base(pygal.StackedBar, style=style)
    chart.x_labels = [point.label for point in trend]
    for tier in tiers:
        chart.add(tier, [point.tiers.get(tier, 0) for point in trend])
    return _render(chart)
