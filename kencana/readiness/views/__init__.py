"""Readiness pages, by sub-domain: templates (editor, import/export), reports (entry, review, results), library."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest


def error_messages(error: ValidationError) -> list[str]:
    """Every message of a ValidationError, field names dropped (the page shows them in context)."""
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def add_form_errors(form, error: ValidationError) -> None:
    """Put a service's field errors on the form's fields (unknown fields become form errors)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def is_post(request: HttpRequest) -> bool:
    return request.method == "POST"
