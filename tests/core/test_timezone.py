from django.urls import reverse

from kecamatan.models import Province

from ..factories import DistrictFactory, UserFactory


def test_pages_show_times_in_the_users_district_zone(client_for, db):
    merauke = DistrictFactory(
        code="93.01", name="Merauke", timezone="Asia/Jayapura", province=Province.objects.get(code="93")
    )
    user = UserFactory(username="staff.merauke", district=merauke)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    assert "UTC+9" in response.text
