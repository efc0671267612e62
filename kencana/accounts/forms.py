from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kecamatan.models import GEOMETRY_FIELDS, Desa, Kecamatan, School, geometry_of
from kencana.core.forms import Form, MachineFormats, ModelForm

from .models import Role, User


class LoginForm(MachineFormats, AuthenticationForm):
    """Django's log-in form with a refusal that reads well in Indonesian (Django's own says
    "nama pengguna nama pengguna")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or the password is not right. Capital and small letters count."),
    }


PROFILE_FIELDS = ["first_name", "last_name", "email", "phone", "job_title", "role", "kecamatan", "desa", "school"]


class UserForm(ModelForm):
    """Profile, role and what the account works for: the kecamatan of an officer, the desa of a desa
    facilitator, the school of a school focal person, each offered from the admin's district only."""

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"kecamatan": forms.CheckboxSelectMultiple}
        help_texts = {
            "desa": _("For a desa facilitator only: the one desa they work for."),
            "school": _("For a school focal person only: the one school they work for."),
        }

    def __init__(self, *args, district_id: int | None, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(district_id=district_id).only("code", "name")
        # An account keeps its role on the list even when the admin could not give it.
        current = [self.instance.role] if self.instance.pk else []
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in {*roles, *current}]
        if district_id is None:  # a province office's accounts work for no kecamatan, desa or school
            for name in ("kecamatan", "desa", "school"):
                del self.fields[name]
            return
        self.fields["desa"].queryset = (
            Desa.objects.filter(kecamatan__district_id=district_id)
            .select_related("kecamatan")
            .defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan"))
            .order_by("kecamatan__code", "code")
        )
        self.fields["desa"].label_from_instance = lambda desa: f"{desa.name} ({desa.kecamatan.name})"
        self.fields["school"].queryset = (
            School.objects.filter(desa__kecamatan__district_id=district_id)
            .filter(Q(active=True) | Q(pk=self.instance.school_id))  # an account keeps its closed school
            .select_related("desa")
            .defer(*geometry_of("desa"))
            .order_by("name")
        )
        self.fields["school"].label_from_instance = lambda school: f"{school.name} ({school.npsn}, {school.desa.name})"

    def clean(self):
        """A desa or school chosen for another role is dropped, so the account's rules hold (the
        service says what is missing for the role)."""
        data = super().clean()
        role = data.get("role")
        if role != Role.DESA_FACILITATOR:
            data["desa"] = None
        if role != Role.SCHOOL_FOCAL:
            data["school"] = None
        if role == Role.DESA_FACILITATOR and data.get("desa") is None and "desa" not in self.errors:
            self.add_error("desa", _("A desa facilitator works for one desa: choose it."))
        if role == Role.SCHOOL_FOCAL and data.get("school") is None and "school" not in self.errors:
            self.add_error("school", _("A school focal person works for one school: choose it."))
        return data


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
