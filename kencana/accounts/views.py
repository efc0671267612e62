import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import SimpleRateThrottle

from kecamatan.models import geometry_of
from kencana.core.clients import client_ip
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for

from . import permissions, services
from .forms import ApiTokenForm, UserCreateForm, UserUpdateForm
from .permissions import require
from .scope import users_for
from .selectors import api_token_list


def _profile(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("username", None), data.pop("password", None)
    return data


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require(permissions.may_manage_users(request.user))
    users = (
        users_for(request.user)
        .prefetch_related("kecamatan")
        .select_related("district", "province", "desa", "school")
        .defer(*geometry_of("desa"))
    )
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require(permissions.may_manage_users(request.user))
    roles = permissions.assignable_roles(request.user)
    form = UserCreateForm(request.POST or None, district_id=request.user.district_id, roles=roles)
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
    roles = permissions.assignable_roles(request.user)
    form = UserUpdateForm(request.POST or None, instance=user, district_id=user.district_id, roles=roles)
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


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's own API tokens: see them, create a named one (its key is shown once), revoke."""
    created_key = None
    if request.method == "POST" and "revoke" in request.POST:
        token = get_object_or_404(api_token_list(user=request.user), pk=request.POST.get("revoke") or 0)
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
        return redirect("accounts:api_tokens")
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, created_key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm()
    context = {
        "tokens": api_token_list(user=request.user),
        "form": form,
        "created_key": created_key,
        "token_days": settings.API_TOKEN_DAYS,
    }
    response = render(request, "accounts/api_tokens.html", context)
    response["Cache-Control"] = "private, no-store"  # the new key is on this page once
    return response


class _ResetThrottle(SimpleRateThrottle):
    """PASSWORD_RESET_RATE requests per client address, and per email address asked for."""

    scope = "password_reset"

    def __init__(self, ident: str):
        super().__init__()
        self.ident = ident

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


class LogoutView(auth_views.LogoutView):
    """Log out, and have the browser forget everything Kencana stored on the device (a phone shared
    at the kecamatan office): the offline app's caches and outbox, local storage, the service
    worker (docs/offline.md). ``static/js/offline.js`` clears the same for browsers without
    Clear-Site-Data."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited so that nobody floods an inbox or probes addresses."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        throttles = [
            _ResetThrottle(f"ip:{client_ip(self.request)}"),
            _ResetThrottle(f"email:{hashlib.sha256(email.encode()).hexdigest()}"),
        ]
        allowed = [throttle.allow_request(self.request, self) for throttle in throttles]
        if not all(allowed):
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers once a username is locked for this client (429)."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    if request.path.startswith("/api/"):
        message = ngettext(
            "Too many failed log-in attempts: try again in %(minutes)s minute.",
            "Too many failed log-in attempts: try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        return JsonResponse({"detail": message}, status=429)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
