from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Everyone who signs in: customers, managers and other staff.

    `username` is the login name; customers may also sign in by email or phone. `email` is
    stored lower-cased and `phone` in E.164 (`+79161234567`), both unique when given.
    """

    # NULL, not "", when absent: staff may have neither, and NULLs never collide on UNIQUE.
    email = models.EmailField(_("email"), null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True)  # noqa: DJ001
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_uniq"),
            models.UniqueConstraint(fields=["phone"], name="user_phone_uniq"),
        ]

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        else:
            self.email = None
        self.phone = self.phone or None
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class PublicOffer(models.Model):
    """A version of the public offer (договор-оферта); the newest published one is in force."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("public offer")
        verbose_name_plural = _("public offer versions")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ManagerProfile(models.Model):
    """What a customer sees of their personal manager, and whether new customers go to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="manager_profile"
    )
    photo = models.ImageField(_("photo"), upload_to="managers/", blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    accepts_customers = models.BooleanField(_("takes new customers"), default=True)
    last_assigned_at = models.DateTimeField(_("last given a customer"), null=True, blank=True)

    class Meta:
        verbose_name = _("manager profile")
        verbose_name_plural = _("manager profiles")

    def __str__(self) -> str:
        return self.user.display_name


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    LEGAL_ENTITY = "legal_entity", _("legal entity")


class Customer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customer"
    )
    kind = models.CharField(_("customer type"), max_length=16, choices=CustomerKind.choices)
    # For an individual: their name; for a legal entity: the contact person.
    full_name = models.CharField(_("name"), max_length=200)
    company_name = models.CharField(_("company name"), max_length=300, blank=True)
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True)
    legal_address = models.CharField(_("legal address"), max_length=500, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="managed_customers",
        null=True,
        blank=True,
        verbose_name=_("personal manager"),
    )
    offer = models.ForeignKey(
        PublicOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted offer"),
    )
    offer_accepted_at = models.DateTimeField(_("offer accepted"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("blocked"), null=True, blank=True)
    blocked_reason = models.CharField(_("reason for blocking"), max_length=500, blank=True)
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)
    anonymized_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # Prices: the group's discount and the personal one come off the retail price (no group:
    # retail); see pricing.selectors.price_for_customer.
    price_group = models.ForeignKey(
        "pricing.PriceGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("price group"),
    )
    personal_discount_percent = models.DecimalField(
        _("personal discount, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("90"))],
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        permissions = [
            ("view_all_customers", _("Can see every customer, not only their own")),
            ("reassign_manager", _("Can give a customer another personal manager")),
            ("block_customer", _("Can block and unblock customers")),
        ]
        indexes = [models.Index(fields=["manager", "created_at"], name="customer_manager_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == CustomerKind.LEGAL_ENTITY and self.company_name:
            return self.company_name
        return self.full_name

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None


class DeliveryAddress(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_phone = models.CharField(_("recipient's phone"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=500)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    comment = models.CharField(_("comment for the courier"), max_length=500, blank=True)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        ordering = ["-is_default", "id"]
        verbose_name = _("delivery address")
        verbose_name_plural = _("delivery addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(is_default=True),
                name="address_one_default_per_customer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.address}"


class LoginAttempt(models.Model):
    """Every sign-in attempt; failures are counted from here for the brute-force pauses."""

    identifier_key = models.CharField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)
    outcome = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        indexes = [
            models.Index(fields=["identifier_key", "created_at"], name="login_identifier_idx"),
            models.Index(fields=["user", "created_at"], name="login_user_idx"),
            models.Index(fields=["ip", "created_at"], name="login_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier_key} {self.outcome} {self.created_at:%Y-%m-%d %H:%M}"


class UserSession(models.Model):
    """A signed-in browser or app, listed on the security page so it can be signed out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.user_agent[:40]}"


class ApiToken(models.Model):
    """A mobile app's sign-in. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    device = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.device or '—'}"


class AuditEntry(models.Model):
    """Append-only: what staff did to a customer's account, shown in the desk."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    details = models.JSONField(_("details"), default=dict)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are never deleted.")
