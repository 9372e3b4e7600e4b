"""The customer's price watch for the mobile app (`/api/v1/watchlist`): the same services
and selectors as the watchlist page. Only customers use it; another customer's watches are
never seen (a part the caller does not watch is a 404)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import BaseModel, Field

from partsdesk.catalog.models import Part
from partsdesk.watch import selectors, services
from partsdesk.watch.selectors import WatchRow
from partsdesk.watch.services import WatchError

from .account import the_customer
from .errors import ApiError
from .security import signed_in

router = Router(tags=["watchlist"], auth=signed_in)

ERROR_STATUS = {"invalid_target_price": 422, "watchlist_full": 409, "customer_blocked": 403}


class PricePointOut(BaseModel):
    recorded_at: datetime.datetime
    price: Decimal | None = Field(description="None: out of stock from then on")


class WatchOut(BaseModel):
    part_id: int
    brand: str
    brand_slug: str
    number: str
    number_norm: str
    name: str
    price: Decimal | None = Field(
        description="The best price you pay, as of the last check; None: out of stock"
    )
    previous_price: Decimal | None
    change: Decimal | None = Field(description="price − previous_price")
    change_percent: Decimal | None
    price_since: datetime.datetime | None
    target_price: Decimal | None
    target_reached: bool
    watching_since: datetime.datetime
    history: list[PricePointOut] = Field(description="The latest price points, oldest first")


class WatchIn(Schema):
    part_id: int
    target_price: Decimal | None = Field(None, description="Optional; positive, in your prices")


class TargetIn(Schema):
    target_price: Decimal | None = Field(description="The new target price; null clears it")


def watch_out(row: WatchRow) -> dict:
    return {
        "part_id": row.part_id,
        "brand": row.brand_name,
        "brand_slug": row.brand_slug,
        "number": row.number,
        "number_norm": row.number_norm,
        "name": row.name,
        "price": row.price,
        "previous_price": row.previous_price,
        "change": row.change,
        "change_percent": row.change_percent,
        "price_since": row.price_since,
        "target_price": row.target_price,
        "target_reached": row.target_reached,
        "watching_since": row.created_at,
        "history": [{"recorded_at": p.recorded_at, "price": p.price} for p in row.history],
    }


def watch_error(error: WatchError) -> ApiError:
    return ApiError(error.code, str(error.message), status=ERROR_STATUS.get(error.code, 400))


def the_watch(customer, part_id: int) -> dict:
    rows = selectors.watchlist(customer, part_id=part_id)
    if not rows:
        raise ApiError("not_watched", _("You are not watching this part."), status=404)
    return watch_out(rows[0])


@router.get("/watchlist", response=list[WatchOut], summary="The parts you watch, with prices")
def watchlist(request):
    return [watch_out(row) for row in selectors.watchlist(the_customer(request))]


@router.post(
    "/watchlist",
    response={200: WatchOut, 201: WatchOut},
    summary="Watch a part's price (again: sets the target price when one is given)",
)
def watch(request, data: WatchIn):
    customer = the_customer(request)
    part = Part.objects.filter(pk=data.part_id).first()
    if part is None:
        raise ApiError("part_not_found", _("There is no such part."), status=404)
    already = selectors.watch_of(customer, part.pk) is not None
    try:
        services.part_watch(customer=customer, part=part, target_price=data.target_price)
    except WatchError as error:
        raise watch_error(error) from error
    return Status(200 if already else 201, the_watch(customer, part.pk))


@router.patch(
    "/watchlist/{part_id}", response=WatchOut, summary="Set or clear (null) the target price"
)
def target_set(request, part_id: int, data: TargetIn):
    customer = the_customer(request)
    watch = selectors.watch_of(customer, part_id)
    if watch is None:
        raise ApiError("not_watched", _("You are not watching this part."), status=404)
    try:
        services.watch_target_set(watch=watch, target_price=data.target_price)
    except WatchError as error:
        raise watch_error(error) from error
    return the_watch(customer, part_id)


@router.delete("/watchlist/{part_id}", response={204: None}, summary="Stop watching a part")
def unwatch(request, part_id: int):
    if not services.part_unwatch(customer=the_customer(request), part_id=part_id):
        raise ApiError("not_watched", _("You are not watching this part."), status=404)
    return Status(204, None)
