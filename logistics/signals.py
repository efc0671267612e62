"""What the logistics app tells the rest of Kencana. Sent inside the service's transaction.

Receivers that do slow work (notifications) should defer it with
``transaction.on_commit``.
"""

from django.dispatch import Signal

# district_id, warehouse_ids (set[int]), item_ids (set[int]), document
stock_changed = Signal()
# request
request_submitted = Signal()
# request
request_approved = Signal()
# request, reason
request_rejected = Signal()
# document (the dispatch or transfer whose receipt was confirmed)
dispatch_received = Signal()
