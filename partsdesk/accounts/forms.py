from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .antibot import AntiBotField
from .models import CustomerKind
from .services import AccountError, Registration


def add_account_errors(form: forms.Form, error: AccountError) -> None:
    """Put a service's field errors on the form; the rest become a form-wide error."""
    for name, messages in error.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I am"),
        choices=CustomerKind.choices,
        widget=forms.RadioSelect,
        initial=CustomerKind.INDIVIDUAL,
    )
    full_name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For a company: the contact person.")
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=256,
        help_text=_("At least 12 characters; a phrase of a few words is easy to remember."),
    )
    company_name = forms.CharField(label=_("Company name"), max_length=300, required=False)
    inn = forms.CharField(label=_("INN"), max_length=12, required=False)
    kpp = forms.CharField(
        label=_("KPP"), max_length=9, required=False, help_text=_("Companies only.")
    )
    legal_address = forms.CharField(label=_("Legal address"), max_length=500, required=False)
    offer_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    accept_offer = forms.BooleanField(label=_("I accept the public offer"), required=True)

    def registration(self, language: str) -> Registration:
        data = self.cleaned_data
        return Registration(
            kind=data["kind"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            password=data["password"],
            offer_version=data.get("offer_version"),
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
            company_name=data.get("company_name", ""),
            inn=data.get("inn", ""),
            kpp=data.get("kpp", ""),
            legal_address=data.get("legal_address", ""),
        )


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label=_("Email, phone or login name"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    remember = forms.BooleanField(label=_("Remember me for 30 days"), required=False)


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)


class PasswordResetRequestForm(EmailForm):
    antibot = AntiBotField()


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(
        label=_("New password"),
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters."),
    )


class OfferAcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.BooleanField(label=_("I accept this version of the public offer"))
