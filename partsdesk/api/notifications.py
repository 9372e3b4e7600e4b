"""The signed-in user's in-app notifications (`/api/v1/notifications`): the list and marking
them read. Each user sees and marks only their own."""

import datetime

from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from partsdesk.notifications.models import Event
from partsdesk.notifications.selectors import notifications_of, unread_notifications_count
from partsdesk.notifications.services import notifications_mark_read

from .security import signed_in

router = Router(tags=["notifications"], auth=signed_in)

MAX_PAGE_SIZE = 100


class NotificationsQuery(Schema):
    unread: bool = Field(False, description="Only the unread ones")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(30, ge=1, le=MAX_PAGE_SIZE)


class NotificationOut(BaseModel):
    id: int
    event: Event
    event_label: str
    title: str
    body: str
    url: str = Field(description="A path on the shop's site, or empty")
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationPageOut(BaseModel):
    count: int
    unread_count: int
    page: int
    page_size: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[int] | None = Field(
        None, max_length=1000, description="The notifications to mark read; omitted: all unread"
    )


class MarkedOut(BaseModel):
    marked: int
    unread_count: int


@router.get(
    "/notifications", response=NotificationPageOut, summary="Your notifications, newest first"
)
def notifications(request, query: Query[NotificationsQuery]):
    user = request.auth
    everything = notifications_of(user, unread_only=query.unread)
    page, page_size = query.page, query.page_size
    start = (page - 1) * page_size
    return {
        "count": everything.count(),
        "unread_count": unread_notifications_count(user),
        "page": page,
        "page_size": page_size,
        "items": [
            {
                "id": n.pk,
                "event": n.event,
                "event_label": str(Event(n.event).label),
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in everything[start : start + page_size]
        ],
    }


@router.post("/notifications/read", response=MarkedOut, summary="Mark notifications read")
def mark_read(request, data: MarkReadIn):
    user = request.auth
    marked = notifications_mark_read(user=user, ids=data.ids)
    return {"marked": marked, "unread_count": unread_notifications_count(user)}
