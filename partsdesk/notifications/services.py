"""Sending what the shop tells people. Emails go out as tasks once the transaction commits."""

from django.db import transaction
from django.db.models import Q

from .models import Channel, Event, NotificationPreference
from .tasks import send_email_task


def send_email(*, to: str, template: str, language: str, context: dict) -> None:
    """Queue `templates/email/<template>.{subject.txt,txt,html}` in `language` for `to`.

    `context` may hold model instances; they are passed to the task as their primary keys
    would not survive a broker, so only plain values and `user` (by pk) are allowed.
    """
    payload = {key: value for key, value in context.items() if key != "user"}
    user_id = context["user"].pk if "user" in context else None
    transaction.on_commit(
        lambda: send_email_task.delay(
            to=to, template=template, language=language, context=payload, user_id=user_id
        )
    )


@transaction.atomic
def notification_preferences_set(user, matrix: dict[tuple[str, str], bool]) -> None:
    """Store the customer's choice for each (event, channel) given; others keep theirs.

    Raises ValueError for an event or channel that does not exist (nothing is stored then).
    """
    unknown = [key for key in matrix if key[0] not in Event.values or key[1] not in Channel.values]
    if unknown:
        raise ValueError(f"Unknown notification preferences: {unknown}")
    if not matrix:
        return
    # Serialize concurrent saves of one user's matrix (delete + insert under the unique key).
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    cells = Q(*[Q(event=event, channel=channel) for event, channel in matrix], _connector=Q.OR)
    NotificationPreference.objects.filter(cells, user=user).delete()
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, event=event, channel=channel, enabled=bool(enabled))
        for (event, channel), enabled in matrix.items()
    )
