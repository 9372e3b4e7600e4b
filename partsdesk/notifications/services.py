"""Sending what the shop tells people. Emails go out as tasks once the transaction commits."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from .models import Channel, Event, Notification, NotificationPreference
from .selectors import notification_preferences
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


def notify(
    *,
    user,
    event: str,
    title: str,
    body: str = "",
    url: str = "",
    email_template: str = "notifications/notification",
    email_context: dict | None = None,
) -> Notification | None:
    """Tell `user` about `event` on the channels their preferences allow.

    `title` and `body` may be lazy translations; they are written in the user's language.
    The email (`templates/email/<email_template>.*`, by default the title, the body and the
    link) goes out after the transaction commits; without an email address there is none.
    SMS has no gateway yet.
    Returns the in-app notification, or None when that channel is off.
    """
    if event not in Event.values:
        raise ValueError(f"Unknown event: {event}")
    preferences = notification_preferences(user)
    language = user.language or "ru"
    with translation.override(language):
        title, body = str(title), str(body)
    notification = None
    if preferences[(event, Channel.IN_APP.value)]:
        notification = Notification.objects.create(
            user=user, event=event, title=title[:300], body=body, url=url
        )
    if user.email and preferences[(event, Channel.EMAIL.value)]:
        send_email(
            to=user.email,
            template=email_template,
            language=language,
            context={"user": user, "title": title, "body": body, "url": url}
            | (email_context or {}),
        )
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
