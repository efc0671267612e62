from django.urls import path

from . import views

app_name = "response"
urlpatterns = [
    path("", views.event_index, name="index"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/close/", views.event_close, name="event_close"),
    path("events/<int:pk>/chronology/", views.chronology_add, name="chronology_add"),
    path("events/<int:pk>/decrees/new/", views.decree_create, name="decree_create"),
    path("events/<int:pk>/activate/", views.card_activate, name="card_activate"),
    path("events/<int:pk>/pull/", views.items_pull, name="items_pull"),
    path("events/<int:pk>/impact/", views.impact_index, name="impact_index"),
    path("events/<int:pk>/impact/new/", views.impact_create, name="impact_create"),
    path("events/<int:pk>/impact/export/<str:fmt>/", views.impact_export, name="impact_export"),
    path("events/<int:pk>/impact/dibi.csv", views.impact_dibi, name="impact_dibi"),
    path("events/<int:pk>/casualties/", views.casualty_index, name="casualties"),
    path("events/<int:pk>/sitreps/new/", views.sitrep_create, name="sitrep_create"),
    path("decrees/<int:pk>/file/", views.decree_file, name="decree_file"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/act/", views.task_act, name="task_act"),
    path("impact/<int:pk>/", views.impact_detail, name="impact_detail"),
    path("impact/<int:pk>/edit/", views.impact_edit, name="impact_edit"),
    path("impact/<int:pk>/review/", views.impact_review, name="impact_review"),
    path("casualties/<int:pk>/edit/", views.casualty_edit, name="casualty_edit"),
    path("sitreps/<int:pk>/", views.sitrep_detail, name="sitrep_detail"),
    path("sitreps/<int:pk>/whatsapp.txt", views.sitrep_text, name="sitrep_text"),
    path("settings/", views.response_settings, name="settings"),
]
