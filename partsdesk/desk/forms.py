from django import forms
from django.utils.translation import gettext_lazy as _

from partsdesk.accounts.services import AccountError

from .selectors import managers_active


def add_account_error(form: forms.Form, error: AccountError) -> None:
    """Put a refused service call on the form: field errors where they belong, else on top."""
    for name, messages in error.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.email})" if obj.email else obj.display_name


class ReassignForm(forms.Form):
    manager = ManagerChoiceField(label=_("Personal manager"), queryset=None, empty_label="—")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers_active()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )
