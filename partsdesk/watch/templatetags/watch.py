from django import template

from partsdesk.accounts.models import Customer

from ..selectors import watch_of

register = template.Library()


@register.inclusion_tag("watch/_watch_box.html", takes_context=True)
def watch_box(context, part):
    """Watch / stop watching a part, for the part and offers pages."""
    request = context["request"]
    user = request.user
    customer = None
    if user.is_authenticated:
        try:
            customer = user.customer  # cached when the header already asked
        except Customer.DoesNotExist:
            customer = None
    return {
        "part": part,
        "watch": watch_of(customer, part.pk),
        "is_customer": customer is not None,
        "signed_in": user.is_authenticated,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
