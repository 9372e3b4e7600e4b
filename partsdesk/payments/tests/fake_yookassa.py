"""A small fake of YooKassa's API v3 on 127.0.0.1, for the tests: Basic auth
shop_id:secret_key, the `Idempotence-Key` header on POSTs, POST /v3/payments,
GET /v3/payments/{id}, POST /v3/refunds, JSON bodies shaped as YooKassa documents them.

`server.pay(id)` / `server.cancel(id)` play the customer on YooKassa's page.
"""

import base64
import json
import threading
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class FakeYooKassa:
    def __init__(self, shop_id: str = "123456", secret_key: str = "test_secret"):
        self.shop_id = shop_id
        self.secret_key = secret_key
        self.payments: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.by_key: dict[tuple[str, str], tuple[int, dict]] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self.refuse_refunds = False
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"

    def start(self) -> "FakeYooKassa":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- the customer on YooKassa's page ------------------------------------------------

    def pay(self, payment_id: str) -> None:
        with self.lock:
            payment = self.payments[payment_id]
            payment.update(status="succeeded", paid=True, refundable=True, captured_at=_now())
            payment.pop("confirmation", None)

    def cancel(self, payment_id: str) -> None:
        with self.lock:
            self.payments[payment_id].update(
                status="canceled",
                cancellation_details={"party": "yoo_money", "reason": "card_expired"},
            )

    def notification(self, payment_id: str, event: str = "payment.succeeded") -> dict:
        """The body YooKassa POSTs to the shop's webhook (it is not signed)."""
        return {"type": "notification", "event": event, "object": dict(self.payments[payment_id])}

    # --- the API --------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                expected = base64.b64encode(f"{fake.shop_id}:{fake.secret_key}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {expected}":
                    self._answer(
                        401,
                        {
                            "type": "error",
                            "id": str(uuid.uuid4()),
                            "code": "invalid_credentials",
                            "description": "Authentication by given credentials failed",
                        },
                    )
                    return False
                return True

            def do_GET(self):
                fake.requests.append(("GET", self.path, {}))
                if not self._authorized():
                    return
                prefix = "/v3/payments/"
                if self.path.startswith(prefix):
                    with fake.lock:
                        payment = fake.payments.get(self.path[len(prefix) :])
                    if payment is not None:
                        return self._answer(200, payment)
                self._answer(
                    404,
                    {"type": "error", "code": "not_found", "description": "Payment not found"},
                )

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(("POST", self.path, body))
                if not self._authorized():
                    return
                key = self.headers.get("Idempotence-Key")
                if not key:
                    return self._answer(
                        400,
                        {
                            "type": "error",
                            "code": "invalid_request",
                            "description": "Idempotence key is missing",
                            "parameter": "Idempotence-Key",
                        },
                    )
                with fake.lock:
                    if (self.path, key) in fake.by_key:
                        return self._answer(*fake.by_key[(self.path, key)])
                    if self.path == "/v3/payments":
                        answer = fake._create_payment(body)
                    elif self.path == "/v3/refunds":
                        answer = fake._create_refund(body)
                    else:
                        answer = (404, {"type": "error", "code": "not_found"})
                    fake.by_key[(self.path, key)] = answer
                self._answer(*answer)

        return Handler

    def _create_payment(self, body: dict) -> tuple[int, dict]:
        payment_id = str(uuid.uuid4())
        payment = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": body["amount"],
            "confirmation": {
                "type": "redirect",
                "return_url": body["confirmation"]["return_url"],
                "confirmation_url": f"https://yoomoney.ru/checkout/payments/v2/contract?orderId={payment_id}",
            },
            "created_at": _now(),
            "description": body.get("description", ""),
            "metadata": body.get("metadata", {}),
            "recipient": {"account_id": self.shop_id, "gateway_id": "100500"},
            "refundable": False,
            "test": True,
        }
        self.payments[payment_id] = payment
        return 200, payment

    def _create_refund(self, body: dict) -> tuple[int, dict]:
        payment = self.payments.get(body.get("payment_id", ""))
        if self.refuse_refunds or payment is None or payment["status"] != "succeeded":
            return 400, {
                "type": "error",
                "id": str(uuid.uuid4()),
                "code": "invalid_request",
                "description": "Payment is not refundable",
                "parameter": "payment_id",
            }
        refunded = Decimal(payment.get("refunded_amount", {}).get("value", "0"))
        amount = Decimal(body["amount"]["value"])
        if refunded + amount > Decimal(payment["amount"]["value"]):
            return 400, {
                "type": "error",
                "code": "invalid_request",
                "description": "Refund amount exceeds the payment",
                "parameter": "amount",
            }
        payment["refunded_amount"] = {
            "value": str(refunded + amount),
            "currency": body["amount"]["currency"],
        }
        refund = {
            "id": str(uuid.uuid4()),
            "payment_id": payment["id"],
            "status": "succeeded",
            "created_at": _now(),
            "amount": body["amount"],
            "description": body.get("description", ""),
        }
        self.refunds[refund["id"]] = refund
        return 200, refund
