from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from kecamatan.models import Kecamatan
from kencana.core.forms import Form, MachineFormats, ModelForm

from .models import Role, User


class LoginForm(MachineFormats, AuthenticationForm):
    """Django's log-in form with a refusal that reads well in Indonesian (Django's own says
    "nama pengguna nama pengguna")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or the password is not right. Capital and small letters count."),
    }


PROFILE_FIELDS = ["first_name", "last_name", "email", "phone", "job_title", "role", "kecamatan"]


class UserForm(ModelForm):
    """Profile, role and kecamatan of one account; the kecamatan offered are the admin's district's."""

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"kecamatan": forms.CheckboxSelectMultiple}

    def __init__(self, *args, district_id: int | None, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(district_id=district_id).only("code", "name")
        # An account keeps its role on the list even when the admin could not give it.
        current = [self.instance.role] if self.instance.pk else []
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in {*roles, *current}]
        if district_id is None:
            del self.fields["kecamatan"]  # a province office's accounts work for no kecamatan


class UserCreateForm(UserForm):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only."),
    )
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    class Meta(UserForm.Meta):
        fields = ["username", "password", *PROFILE_FIELDS]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class UserUpdateForm(UserForm):
    class Meta(UserForm.Meta):
        fields = [*PROFILE_FIELDS, "is_active"]


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What the token is for, e.g. the app or script that uses it.")
    )
