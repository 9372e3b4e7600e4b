"""Forms of the desk's import pages: they parse input; partsdesk.imports.services decides."""

import re
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from partsdesk.imports.models import ImportProfile, ImportStatus, ListSource
from partsdesk.pricing.models import Supplier
from partsdesk.pricing.pricelist import CSV_EXTENSIONS, XLSX_EXTENSIONS

LIST_EXTENSIONS = sorted(CSV_EXTENSIONS | XLSX_EXTENSIONS)
LIST_ACCEPT = ",".join(LIST_EXTENSIONS)
# Profile fields people fill, each with what the column usually holds.
COLUMN_FIELDS = {
    "brand": _("Brand column"),
    "number": _("Article number column"),
    "name": _("Name column"),
    "price": _("Price column"),
    "quantity": _("Quantity column"),
    "delivery": _("Delivery time column"),
    "multiple": _("Pack multiple column"),
    "description": _("Description column"),
}
# A tab travels as the word: a bare tab in an option's value is easy to lose.
DELIMITERS = [("", _("Detect")), (";", ";"), (",", ","), ("tab", _("Tab")), ("|", "|")]
ENCODINGS = [("", _("Detect")), ("cp1251", "Windows-1251 (cp1251)"), ("utf-8", "UTF-8")]
MAX_DELIVERY_DAYS = 365
CURRENCY = re.compile(r"^[A-Z]{3}$")


def _list_file_check(upload, extensions: list[str], message) -> None:
    if Path(upload.name).suffix.lower() not in extensions:
        raise forms.ValidationError(message % {"extensions": ", ".join(extensions)})
    if not upload.size:
        raise forms.ValidationError(_("The file is empty."))


class PriceListUploadForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.filter(is_active=True).order_by("name"),
        empty_label="—",
        error_messages={"required": _("Choose the supplier.")},
    )
    file = forms.FileField(
        label=_("Price list"),
        help_text=_("CSV, TXT or XLSX; the supplier's import profile says how to read it."),
        widget=forms.ClearableFileInput(attrs={"accept": LIST_ACCEPT}),
        error_messages={"required": _("Choose the file.")},
    )
    dry_run = forms.BooleanField(label=_("Dry run: only report what would change"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _list_file_check(
            upload, LIST_EXTENSIONS, _("Upload a CSV, TXT or XLSX file (%(extensions)s).")
        )
        return upload


class CrossReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Cross-reference file"),
        help_text=_("Columns: brand; number; analog brand; analog number (CSV, TXT or XLSX)."),
        widget=forms.ClearableFileInput(attrs={"accept": LIST_ACCEPT}),
        error_messages={"required": _("Choose the file.")},
    )
    dry_run = forms.BooleanField(label=_("Dry run: only report what would change"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _list_file_check(
            upload, LIST_EXTENSIONS, _("Upload a CSV, TXT or XLSX file (%(extensions)s).")
        )
        return upload


class ImportFilterForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.order_by("name"),
        required=False,
        empty_label=_("All suppliers"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *ImportStatus.choices],
        required=False,
    )


class ImportProfileForm(forms.ModelForm):
    """A supplier's import profile; each column is a header name or a column number."""

    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=DELIMITERS, required=False)
    currency = forms.CharField(
        label=_("Price currency"),
        max_length=3,
        required=False,
        help_text=_("Three letters, such as RUB or EUR; empty: the supplier's currency."),
    )
    url = forms.URLField(
        label=_("List URL"), max_length=1000, required=False, assume_scheme="https"
    )

    class Meta:
        model = ImportProfile
        fields = [
            "warehouse",
            "encoding",
            "delimiter",
            "skip_rows",
            "has_header",
            "decimal_mark",
            "currency",
            "default_delivery_min",
            "default_delivery_max",
            "min_quantity",
            "source",
            "url",
            "fetch_hour",
            "max_bad_percent",
            "max_removed_percent",
            "max_price_jump_percent",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        self.fields["warehouse"].queryset = profile.supplier.warehouses.order_by("name")
        self.fields["warehouse"].empty_label = None
        # A profile set up elsewhere (the command line, the admin) may use another encoding.
        for name, known in (("encoding", ENCODINGS), ("delimiter", DELIMITERS)):
            current = getattr(profile, name)
            if current and current != "\t" and current not in dict(known):
                self.fields[name].choices = [*known, (current, current)]
        if profile.delimiter == "\t":
            self.initial["delimiter"] = "tab"
        self.fields["fetch_hour"].widget.attrs.update(min=0, max=23)
        columns = profile.columns or {}
        for field_name, label in COLUMN_FIELDS.items():
            value = columns.get(field_name, "")
            if isinstance(value, int):
                value = str(value + 1)  # people count columns from 1
            self.fields[f"column_{field_name}"] = forms.CharField(
                label=label, max_length=100, required=False, initial=value
            )

    @property
    def column_fields(self):
        return [self[f"column_{name}"] for name in COLUMN_FIELDS]

    @property
    def reading_fields(self):
        return [
            self[name]
            for name in (
                "encoding",
                "delimiter",
                "skip_rows",
                "has_header",
                "decimal_mark",
                "currency",
            )
        ]

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if currency and not CURRENCY.match(currency):
            raise forms.ValidationError(_("A currency is three Latin letters, such as EUR."))
        return currency

    def clean_delimiter(self) -> str:
        delimiter = self.cleaned_data["delimiter"]
        return "\t" if delimiter == "tab" else delimiter

    def _clean_columns(self) -> dict:
        columns: dict[str, str | int] = {}
        for field_name in COLUMN_FIELDS:
            name = f"column_{field_name}"
            value = (self.cleaned_data.get(name) or "").strip()
            if not value:
                continue
            if value.isdigit():
                number = int(value)
                if number < 1:
                    self.add_error(name, _("Columns are numbered from 1."))
                    continue
                columns[field_name] = number - 1
            else:
                columns[field_name] = value
        return columns

    def clean(self):
        cleaned = super().clean()
        columns = self._clean_columns()
        if not cleaned.get("has_header", True) and any(
            not isinstance(columns.get(field_name), int)
            for field_name in ("brand", "number", "price")
        ):
            self.add_error(
                None,
                _(
                    "A list without a header row needs the column numbers of the brand, "
                    "the article number and the price."
                ),
            )
        positions = [value for value in columns.values() if isinstance(value, int)]
        if len(positions) != len(set(positions)):
            self.add_error(None, _("Two fields are given the same column number."))
        low, high = cleaned.get("default_delivery_min"), cleaned.get("default_delivery_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "default_delivery_max", _("The delivery time cannot end before it begins.")
            )
        if high is not None and high > MAX_DELIVERY_DAYS:
            self.add_error(
                "default_delivery_max",
                _("At most %(days)s days.") % {"days": MAX_DELIVERY_DAYS},
            )
        if cleaned.get("source") == ListSource.URL:
            url = cleaned.get("url", "")
            if not url and "url" not in self.errors:
                self.add_error("url", _("Give the address the list is fetched from."))
            elif url and not url.lower().startswith(("http://", "https://")):
                self.add_error("url", _("The address must start with http:// or https://."))
        cleaned["columns"] = columns
        return cleaned

    def save(self, commit: bool = True) -> ImportProfile:
        self.instance.columns = self.cleaned_data["columns"]
        return super().save(commit=commit)
