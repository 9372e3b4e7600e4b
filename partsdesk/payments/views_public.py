"""Pages outside the customer's session: providers' webhooks (csrf-exempt, verified by the
provider's own rules) and the sandbox provider's payment page ("the bank's page")."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .providers import WebhookRejected
from .providers.sandbox import sandbox_decide, sandbox_payment_of
from .services import PaymentError

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request, provider: str):
    try:
        services.webhook_receive(provider, request)
    except LookupError as error:
        raise Http404(provider) from error
    except WebhookRejected as error:
        log.warning("%s webhook refused: %s", provider, error)
        return HttpResponseBadRequest("refused")
    except PaymentError as error:
        log.error("%s webhook not applied: %s", provider, error.message)
        return HttpResponseBadRequest(error.code)
    return HttpResponse("ok")


@require_http_methods(["GET", "POST"])
def sandbox_page(request, token: str):
    sandbox = sandbox_payment_of(token)
    if sandbox is None:
        raise Http404(token)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("approve", "decline"):
            sandbox = sandbox_decide(token, approve=action == "approve")
        if sandbox.return_url:
            return redirect(sandbox.return_url)
    return render(
        request, "payments/sandbox.html", {"sandbox": sandbox, "shop_name": settings.SHOP_NAME}
    )
