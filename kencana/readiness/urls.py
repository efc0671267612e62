from django.urls import path

from .views import compare, library, reports, templates

app_name = "readiness"
urlpatterns = [
    path("", reports.index, name="index"),
    # Templates of the user's district
    path("templates/", templates.template_index, name="templates"),
    path("templates/new/", templates.template_create, name="template_create"),
    path("templates/import/", templates.template_import, name="template_import"),
    path("templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path("templates/<int:pk>/draft/", templates.template_draft, name="template_draft"),
    path("templates/<int:pk>/pull/", templates.template_pull, name="template_pull"),
    path("versions/<int:pk>/", templates.version_detail, name="version_detail"),
    path("versions/<int:pk>/publish/", templates.version_publish, name="version_publish"),
    path("versions/<int:pk>/retire/", templates.version_retire, name="version_retire"),
    path("versions/<int:pk>/discard/", templates.version_discard, name="version_discard"),
    path("versions/<int:pk>/thresholds/", templates.version_thresholds, name="version_thresholds"),
    path("versions/<int:pk>/sections/", templates.section_save, name="section_create"),
    path("versions/<int:pk>/sections/<int:section_pk>/", templates.section_save, name="section_save"),
    path("versions/<int:pk>/sections/<int:section_pk>/delete/", templates.section_delete, name="section_delete"),
    path("versions/<int:pk>/sections/<int:section_pk>/move/", templates.section_move, name="section_move"),
    path("versions/<int:pk>/indicators/<int:indicator_pk>/move/", templates.indicator_move, name="indicator_move"),
    path("versions/<int:pk>/indicators/new/", templates.indicator_edit, name="indicator_create"),
    path("versions/<int:pk>/indicators/<int:indicator_pk>/", templates.indicator_edit, name="indicator_edit"),
    path(
        "versions/<int:pk>/indicators/<int:indicator_pk>/delete/",
        templates.indicator_delete,
        name="indicator_delete",
    ),
    path("versions/<int:pk>/export.<str:fmt>", templates.version_export, name="version_export"),
    path("versions/<int:pk>/compare/<int:other_pk>/", templates.version_compare, name="version_compare"),
    path("assignments/new/", templates.assignment_edit, name="assignment_create"),
    path("assignments/<int:pk>/", templates.assignment_edit, name="assignment_edit"),
    # Reports
    path("reports/", reports.results, name="results"),
    path("reports/export.<str:fmt>", reports.results_export, name="results_export"),
    path("reports/open/", reports.report_open, name="report_open"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/save/", reports.report_save, name="report_save"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("reports/<int:pk>/reopen/", reports.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/print/", reports.report_print, name="report_print"),
    path("evidence/<int:pk>/", reports.evidence_download, name="evidence"),
    path("completeness/", reports.completeness_view, name="completeness"),
    path("trend/<str:code>/", reports.kecamatan_trend, name="trend"),
    path("compare/", compare.compare, name="compare"),
    path("compare/export.<str:fmt>", compare.compare_export, name="compare_export"),
    # Library
    path("library/", library.library_index, name="library"),
    path("library/<int:pk>/", library.library_detail, name="library_detail"),
    path("library/<int:pk>/adopt/", library.library_adopt, name="library_adopt"),
    path("library/versions/<int:pk>/", library.library_version, name="library_version"),
    path("library/versions/<int:pk>/export.<str:fmt>", library.library_export, name="library_export"),
    path("library/compare/", library.library_compare, name="library_compare"),
]
