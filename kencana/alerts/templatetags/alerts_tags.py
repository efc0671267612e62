from django import template

from ..rules import rule_label as label_of

register = template.Library()


@register.filter
def rule_label(code: str) -> str:
    """The name of an alert rule, from its code (``{{ alert.rule|rule_label }}``)."""
    return label_of(code)
