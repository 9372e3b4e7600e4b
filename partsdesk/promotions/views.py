"""The customer's promotions page and the desk's pages for codes and promotions.
Views are thin: the forms parse, promotions.services change, promotions.selectors read."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partsdesk.accounts.selectors import customer_of, home_url_name
from partsdesk.desk.selectors import is_administrator

from . import selectors, services
from .forms import PromoCodeForm, PromotionForm, add_promotion_error
from .models import PromoCode, Promotion
from .services import PromotionError


def customer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = customer_of(request.user)
        if customer is None:
            return redirect(home_url_name(request.user))
        return view(request, customer, *args, **kwargs)

    return wrapper


@customer_required
@require_GET
def account_promotions(request, customer):
    return render(
        request,
        "promotions/account.html",
        {
            "promotions": list(selectors.promotions_active()),
            "redemptions": list(selectors.redemptions_of(customer)[:50]),
        },
    )


# --- the desk -------------------------------------------------------------------------------


def promotions_staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_staff and selectors.can_manage_promotions(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "promotions",
        "is_administrator": is_administrator(request.user),
        "now": timezone.now(),
    }
    return render(request, template, context, status=status)


@promotions_staff_required
@require_GET
def desk_promotions(request):
    return _render(
        request,
        "promotions/desk/list.html",
        {
            "codes": selectors.promo_codes_with_usage(),
            "promotions": selectors.promotions_for_desk(),
        },
    )


@promotions_staff_required
@require_http_methods(["GET", "POST"])
def desk_code_edit(request, code_id: int | None = None):
    code = get_object_or_404(PromoCode, pk=code_id) if code_id else None
    if request.method == "POST":
        form = PromoCodeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.promo_code_save(
                    code=code,
                    text=data["code"],
                    kind=data["kind"],
                    value=data["value"],
                    description=data["description"],
                    minimum_order=data["minimum_order"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    limit_per_customer=data["limit_per_customer"],
                    limit_total=data["limit_total"],
                    is_active=data["is_active"],
                )
            except PromotionError as error:
                add_promotion_error(form, error)
            else:
                messages.success(request, _("The promo code %(code)s is saved.") % {"code": saved})
                return redirect("desk:promotions")
        status = 400
    else:
        status = 200
        form = PromoCodeForm(
            initial={
                "code": code.code,
                "description": code.description,
                "kind": code.kind,
                "value": code.value,
                "minimum_order": code.minimum_order,
                "valid_from": code.valid_from and timezone.localtime(code.valid_from),
                "valid_until": code.valid_until and timezone.localtime(code.valid_until),
                "limit_per_customer": code.limit_per_customer,
                "limit_total": code.limit_total,
                "is_active": code.is_active,
            }
            if code
            else None
        )
    return _render(
        request, "promotions/desk/code_edit.html", {"form": form, "code": code}, status=status
    )


@promotions_staff_required
@require_POST
def desk_code_deactivate(request, code_id: int):
    code = services.promo_code_deactivate(get_object_or_404(PromoCode, pk=code_id))
    messages.success(request, _("The promo code %(code)s no longer works.") % {"code": code})
    return redirect("desk:promotions")


@promotions_staff_required
@require_http_methods(["GET", "POST"])
def desk_promotion_edit(request, promotion_id: int | None = None):
    promotion = (
        get_object_or_404(Promotion.objects.select_related("brand"), pk=promotion_id)
        if promotion_id
        else None
    )
    if request.method == "POST":
        form = PromotionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.promotion_save(promotion=promotion, **data)
            except PromotionError as error:
                add_promotion_error(form, error)
            else:
                messages.success(
                    request, _("The promotion “%(name)s” is saved.") % {"name": saved.name}
                )
                return redirect("desk:promotions")
        status = 400
    else:
        status = 200
        form = PromotionForm(
            initial={
                "name": promotion.name,
                "description": promotion.description,
                "brand": promotion.brand.name if promotion.brand else "",
                "supplier": promotion.supplier_id,
                "percent": promotion.percent,
                "valid_from": promotion.valid_from and timezone.localtime(promotion.valid_from),
                "valid_until": promotion.valid_until and timezone.localtime(promotion.valid_until),
                "is_active": promotion.is_active,
            }
            if promotion
            else None
        )
    return _render(
        request,
        "promotions/desk/promotion_edit.html",
        {"form": form, "promotion": promotion},
        status=status,
    )


@promotions_staff_required
@require_POST
def desk_promotion_deactivate(request, promotion_id: int):
    promotion = services.promotion_deactivate(get_object_or_404(Promotion, pk=promotion_id))
    messages.success(request, _("The promotion “%(name)s” is over.") % {"name": promotion.name})
    return redirect("desk:promotions")
