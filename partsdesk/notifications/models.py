from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    ORDER_STATUS = "order_status", _("Order status changed")
    READY_FOR_PICKUP = "ready_for_pickup", _("Ready for pickup")
    WAYBILL = "waybill", _("Waybill number")
    PRICE_CHANGE = "price_change", _("Price of a watched part changed")
    CHAT_MESSAGE = "chat_message", _("Message from the manager")
    PAYMENT = "payment", _("Payment")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    IN_APP = "in_app", _("In the personal account")


# What a customer gets before they change anything: everything by email and in the
# account; SMS only for what needs action soon.
DEFAULT_PREFERENCES = {
    (event, channel): channel != Channel.SMS or event in {Event.READY_FOR_PICKUP, Event.WAYBILL}
    for event in Event
    for channel in Channel
}


class NotificationPreference(models.Model):
    """A customer's choice for one (event, channel); absent rows follow DEFAULT_PREFERENCES."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=32, choices=Event.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    enabled = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "channel"], name="preference_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.event}/{self.channel}: {'on' if self.enabled else 'off'}"
