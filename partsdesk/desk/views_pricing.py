"""The desk's pricing pages: markup rules, rounding and margins, exchange rates, price groups,
and a customer's price group. Senior managers and administrators only (see
pricing.selectors.can_manage_prices); every change reprices the offers it touches.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partsdesk.pricing import selectors as pricing_selectors
from partsdesk.pricing import services
from partsdesk.pricing.models import (
    CurrencyRounding,
    ExchangeRate,
    MarkupRule,
    PriceGroup,
    Supplier,
)
from partsdesk.pricing.services import PricingError

from . import selectors
from .forms_pricing import (
    CurrencyRoundingForm,
    CustomerPricesForm,
    ExchangeRateForm,
    MarkupRuleForm,
    PriceGroupForm,
    PricingSettingsForm,
    SupplierMarkupForm,
    add_pricing_error,
)

SCOPES = ["shop", "supplier", "brand", "supplier_brand"]


def pricing_staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not pricing_selectors.can_manage_prices(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "pricing",
        "is_administrator": selectors.is_administrator(request.user),
    }
    return render(request, template, context, status=status)


# --- markup rules -----------------------------------------------------------------------


def _rules_page(request, *, form: MarkupRuleForm | None = None, status: int = 200):
    scope = request.GET.get("scope", "")
    scope = scope if scope in SCOPES else ""
    context = {
        "rules": pricing_selectors.markup_rules(scope=scope),
        "scope": scope,
        "form": form or MarkupRuleForm(),
        "suppliers": Supplier.objects.order_by("name"),
        "settings": pricing_selectors.pricing_settings(),
    }
    return _render(request, "desk/pricing/rules.html", context, status=status)


def _rule_save(request, form: MarkupRuleForm, rule: MarkupRule | None) -> bool:
    if not form.is_valid():
        return False
    try:
        services.markup_rule_save(rule=rule, actor=request.user, **form.cleaned_data)
    except PricingError as error:
        add_pricing_error(form, error)
        return False
    messages.success(request, _("The markup rule is saved; the offers are being repriced."))
    return True


@require_http_methods(["GET", "POST"])
@pricing_staff_required
def markup_rules(request):
    if request.method == "POST":
        form = MarkupRuleForm(request.POST)
        if _rule_save(request, form, None):
            return redirect("desk:pricing_rules")
        return _rules_page(request, form=form, status=400)
    return _rules_page(request)


@require_http_methods(["GET", "POST"])
@pricing_staff_required
def markup_rule_edit(request, rule_id: int):
    rule = get_object_or_404(MarkupRule.objects.select_related("supplier", "brand"), pk=rule_id)
    if request.method == "POST":
        form = MarkupRuleForm(request.POST)
        if _rule_save(request, form, rule):
            return redirect("desk:pricing_rules")
        status = 400
    else:
        form = MarkupRuleForm(
            initial={
                "supplier": rule.supplier_id,
                "brand": rule.brand.name if rule.brand else "",
                "price_from": rule.price_from,
                "price_to": rule.price_to,
                "markup_percent": rule.markup_percent,
            }
        )
        status = 200
    return _render(
        request, "desk/pricing/rule_edit.html", {"rule": rule, "form": form}, status=status
    )


@require_POST
@pricing_staff_required
def markup_rule_delete(request, rule_id: int):
    rule = get_object_or_404(MarkupRule, pk=rule_id)
    services.markup_rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("The markup rule is deleted; the offers are being repriced."))
    return redirect("desk:pricing_rules")


@require_POST
@pricing_staff_required
def supplier_markup(request, supplier_id: int):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    form = SupplierMarkupForm(request.POST)
    if form.is_valid():
        try:
            services.supplier_markup_set(
                supplier=supplier,
                markup_percent=form.cleaned_data["markup_percent"],
                actor=request.user,
            )
        except PricingError as error:
            add_pricing_error(form, error)
    if form.errors:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"{supplier.name}: {message}")
    else:
        messages.success(
            request, _("The markup of %(supplier)s is saved.") % {"supplier": supplier.name}
        )
    return redirect("desk:pricing_rules")


# --- rounding, margin, VAT --------------------------------------------------------------


def _terms_page(request, *, settings_form=None, rounding_form=None, status: int = 200):
    current = pricing_selectors.pricing_settings()
    context = {
        "settings_form": settings_form or PricingSettingsForm(instance=current),
        "rounding_form": rounding_form or CurrencyRoundingForm(),
        "roundings": CurrencyRounding.objects.order_by("currency"),
    }
    return _render(request, "desk/pricing/terms.html", context, status=status)


@require_http_methods(["GET", "POST"])
@pricing_staff_required
def pricing_terms(request):
    if request.method == "GET":
        return _terms_page(request)
    form = PricingSettingsForm(request.POST, instance=pricing_selectors.pricing_settings())
    if form.is_valid():
        try:
            services.pricing_settings_update(actor=request.user, **form.cleaned_data)
        except PricingError as error:
            add_pricing_error(form, error)
        else:
            messages.success(request, _("The pricing terms are saved."))
            return redirect("desk:pricing_terms")
    return _terms_page(request, settings_form=form, status=400)


@require_POST
@pricing_staff_required
def currency_rounding(request):
    form = CurrencyRoundingForm(request.POST)
    if form.is_valid():
        try:
            services.currency_rounding_set(actor=request.user, **form.cleaned_data)
        except PricingError as error:
            add_pricing_error(form, error)
        else:
            messages.success(request, _("The rounding is saved."))
            return redirect("desk:pricing_terms")
    return _terms_page(request, rounding_form=form, status=400)


# --- exchange rates ---------------------------------------------------------------------


def _rates_page(request, *, form=None, status: int = 200):
    context = {
        "rates": pricing_selectors.exchange_rate_history(),
        "current": pricing_selectors.exchange_rates(),
        "form": form or ExchangeRateForm(),
    }
    return _render(request, "desk/pricing/rates.html", context, status=status)


@require_http_methods(["GET", "POST"])
@pricing_staff_required
def exchange_rates(request):
    if request.method == "GET":
        return _rates_page(request)
    form = ExchangeRateForm(request.POST)
    if form.is_valid():
        try:
            services.exchange_rate_set(actor=request.user, **form.cleaned_data)
        except PricingError as error:
            add_pricing_error(form, error)
        else:
            messages.success(request, _("The exchange rate is saved."))
            return redirect("desk:pricing_rates")
    return _rates_page(request, form=form, status=400)


@require_POST
@pricing_staff_required
def exchange_rate_delete(request, rate_id: int):
    rate = get_object_or_404(ExchangeRate, pk=rate_id)
    services.exchange_rate_delete(rate=rate, actor=request.user)
    messages.success(request, _("The exchange rate is deleted."))
    return redirect("desk:pricing_rates")


# --- price groups -----------------------------------------------------------------------


def _groups_page(request, *, form=None, status: int = 200):
    groups = pricing_selectors.price_groups().annotate(customer_count=Count("customers"))
    context = {"groups": groups, "form": form or PriceGroupForm()}
    return _render(request, "desk/pricing/groups.html", context, status=status)


def _group_save(request, form: PriceGroupForm, group: PriceGroup | None) -> bool:
    if not form.is_valid():
        return False
    try:
        services.price_group_save(group=group, actor=request.user, **form.cleaned_data)
    except PricingError as error:
        add_pricing_error(form, error)
        return False
    messages.success(request, _("The price group is saved."))
    return True


@require_http_methods(["GET", "POST"])
@pricing_staff_required
def price_groups(request):
    if request.method == "GET":
        return _groups_page(request)
    form = PriceGroupForm(request.POST)
    if _group_save(request, form, None):
        return redirect("desk:pricing_groups")
    return _groups_page(request, form=form, status=400)


@require_http_methods(["GET", "POST"])
@pricing_staff_required
def price_group_edit(request, group_id: int):
    group = get_object_or_404(PriceGroup, pk=group_id)
    if request.method == "POST":
        form = PriceGroupForm(request.POST)
        if _group_save(request, form, group):
            return redirect("desk:pricing_groups")
        status = 400
    else:
        form = PriceGroupForm(
            initial={"name": group.name, "discount_percent": group.discount_percent}
        )
        status = 200
    return _render(
        request, "desk/pricing/group_edit.html", {"group": group, "form": form}, status=status
    )


@require_POST
@pricing_staff_required
def price_group_delete(request, group_id: int):
    group = get_object_or_404(PriceGroup, pk=group_id)
    try:
        services.price_group_delete(group=group, actor=request.user)
    except PricingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The price group is deleted."))
    return redirect("desk:pricing_groups")


# --- a customer's prices ----------------------------------------------------------------


@require_POST
@pricing_staff_required
def customer_prices(request, customer_id: int):
    customer = get_object_or_404(selectors.customers_visible_to(request.user), pk=customer_id)
    form = CustomerPricesForm(request.POST)
    if form.is_valid():
        try:
            services.customer_price_terms_set(
                customer=customer,
                price_group=form.cleaned_data["price_group"],
                personal_discount_percent=form.cleaned_data["personal_discount_percent"],
                actor=request.user,
            )
        except PricingError as error:
            add_pricing_error(form, error)
        else:
            messages.success(request, _("The customer's prices are changed."))
            return redirect("desk:customer", customer_id=customer.pk)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect("desk:customer", customer_id=customer.pk)


urlpatterns = [
    path("", markup_rules, name="pricing_rules"),
    path("rules/<int:rule_id>/", markup_rule_edit, name="pricing_rule_edit"),
    path("rules/<int:rule_id>/delete/", markup_rule_delete, name="pricing_rule_delete"),
    path("suppliers/<int:supplier_id>/markup/", supplier_markup, name="pricing_supplier_markup"),
    path("terms/", pricing_terms, name="pricing_terms"),
    path("terms/rounding/", currency_rounding, name="pricing_rounding"),
    path("rates/", exchange_rates, name="pricing_rates"),
    path("rates/<int:rate_id>/delete/", exchange_rate_delete, name="pricing_rate_delete"),
    path("groups/", price_groups, name="pricing_groups"),
    path("groups/<int:group_id>/", price_group_edit, name="pricing_group_edit"),
    path("groups/<int:group_id>/delete/", price_group_delete, name="pricing_group_delete"),
    path("customers/<int:customer_id>/", customer_prices, name="pricing_customer"),
]
