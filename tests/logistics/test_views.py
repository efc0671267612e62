import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from logistics import services
from logistics.models import AdjustmentReason, Document, MinimumStock, Proof, Request

from .factories import item, receive

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """Pages are Indonesian unless chosen otherwise; these tests read them in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def stocked(staff, main_warehouse, awayan_store, today):
    receive(staff, main_warehouse, "BRS", 500, expiry=today + 20 * datetime.timedelta(days=1))
    receive(staff, main_warehouse, "SLMT", 200)
    receive(staff, awayan_store, "TRPL", 40)
    return main_warehouse


def test_staff_see_every_warehouse_and_its_stock(client_for, staff, stocked, awayan_store):
    response = client_for(staff).get(reverse("logistics:index"))
    assert "Gudang Utama Paringin" in response.text and "Gudang Kecamatan Awayan" in response.text
    detail = client_for(staff).get(reverse("logistics:warehouse_detail", args=[stocked.pk]))
    assert detail.status_code == 200 and "Rice" in detail.text


def test_an_awayan_officer_cannot_see_paringins_store(client_for, awayan_officer, stocked, awayan_store):
    client = client_for(awayan_officer)
    assert client.get(reverse("logistics:warehouse_detail", args=[stocked.pk])).status_code == 404
    assert client.get(reverse("logistics:stock_card", args=[stocked.pk, "BRS"])).status_code == 404
    assert client.get(reverse("logistics:warehouse_detail", args=[awayan_store.pk])).status_code == 200
    assert "Gudang Utama Paringin" not in client.get(reverse("logistics:index")).text


def test_a_partner_district_sees_nothing(client_for, partner_staff, stocked, awayan_store):
    client = client_for(partner_staff)
    assert client.get(reverse("logistics:warehouse_detail", args=[stocked.pk])).status_code == 404
    document = Document.objects.first()
    assert client.get(reverse("logistics:document_detail", args=[document.pk])).status_code == 404
    assert "Gudang Utama" not in client.get(reverse("logistics:balance_list")).text
    assert client.get(reverse("logistics:shortage_list")).status_code == 200


def test_officers_cannot_post_stock_documents(client_for, officer, stocked):
    assert client_for(officer).get(reverse("logistics:receipt_new")).status_code == 403


def test_staff_post_a_dispatch_through_the_form(client_for, staff, stocked, today):
    response = client_for(staff).post(
        reverse("logistics:dispatch_new"),
        {
            "warehouse": stocked.pk,
            "business_date": today.isoformat(),
            "destination_text": "Posko Desa Lok Batu",
            "vehicle": "DA 1 BLG",
            "driver": "Rudi",
            "driver_phone": "0812",
            "note": "",
            "idempotency_key": "form-1",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "60",
            "lines-0-item": item("SLMT").pk,
            "lines-0-quantity": "20",
            "lines-0-lot": "",
            "lines-1-item": "",
            "lines-1-quantity": "",
            "lines-1-lot": "",
        },
    )
    document = Document.objects.get(kind="dispatch")
    assert response.status_code == 302 and response.url == reverse("logistics:document_detail", args=[document.pk])
    printed = client_for(staff).get(reverse("logistics:document_print", args=[document.pk, "delivery-note"]))
    assert "SURAT JALAN" in printed.text and "DA 1 BLG" in printed.text


def test_an_over_dispatch_in_the_form_shows_the_error_and_changes_nothing(client_for, staff, stocked, today):
    response = client_for(staff).post(
        reverse("logistics:dispatch_new"),
        {
            "warehouse": stocked.pk,
            "business_date": today.isoformat(),
            "destination_text": "Posko",
            "idempotency_key": "form-2",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "60",
            "lines-0-item": item("SLMT").pk,
            "lines-0-quantity": "201",
        },
    )
    assert response.status_code == 200 and "holds only 200" in response.text
    assert not Document.objects.filter(kind="dispatch").exists()


def test_the_receiver_confirms_with_a_photo_served_only_in_scope(
    client_for, staff, officer, partner_staff, stocked, paringin, today
):
    shipment = services.dispatch_post(
        by=staff,
        warehouse=stocked,
        lines=[services.IssueLine(item("SLMT"), Decimal(10))],
        business_date=today,
        destination_kecamatan=paringin,
    )
    line = shipment.lines.get()
    photo = io.BytesIO(PNG)
    photo.name = "bast.png"
    response = client_for(officer).post(
        reverse("logistics:document_receive", args=[shipment.pk]),
        {"received_date": today.isoformat(), f"line_{line.pk}": "10", "received_by_name": "Siti", "proofs": photo},
    )
    assert response.status_code == 302
    proof = Proof.objects.get()
    assert proof.content_type == "image/png" and "bast" not in proof.file.name
    assert client_for(officer).get(reverse("logistics:proof", args=[proof.pk])).status_code == 200
    assert client_for(partner_staff).get(reverse("logistics:proof", args=[proof.pk])).status_code == 404
    bast = client_for(staff).get(reverse("logistics:document_print", args=[shipment.pk, "bast"]))
    assert "BERITA ACARA SERAH TERIMA" in bast.text


def test_a_disguised_upload_is_refused(client_for, staff, stocked, paringin, today):
    shipment = services.dispatch_post(
        by=staff,
        warehouse=stocked,
        lines=[services.IssueLine(item("SLMT"), Decimal(10))],
        business_date=today,
        destination_kecamatan=paringin,
    )
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "photo.jpg"
    line = shipment.lines.get()
    response = client_for(staff).post(
        reverse("logistics:document_receive", args=[shipment.pk]),
        {"received_date": today.isoformat(), f"line_{line.pk}": "10", "proofs": fake},
    )
    assert response.status_code == 200 and "is not one of the accepted types" in response.text
    shipment.refresh_from_db()
    assert shipment.status == Document.Status.IN_TRANSIT and not Proof.objects.exists()


def test_exports_respect_filters_and_neutralise_formulas(client_for, staff, stocked, today):
    stocked.name = '=HYPERLINK("http://evil")'
    stocked.save()
    client = client_for(staff)
    csv_text = client.get(reverse("logistics:balance_list"), {"category": "clothing", "format": "csv"}).content.decode()
    assert "Blanket" in csv_text and "Rice" not in csv_text
    assert "'=HYPERLINK" in csv_text
    xlsx = client.get(reverse("logistics:balance_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(name.startswith("'=") for name in names if "HYPERLINK" in name)


def test_the_stock_card_exports_a_running_balance(client_for, staff, stocked, today):
    services.dispatch_post(
        by=staff,
        warehouse=stocked,
        lines=[services.IssueLine(item("SLMT"), Decimal(15))],
        business_date=today,
        destination_text="Posko",
    )
    response = client_for(staff).get(reverse("logistics:stock_card", args=[stocked.pk, "SLMT"]), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [row[-1] for row in rows] == [0, 200, 185]


def test_shortages_and_expiry_pages_list_and_export(client_for, staff, stocked):
    MinimumStock.objects.create(warehouse=stocked, item=item("SLMT"), mode="fixed", fixed_quantity=250)
    client = client_for(staff)
    assert "Blanket" in client.get(reverse("logistics:shortage_list")).text
    csv_text = client.get(reverse("logistics:shortage_list"), {"format": "csv"}).content.decode()
    assert "250" in csv_text and "50" in csv_text
    expiring = client.get(reverse("logistics:expiry_watch"), {"within": "30", "format": "csv"}).content.decode()
    assert "Rice" in expiring and "Blanket" not in expiring


def test_officer_files_a_request_and_staff_approve_it(client_for, officer, staff, stocked, paringin):
    response = client_for(officer).post(
        reverse("logistics:request_new"),
        {
            "kecamatan": paringin.pk,
            "destination_kind": "kecamatan",
            "people_affected": "80",
            "reason": "Banjir",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "60",
            "lines-0-item": item("SLMT").pk,
            "lines-0-quantity": "30",
        },
    )
    request = Request.objects.get()
    assert response.status_code == 302 and request.status == "submitted"
    line = request.lines.get()
    assert client_for(officer).post(reverse("logistics:request_approve", args=[request.pk]), {}).status_code == 200
    request.refresh_from_db()
    assert request.status == "submitted"
    client_for(staff).post(reverse("logistics:request_approve", args=[request.pk]), {f"line_{line.pk}": "20"})
    request.refresh_from_db()
    assert request.status == "approved"
    letter = client_for(officer).get(reverse("logistics:request_print", args=[request.pk]))
    assert "Permohonan bantuan logistik" in letter.text


def test_the_needs_calculator_makes_a_draft_request(client_for, staff, stocked, awayan):
    scenario = {"kecamatan": awayan.pk, "people": "50", "days": "3"}
    page = client_for(staff).get(reverse("logistics:needs"), scenario)
    assert page.status_code == 200 and "Gudang Utama Paringin" in page.text
    assert "Perka BNPB 7/2008" in page.text  # the district's default needs profile
    response = client_for(staff).post(reverse("logistics:needs"), scenario)
    draft = Request.objects.get()
    assert response.status_code == 302 and draft.status == "draft" and draft.kecamatan == awayan


def test_an_officer_of_one_kecamatan_finds_it_already_chosen_in_the_calculator(client_for, officer, paringin):
    field = client_for(officer).get(reverse("logistics:needs")).context["form"]["kecamatan"]
    assert field.value() == paringin.pk and [label for _value, label in field.field.choices] == [str(paringin)]


def test_the_needs_calculator_refuses_a_group_larger_than_the_people(client_for, staff, awayan):
    scenario = {"kecamatan": awayan.pk, "people": "50", "households": "60", "days": "3"}
    response = client_for(staff).post(reverse("logistics:needs"), scenario)
    assert response.status_code == 200 and "cannot be larger than the total of people (50)" in response.text
    assert not Request.objects.exists()


def test_the_other_pages_open(client_for, staff, stocked):
    client = client_for(staff)
    for name in (
        "document_list",
        "request_list",
        "receipt_new",
        "transfer_new",
        "adjustment_new",
        "count_new",
        "request_new",
        "needs",
        "expiry_watch",
        "balance_list",
    ):
        assert client.get(reverse(f"logistics:{name}")).status_code == 200, name


def formset(lines: list[dict]) -> dict:
    data = {"lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "1"}
    data["lines-MAX_NUM_FORMS"] = "60"
    for number, line in enumerate(lines):
        data.update({f"lines-{number}-{key}": value for key, value in line.items()})
    return data


def test_staff_receive_transfer_and_adjust_through_the_forms(client_for, staff, stocked, awayan_store, today):
    client = client_for(staff)
    received = client.post(
        reverse("logistics:receipt_new"),
        {
            "warehouse": stocked.pk,
            "business_date": today.isoformat(),
            "funding_source": "apbd_kabupaten",
            "supplier": "Bulog",
            "reference": "SPB/01",
            "idempotency_key": "form-r",
            **formset(
                [
                    {
                        "item": item("BRS").pk,
                        "quantity": "100",
                        "expiry_date": (today + datetime.timedelta(days=300)).isoformat(),
                    }
                ]
            ),
        },
    )
    receipt = Document.objects.get(kind="receipt", reference="SPB/01")
    assert received.url == reverse("logistics:document_detail", args=[receipt.pk])
    moved = client.post(
        reverse("logistics:transfer_new"),
        {
            "warehouse": stocked.pk,
            "destination_warehouse": awayan_store.pk,
            "business_date": today.isoformat(),
            "idempotency_key": "form-t",
            **formset([{"item": item("SLMT").pk, "quantity": "15", "lot": ""}]),
        },
    )
    transfer = Document.objects.get(kind="transfer")
    assert moved.url == reverse("logistics:document_detail", args=[transfer.pk])
    lot = receipt.lines.get().lot
    adjusted = client.post(
        reverse("logistics:adjustment_new"),
        {
            "warehouse": stocked.pk,
            "reason": AdjustmentReason.objects.get(code="damaged").pk,
            "business_date": today.isoformat(),
            **formset([{"lot": lot.pk, "quantity": "-2"}]),
        },
    )
    assert adjusted.status_code == 302
    assert Document.objects.get(kind="adjustment").lines.get().quantity == Decimal("-2")


def history_block(page: str) -> str:
    """The change-history card of an object page."""
    assert 'class="card history"' in page
    return page.split('class="card history"', 1)[1]


def test_a_stock_documents_page_shows_who_confirmed_its_receipt(client_for, staff, officer, stocked, paringin, today):
    shipment = services.dispatch_post(
        by=staff,
        warehouse=stocked,
        lines=[services.IssueLine(item("SLMT"), Decimal(10))],
        business_date=today,
        destination_kecamatan=paringin,
    )
    line = shipment.lines.get()
    client_for(officer).post(
        reverse("logistics:document_receive", args=[shipment.pk]),
        {"received_date": today.isoformat(), f"line_{line.pk}": "10", "received_by_name": "Siti"},
    )
    history = history_block(client_for(staff).get(reverse("logistics:document_detail", args=[shipment.pk])).text)
    assert "camat.paringin" in history and "In transit → Received" in history


def test_a_supply_requests_page_shows_who_approved_it(client_for, officer, staff, stocked, paringin):
    request = services.request_create(
        by=officer,
        kecamatan=paringin,
        destination_kind="kecamatan",
        reason="Banjir",
        people_affected=80,
        lines=[services.RequestedLine(item("SLMT"), Decimal(30))],
    )
    line = request.lines.get()
    client_for(staff).post(reverse("logistics:request_approve", args=[request.pk]), {f"line_{line.pk}": "20"})
    history = history_block(client_for(officer).get(reverse("logistics:request_detail", args=[request.pk])).text)
    assert "staff.balangan" in history and "Submitted → Approved" in history


def test_the_balances_list_pages_its_rows_and_the_export_keeps_them_all(
    client_for, staff, main_warehouse, monkeypatch, today
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("logistics.views.stock.BALANCES_PER_PAGE", 2)
    receive(staff, main_warehouse, "SLMT", 10, expiry=None)  # an undated lot comes last
    for days in (90, 30, 60):  # three dated lots of blankets
        receive(staff, main_warehouse, "SLMT", 10, expiry=today + datetime.timedelta(days=days))
    client = client_for(staff)
    first = client.get(reverse("logistics:balance_list"))
    assert len(first.context["page"].object_list) == 2 and "Page 1 of 2" in first.text
    with CaptureQueriesContext(connection) as captured:
        second = client.get(reverse("logistics:balance_list"), {"page": 2})
    expiries = [r["lot"].expiry_date for p in (first, second) for r in p.context["page"].object_list]
    assert expiries == [today + datetime.timedelta(days=d) for d in (30, 60, 90)] + [None]
    # The page's lots are read by id, in SQL: never every lot of the district.
    lot_reads = [q["sql"] for q in captured.captured_queries if 'FROM "logistics_lot"' in q["sql"].split("WHERE")[0]]
    [read] = lot_reads
    assert len(read.split(" IN (")[1].split(")")[0].split(",")) == 2  # this page's two lots
    assert (
        len(client.get(reverse("logistics:balance_list"), {"format": "csv"}).content.decode().strip().splitlines()) == 5
    )
