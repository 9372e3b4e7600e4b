"""ALTCHA proof of work, self-hosted: challenges signed with ALTCHA_HMAC_KEY, each usable once.

One check for the pages (the `AntiBotField` form field) and the API (`antibot_verify`).
Spent challenges are remembered in the default cache with an atomic `add`, so two requests
racing with the same solution cannot both pass; in production the cache is Redis, shared by
every worker.
"""

import base64
import datetime
import json

import altcha
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaField

CHALLENGE_MINUTES = 20


class AntiBotError(ValueError):
    pass


def antibot_challenge() -> dict:
    challenge = altcha.create_challenge(
        altcha.ChallengeOptions(
            hmac_key=settings.ALTCHA_HMAC_KEY,
            max_number=settings.ALTCHA_MAX_NUMBER,
            expires=datetime.datetime.now() + datetime.timedelta(minutes=CHALLENGE_MINUTES),
        )
    )
    # The widget's (and the mobile app's) JSON spelling.
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def antibot_verify(payload: str) -> None:
    """Raise AntiBotError unless `payload` solves a live challenge of ours never used before."""
    if not payload:
        raise AntiBotError(_("Confirm that you are not a robot."))
    try:
        verified, _error = altcha.verify_solution(
            payload=payload, hmac_key=settings.ALTCHA_HMAC_KEY, check_expires=True
        )
        challenge = json.loads(base64.b64decode(payload).decode())["challenge"]
    except (ValueError, KeyError, TypeError) as broken:
        raise AntiBotError(_("The anti-robot check failed. Try again.")) from broken
    if not verified:
        raise AntiBotError(_("The anti-robot check failed. Try again."))
    if not cache.add(f"altcha:spent:{challenge}", True, timeout=CHALLENGE_MINUTES * 60):
        raise AntiBotError(_("This anti-robot check was already used. Try again."))


class AntiBotField(AltchaField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Anti-robot check"),
            maxnumber=settings.ALTCHA_MAX_NUMBER,
            hidefooter=True,
            **kwargs,
        )

    def validate(self, value):
        try:
            antibot_verify(value)
        except AntiBotError as error:
            raise forms.ValidationError(str(error), code="antibot") from error
