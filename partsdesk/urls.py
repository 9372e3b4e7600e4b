from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from partsdesk.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("partsdesk.accounts.urls")),
    path("account/watchlist/", include("partsdesk.watch.urls")),
    path("account/balance/", include("partsdesk.billing.urls")),
    path("account/inbox/", include("partsdesk.notifications.urls")),
    path("account/invoices/", include("partsdesk.invoices.urls")),
    path("account/payments/", include("partsdesk.payments.urls")),
    path("", include("partsdesk.payments.urls_public")),
    path("", include("partsdesk.promotions.urls")),
    path("desk/", include("partsdesk.desk.urls")),
    path("", include("partsdesk.orders.urls")),
    path("", include("partsdesk.storefront.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
