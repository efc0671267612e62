from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kencana.core.forms import add_service_errors
from kencana.core.history import history_for

from . import permissions, services
from .forms import UserCreateForm, UserUpdateForm
from .permissions import require
from .scope import users_for


def _profile(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("username", None), data.pop("password", None)
    return data


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require(permissions.may_manage_users(request.user))
    users = users_for(request.user).prefetch_related("kecamatan").select_related("district")
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require(permissions.may_manage_users(request.user))
    form = UserCreateForm(request.POST or None, district_id=request.user.district_id)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                by=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **_profile(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.may_manage_users(request.user))
    user = get_object_or_404(users_for(request.user), pk=pk)
    form = UserUpdateForm(request.POST or None, instance=user, district_id=user.district_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.user, user=user, **_profile(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": user.username})
            return redirect("accounts:user_list")
    context = {"form": form, "creating": False, "account": user, "history": history_for(user)}
    return render(request, "accounts/user_form.html", context)
