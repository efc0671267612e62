from django.urls import path

from .views import manage, planning, requests, stock

app_name = "logistics"
urlpatterns = [
    path("", stock.index, name="index"),
    path("warehouses/new/", manage.warehouse_new, name="warehouse_new"),
    path("warehouses/<int:pk>/", stock.warehouse_detail, name="warehouse_detail"),
    path("warehouses/<int:pk>/edit/", manage.warehouse_edit, name="warehouse_edit"),
    path("warehouses/<int:pk>/minimums/", manage.warehouse_minimums, name="warehouse_minimums"),
    path("minimums/<int:pk>/remove/", manage.minimum_remove, name="minimum_remove"),
    path("settings/", manage.logistics_settings, name="settings"),
    path("warehouses/<int:pk>/card/<str:item_code>/", stock.stock_card, name="stock_card"),
    path("balances/", stock.balance_list, name="balance_list"),
    path("documents/", stock.document_list, name="document_list"),
    path("documents/receipt/new/", stock.receipt_new, name="receipt_new"),
    path("documents/dispatch/new/", stock.dispatch_new, name="dispatch_new"),
    path("documents/transfer/new/", stock.transfer_new, name="transfer_new"),
    path("documents/adjustment/new/", stock.adjustment_new, name="adjustment_new"),
    path("documents/count/new/", stock.count_new, name="count_new"),
    path("documents/count/<int:pk>/", stock.count_sheet, name="count_sheet"),
    path("documents/<int:pk>/", stock.document_detail, name="document_detail"),
    path("documents/<int:pk>/receive/", stock.document_receive, name="document_receive"),
    path("documents/<int:pk>/print/<slug:paper>/", stock.document_print, name="document_print"),
    path("proofs/<int:pk>/", stock.proof_download, name="proof"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="request_edit"),
    path("requests/<int:pk>/approve/", requests.request_approve, name="request_approve"),
    path("requests/<int:pk>/reject/", requests.request_reject, name="request_reject"),
    path("requests/<int:pk>/dispatch/", requests.request_dispatch, name="request_dispatch"),
    path("requests/<int:pk>/print/", requests.request_print, name="request_print"),
    path("shortages/", planning.shortage_list, name="shortage_list"),
    path("expiry/", planning.expiry_watch, name="expiry_watch"),
    path("needs/", planning.needs, name="needs"),
]
