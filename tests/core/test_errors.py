"""The one error boundary: a service's Django errors become the API's answers and the form's errors."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from kencana.core.forms import add_service_errors, error_messages


def _service(error):
    """A service that refuses, as every service does: with a Django error."""

    def refuse():
        raise error

    return refuse


def _answer(user, error):
    class Endpoint(APIView):
        def post(self, request):
            _service(error)()

    request = APIRequestFactory().post("/", {}, format="json")
    force_authenticate(request, user=user)
    return Endpoint.as_view()(request)


def test_a_field_error_is_a_400_listing_the_messages_of_each_field(staff):
    response = _answer(staff, ValidationError({"quantity": ["More than zero."], "lot": ["Choose a lot."]}))
    assert response.status_code == 400
    assert response.data == {"quantity": ["More than zero."], "lot": ["Choose a lot."]}


def test_an_error_naming_no_field_is_a_400_under_detail(staff):
    response = _answer(staff, ValidationError("The period is closed."))
    assert response.status_code == 400
    assert response.data == {"detail": ["The period is closed."]}


def test_a_refusal_is_a_403_with_its_reason(staff):
    response = _answer(staff, PermissionDenied("Only BPBD staff of the district review reports."))
    assert response.status_code == 403
    assert str(response.data["detail"]) == "Only BPBD staff of the district review reports."


def test_a_refusal_without_a_reason_is_a_plain_403(staff):
    response = _answer(staff, PermissionDenied())
    assert response.status_code == 403
    assert response.data["detail"].code == "permission_denied"


class QuantityForm(forms.Form):
    quantity = forms.DecimalField()


def test_a_services_field_errors_land_on_the_forms_fields_and_the_rest_above_it():
    form = QuantityForm({"quantity": "5"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"quantity": ["Only 3 in stock."], "lot": ["Choose a lot."]}))
    assert form.errors == {"quantity": ["Only 3 in stock."], "__all__": ["Choose a lot."]}


def test_a_services_error_naming_no_field_lands_above_the_form():
    form = QuantityForm({"quantity": "5"})
    assert form.is_valid()
    add_service_errors(form, ValidationError(["The warehouse is closed.", "The period is closed."]))
    assert form.non_field_errors() == ["The warehouse is closed.", "The period is closed."]


def test_a_page_without_a_form_lists_every_message():
    error = ValidationError({"quantity": ["Only 3 in stock."], "lot": ["Choose a lot."]})
    assert error_messages(error) == ["Only 3 in stock.", "Choose a lot."]
    assert error_messages(ValidationError("Closed.")) == ["Closed."]
