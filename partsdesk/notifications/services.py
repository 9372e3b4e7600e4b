"""Sending what the shop tells people. Emails go out as tasks once the transaction commits."""

from django.db import transaction

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
