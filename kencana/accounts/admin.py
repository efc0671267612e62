import axes.admin  # noqa: F401 - registers log-in lockouts (Access attempts) so an administrator can lift one
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "district", "role", "is_active")
    list_filter = ("district", "role", "is_active", "is_superuser")
    filter_horizontal = ("kecamatan", "groups", "user_permissions")
    raw_id_fields = ("desa", "school")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Kencana"), {"fields": ("district", "role", "kecamatan", "desa", "school", "phone", "job_title")}),
    )
