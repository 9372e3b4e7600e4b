from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from partsdesk.accounts import selectors as account_selectors


@login_required
@permission_required("accounts.view_customer", raise_exception=True)
def home(request):
    query = request.GET.get("q", "").strip()[:100]
    customers = account_selectors.customers_for_staff(request.user, query=query)
    return render(request, "desk/home.html", {"customers": customers, "query": query})
