"""Arguments read from the query string (``kencana/core/query.py``): a page takes the default for a
value it cannot read, the API names the parameter; an id that cannot be one is a 404; codes are
read by their shape."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from kencana.core.query import MAX_ID, CodesField, QueryForm, id_or_404


class Window(QueryForm):
    within = forms.TypedChoiceField(choices=[(30, 30), (90, 90)], coerce=int, required=False, initial=90)
    as_of = forms.DateField(required=False)


class Districts(QueryForm):
    district = CodesField(pattern=r"\d{2}\.\d{2}")


def test_codes_are_read_by_their_shape():
    assert Districts({"district": " 63.11, 63.03,,"}).strict() == {"district": ["63.11", "63.03"]}
    assert Districts({}).strict() == {"district": []} and Districts({"district": ","}).strict() == {"district": []}
    for bad in ("63.11,abc", "63.11\x00", "6311", "63.11.06"):
        assert Districts({"district": bad}).chosen() == {"district": []}
        with translation.override("en"), pytest.raises(ValidationError, match="separated by commas") as error:
            Districts({"district": bad}).strict()
        assert list(error.value.message_dict) == ["district"]


def test_a_page_reads_good_values_and_takes_the_default_for_missing_or_bad_ones():
    assert Window({"within": "30", "as_of": "2026-12-05"}).chosen() == {
        "within": 30,
        "as_of": datetime.date(2026, 12, 5),
    }
    assert Window({}).chosen() == {"within": 90, "as_of": None}
    assert Window({"within": "45", "as_of": "2026-13-45"}).chosen() == {"within": 90, "as_of": None}


def test_the_api_names_every_parameter_it_cannot_read():
    with pytest.raises(ValidationError, match="valid") as error:
        Window({"within": "45", "as_of": "2026-13-45"}).strict()
    assert set(error.value.message_dict) == {"within", "as_of"}
    assert Window({"within": "30"}).strict() == {"within": 30, "as_of": None}


@pytest.mark.parametrize("value", [None, "", "abc", "1.5", "-3", "0", str(MAX_ID + 1), "9" * 40])
def test_an_id_that_cannot_be_one_is_a_404(value):
    with pytest.raises(Http404, match="is not an id"):
        id_or_404(value)


def test_an_id_is_read_as_a_number():
    assert id_or_404("42") == 42 and id_or_404(MAX_ID) == MAX_ID
