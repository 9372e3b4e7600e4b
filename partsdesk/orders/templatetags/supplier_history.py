"""Our own delivery figures for an offer's supplier, beside the declared ones (offers table)."""

from django import template

from ..supplier_stats import History, supplier_history, supplier_history_map

register = template.Library()

_ON_REQUEST = "_supplier_history_map"


@register.simple_tag(takes_context=True)
def supplier_history_of(context, offer) -> History | None:
    """The figures for the offer's supplier × brand, else the supplier's, else None (the
    declared ones stand). The map is read once per request (the cache, at most one query)."""
    request = context.get("request")
    histories = getattr(request, _ON_REQUEST, None)
    if histories is None:
        histories = supplier_history_map()
        if request is not None:
            setattr(request, _ON_REQUEST, histories)
    return supplier_history(histories, offer.supplier_code, offer.brand_name)
