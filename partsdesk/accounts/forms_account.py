"""Forms of the personal account's pages; the services check the values."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partsdesk.notifications.models import Channel, Event


def _password_field(label, autocomplete: str = "current-password") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of emails and pages"), choices=settings.LANGUAGES
    )
    company_name = forms.CharField(label=_("Company name"), max_length=300, required=False)
    inn = forms.CharField(label=_("INN"), max_length=12, required=False)
    kpp = forms.CharField(
        label=_("KPP"), max_length=9, required=False, help_text=_("Companies only.")
    )
    legal_address = forms.CharField(label=_("Legal address"), max_length=500, required=False)

    def __init__(self, *args, legal_entity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not legal_entity:
            for name in ("company_name", "inn", "kpp", "legal_address"):
                del self.fields[name]
        else:
            self.fields["full_name"].label = _("Contact person")


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New email"), max_length=254)
    password = _password_field(_("Your current password"))


class PhoneChangeForm(forms.Form):
    phone = forms.CharField(
        label=_("New phone"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"})
    )
    password = _password_field(_("Your current password"))


class AddressForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient"), max_length=200)
    recipient_phone = forms.CharField(
        label=_("Recipient's phone"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"})
    )
    city = forms.CharField(label=_("City"), max_length=100)
    address = forms.CharField(
        label=_("Address"), max_length=500, help_text=_("Street, house, flat.")
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    comment = forms.CharField(
        label=_("Comment for the courier"), max_length=500, required=False, widget=forms.Textarea
    )
    is_default = forms.BooleanField(label=_("Deliver here by default"), required=False)


class NotificationPreferencesForm(forms.Form):
    """One checkbox per (event, channel), named `<event>__<channel>`."""

    def __init__(self, *args, matrix: dict[tuple[str, str], bool], **kwargs):
        super().__init__(*args, **kwargs)
        for event in Event:
            for channel in Channel:
                self.fields[f"{event}__{channel}"] = forms.BooleanField(
                    label=f"{event.label}: {channel.label}",
                    required=False,
                    initial=matrix[(event.value, channel.value)],
                )

    def matrix(self) -> dict[tuple[str, str], bool]:
        return {
            (event.value, channel.value): self.cleaned_data[f"{event}__{channel}"]
            for event in Event
            for channel in Channel
        }

    def rows(self) -> list[dict]:
        """For the template: one row per event with its cells in the channels' order."""
        return [
            {
                "label": event.label,
                "cells": [
                    {"channel": channel.label, "field": self[f"{event}__{channel}"]}
                    for channel in Channel
                ],
            }
            for event in Event
        ]


class PasswordChangeForm(forms.Form):
    current_password = _password_field(_("Current password"))
    new_password = forms.CharField(
        label=_("New password"),
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters."),
    )


class AccountDeleteForm(forms.Form):
    password = _password_field(_("Your password"))
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted for good")
    )
