from django import template

register = template.Library()


@register.filter
def bound_fields(form, entry) -> list:
    """The form's fields for one entry of the report, in order."""
    return form.bound_fields(entry)
