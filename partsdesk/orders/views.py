"""The customer's pages are being built; until then every route answers 404."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


cart = cart_add = cart_line_update = cart_line_remove = cart_clear = _not_yet
quick_order = quick_order_sent = checkout = orders = order = order_placed = _not_yet
reorder = position_cancel = position_accept = _not_yet
