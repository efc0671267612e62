from django.urls import path

from . import views

app_name = "kecamatan"
urlpatterns = [
    path("", views.kecamatan_index, name="list"),
    path("<str:code>/", views.kecamatan_detail, name="detail"),
]
