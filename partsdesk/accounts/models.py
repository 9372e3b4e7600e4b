from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Everyone who signs in: customers, managers and other staff.

    A project-owned user model from the first migration, so that the accounts work can add
    customer fields without swapping the model under existing data.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
