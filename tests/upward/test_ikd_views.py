"""The IKD pages: the list beside the SPM reports, the district's form while a draft, the
province's review while submitted, read-only for BNPB."""

from django.urls import reverse

from kencana.upward import services

from .conftest import STEPS, all_at


def test_the_district_answers_on_the_page_and_the_province_reviews_it(
    client_for, assessment, version, staff, province_staff, national_staff
):
    page = client_for(staff).get(reverse("upward:index"))
    assert list(page.context["assessments"]) == [assessment]
    assert page.context["ikd_open_form"] is not None

    detail = reverse("upward:ikd_detail", args=[assessment.pk])
    form = client_for(staff).get(detail).context["form"]
    data = {name: "" for name in form.fields}
    first = version.indicators.order_by("position").first()
    data[f"i{first.pk}"] = STEPS[4]
    saved = client_for(staff).post(detail, {**data, "save": "1"})
    assert saved.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers.get().points == 1 and assessment.index > 0

    services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, 3), submit=True)
    review = client_for(province_staff).get(detail)
    assert review.context["form"] is None and review.context["review_form"] is not None
    read = client_for(national_staff).get(detail)
    assert read.context["form"] is None and read.context["review_form"] is None
    assert b"Tingkat 4" in read.content
    client_for(province_staff).post(
        reverse("upward:ikd_review", args=[assessment.pk]), {"decision": "return", "note": "Lampirkan Perda"}
    )
    assessment.refresh_from_db()
    assert assessment.state == "returned"
    assert b"Lampirkan Perda" in client_for(staff).get(detail).content


def test_a_page_post_with_an_unknown_choice_is_shown_again_and_saves_nothing(client_for, assessment, version, staff):
    first = version.indicators.order_by("position").first()
    page = client_for(staff).post(
        reverse("upward:ikd_detail", args=[assessment.pk]), {f"i{first.pk}": "Sempurna", "save": "1"}
    )
    assert page.status_code == 200 and page.context["form"].errors
    assert not assessment.answers.exists()
