"""Templates ask the same predicates as the code (``kencana.accounts.permissions``).

{% load permissions %}
{% if user|may:"review_reports" %}…{% endif %}            a question without an object
{% may "edit_plan" plan as can_edit %}                     a question about an object
"""

from django import template

from ..permissions import PREDICATES

register = template.Library()


def _predicate(name: str):
    try:
        return PREDICATES[name]
    except KeyError:
        raise template.TemplateSyntaxError(f"No permission predicate named {name!r}.") from None


@register.filter(name="may")
def may_filter(user, name: str) -> bool:
    return _predicate(name)(user)


@register.simple_tag(takes_context=True, name="may")
def may_tag(context, name: str, *args) -> bool:
    return _predicate(name)(context["user"], *args)
