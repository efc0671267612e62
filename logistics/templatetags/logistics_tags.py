from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """``mapping[key]`` in a template, None when absent."""
    return mapping.get(key) if mapping else None


@register.filter
def absolute(value):
    return abs(value) if value is not None else value
