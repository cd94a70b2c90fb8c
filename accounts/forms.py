import zoneinfo

from allauth.account.forms import LoginForm
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Role, User
from directory.models import Contact


class FocusedOnOpen:
    """A form of one purpose whose page opens with the focus in ``focused_field`` (not after a failed submit:
    then the error summary takes the focus; see enlace.form_rendering)."""

    focused_field: str

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.focused_field].widget.attrs["autofocus"] = True


class SignInForm(FocusedOnOpen, LoginForm):
    focused_field = "login"


class SecondFactorForm(FocusedOnOpen, AuthenticateForm):
    """The second step of signing in: the code is all it asks."""

    focused_field = "code"


class ConfirmSecondFactorForm(FocusedOnOpen, ReauthenticateForm):
    """The code asked again before a sensitive change."""

    focused_field = "code"


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 12 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email, name=cleaned.get("name", "")))
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    contact = forms.ModelChoiceField(
        label=gettext_lazy("Contact record"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=gettext_lazy("The contact record that corresponds to this person."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=gettext_lazy(
            "For a coordinator. A point of contact's invitation is written in its first operating language."
        ),
    )

    def __init__(self, *args, state, can_invite_coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        roles = [(Role.POINT_OF_CONTACT.value, Role.POINT_OF_CONTACT.label)]
        if can_invite_coordinator:
            roles.append((Role.COORDINATOR.value, Role.COORDINATOR.label))
        self.fields["role"].choices = roles
        self.fields["contact"].queryset = Contact.objects.filter(
            institution__state=state, user_account__isnull=True
        ).select_related("institution")

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("role") == Role.POINT_OF_CONTACT and not cleaned.get("contact"):
            self.add_error("contact", _("Choose the contact record of this point of contact."))
        return cleaned


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Your time zone"),
        choices=lambda: [(zone, zone) for zone in sorted(zoneinfo.available_timezones())],
    )

    class Meta:
        model = User
        fields = ["name", "time_zone"]
