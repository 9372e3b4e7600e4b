"""Settings for a public deployment: everything `manage.py check --deploy` asks for.

Use with DJANGO_SETTINGS_MODULE=partsdesk.settings_production; SECRET_KEY and ALLOWED_HOSTS
must come from the environment.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import PAYMENT_PROVIDER, STORAGES, YOOKASSA_SECRET_KEY, YOOKASSA_SHOP_ID, env_bool

DEBUG = False
if "SECRET_KEY" not in os.environ or len(os.environ["SECRET_KEY"]) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50+ characters.")
SECRET_KEY = os.environ["SECRET_KEY"]
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the shop's host names.")
# On the sandbox's payment page anyone approves their own top-up: never in a real shop.
if PAYMENT_PROVIDER == "sandbox" and not env_bool("ALLOW_SANDBOX_PAYMENTS", False):
    raise ImproperlyConfigured(
        "PAYMENT_PROVIDER is the sandbox, where customers approve their own payments: set "
        "PAYMENT_PROVIDER=yookassa with YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY, or "
        "ALLOW_SANDBOX_PAYMENTS=1 for a staging shop."
    )
if PAYMENT_PROVIDER == "yookassa" and not (YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY):
    raise ImproperlyConfigured("YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY must be set.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
