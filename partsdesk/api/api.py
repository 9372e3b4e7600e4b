from ninja import NinjaAPI

from . import account, auth, cart, notifications, orders, parts, search, watch
from .errors import install_error_handlers
from .invoices import router as invoices_router
from .payments import router as payments_router

api = NinjaAPI(
    title="Partsdesk API",
    version="1",
    description="The JSON API of a Partsdesk shop, used by its mobile app.",
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("", search.router)
api.add_router("", parts.router)
api.add_router("", auth.router)
api.add_router("", account.router)
api.add_router("", watch.router)
api.add_router("", notifications.router)
api.add_router("", cart.router)
api.add_router("", orders.router)
api.add_router("", "partsdesk.api.balance.router")
api.add_router("", "partsdesk.api.promotions.router")
api.add_router("", payments_router)
api.add_router("", invoices_router)
