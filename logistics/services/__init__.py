"""Every change to logistics data, by use case: stock documents, requests, planning."""

from .documents import (
    AdjustLine,
    IssueLine,
    ReceiptLine,
    adjustment_post,
    count_post,
    count_record,
    count_start,
    dispatch_post,
    receipt_post,
    shipment_receive,
    transfer_post,
)
from .planning import (
    district_needs_profile_set,
    minimum_remove,
    minimum_set,
    request_from_needs,
    settings_update,
    warehouse_save,
)
from .requests import (
    RequestedLine,
    request_approve,
    request_create,
    request_dispatch,
    request_reject,
    request_submit,
    request_update,
)

__all__ = [
    "AdjustLine",
    "IssueLine",
    "ReceiptLine",
    "RequestedLine",
    "adjustment_post",
    "count_post",
    "count_record",
    "count_start",
    "dispatch_post",
    "district_needs_profile_set",
    "minimum_remove",
    "minimum_set",
    "receipt_post",
    "request_approve",
    "request_create",
    "request_dispatch",
    "request_from_needs",
    "request_reject",
    "request_submit",
    "request_update",
    "settings_update",
    "shipment_receive",
    "transfer_post",
    "warehouse_save",
]
