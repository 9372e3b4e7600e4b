"""Reads of the notifications app."""

from django.db.models import QuerySet

from .models import DEFAULT_PREFERENCES, Notification, NotificationPreference


def notification_preferences(user) -> dict[tuple[str, str], bool]:
    """Every (event, channel) → whether `user` gets it: their choices over the defaults."""
    matrix = {
        (str(event), str(channel)): on for (event, channel), on in DEFAULT_PREFERENCES.items()
    }
    for event, channel, enabled in NotificationPreference.objects.filter(user=user).values_list(
        "event", "channel", "enabled"
    ):
        if (event, channel) in matrix:
            matrix[(event, channel)] = enabled
    return matrix


def notifications_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first."""
    notifications = Notification.objects.filter(user=user)
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def unread_notifications_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
