"""The one place a service's ``ValidationError`` meets a form or a page."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form: on a field the form has, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def error_messages(error: ValidationError) -> list[str]:
    """Every message of a ValidationError, field names dropped, for pages without a form."""
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)
