from django.utils.translation import gettext_lazy as _

from .selectors import unread_count


def unread_notifications(request) -> dict:
    """The inbox link and its unread badge in the header: one COUNT per page, only when logged in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"alerts_unread": unread_count(user=user), "alerts_inbox_label": _("Inbox")}
