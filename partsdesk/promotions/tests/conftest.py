from partsdesk.orders.tests.conftest import (  # noqa: F401
    company,
    customer,
    manager,
    offer,
    other_manager,
    pickup_point,
    senior_manager,
    stranger,
)
