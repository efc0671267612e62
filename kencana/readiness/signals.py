"""Signals other apps listen to (alerts notifies people). Sent inside the service's transaction.

Every signal is sent with ``report`` and ``by`` (the user acting); ``report_returned``
also carries ``note`` and ``report_reopened`` carries ``reason``. Receivers that do
slow work should defer it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

report_submitted = Signal()  # report, by
report_returned = Signal()  # report, by, note
report_verified = Signal()  # report, by
report_reopened = Signal()  # report, by, reason
template_published = Signal()  # version, by
