"""How the customer reads the kinds of cross-reference."""

from django.utils.translation import gettext_lazy as _

from .models import CrossKind

REQUESTED = "requested"

GROUP_LABELS = {
    REQUESTED: _("The part you asked for"),
    CrossKind.ORIGINAL: _("Original (OE) numbers"),
    CrossKind.REPLACED_BY: _("New numbers that replace it"),
    CrossKind.REPLACES: _("Old numbers it replaces"),
    CrossKind.ANALOG: _("Analogs"),
}

# "%(part)s" is the part the customer searched for; the label describes the analog.
RELATION_LABELS = {
    CrossKind.ORIGINAL: _("original number for %(part)s"),
    CrossKind.ANALOG: _("analog of %(part)s"),
    CrossKind.REPLACED_BY: _("replaces %(part)s"),
    CrossKind.REPLACES: _("replaced by %(part)s"),
}


def group_label(kind: str) -> str:
    return str(GROUP_LABELS[kind])


def relation_label(kind: str, part_name: str) -> str:
    return str(RELATION_LABELS[kind]) % {"part": part_name}
