from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(
    name="notifications.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_email_task(
    *, to: str, template: str, language: str, context: dict, user_id: int | None
) -> None:
    context = {**context, "shop_name": settings.SHOP_NAME, "site_url": settings.SITE_URL}
    if user_id is not None:
        context["user"] = get_user_model().objects.get(pk=user_id)
    with translation.override(language):
        subject = render_to_string(f"email/{template}.subject.txt", context).strip()
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
