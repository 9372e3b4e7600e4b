from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<int:offer_id>/", views.cart_line_update, name="cart_line"),
    path("cart/lines/<int:offer_id>/remove/", views.cart_line_remove, name="cart_line_remove"),
    path("cart/clear/", views.cart_clear, name="cart_clear"),
    path("cart/quick-order/", views.quick_order, name="quick_order"),
    path("cart/quick-order/sent/", views.quick_order_sent, name="quick_order_sent"),
    path("checkout/", views.checkout, name="checkout"),
    path("account/orders/", views.orders, name="orders"),
    path("account/orders/<str:number>/", views.order, name="order"),
    path("account/orders/<str:number>/placed/", views.order_placed, name="placed"),
    path("account/orders/<str:number>/reorder/", views.reorder, name="reorder"),
    path(
        "account/orders/<str:number>/positions/<int:position_id>/cancel/",
        views.position_cancel,
        name="position_cancel",
    ),
    path(
        "account/orders/<str:number>/positions/<int:position_id>/accept/",
        views.position_accept,
        name="position_accept",
    ),
]
