from django.contrib.auth.backends import ModelBackend

from .models import User


class AccountBackend(ModelBackend):
    """Django's backend, plus: a blocked or deleted customer's sessions stop working at once.

    Every request re-reads the user for its session; a customer blocked (or anonymized) since
    the session began is treated as signed out, however the session was started.
    """

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("customer").get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        customer = getattr(user, "customer", None)
        if customer is not None and (customer.blocked_at or customer.anonymized_at):
            return None
        return user
