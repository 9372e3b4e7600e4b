"""A visitor's cart follows them into their account when they sign in."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from partsdesk.accounts.selectors import customer_of

from .services import SessionCart, cart_merge


@receiver(user_logged_in, dispatch_uid="orders_cart_merge")
def merge_session_cart(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    session_cart = SessionCart(request.session)
    if not session_cart.items():
        return
    customer = customer_of(user)
    if customer is None:
        return
    for note in cart_merge(session_cart, customer):
        messages.warning(request, note)
