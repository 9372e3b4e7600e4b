"""Reads of the notifications app."""

from .models import DEFAULT_PREFERENCES, NotificationPreference


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
