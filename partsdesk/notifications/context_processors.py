from django.utils.functional import SimpleLazyObject

from .selectors import unread_notifications_count


def unread_notifications(request) -> dict:
    """`unread_notifications_count` for the header's badge, counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications_count": SimpleLazyObject(lambda: unread_notifications_count(user))
    }
