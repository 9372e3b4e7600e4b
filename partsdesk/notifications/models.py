from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    ORDER_RECEIVED = "order_received", _("Order received")
    ORDER_CONFIRMED = "order_confirmed", _("Order confirmed by the manager")
    ORDER_STATUS = "order_status", _("Order status changed")
    POSITION_REJECTED = "position_rejected", _("Position rejected by the supplier")
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


class Notification(models.Model):
    """A message shown in the customer's personal account (the in-app channel)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    # Written in the customer's language when it is made: it is their message, not a label.
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_idx")]

    def __str__(self) -> str:
        return self.title
