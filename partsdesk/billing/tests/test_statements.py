"""Statements: reconciliation over periods, boundaries, documents, CSV, PDF, the act, the chart."""

import contextlib
import datetime
import io
import re
import zoneinfo

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services
from partsdesk.billing.charts import balance_chart_svg
from partsdesk.billing.models import CreditTerms, OperationKind
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.statements import (
    MAX_PERIOD_DAYS,
    ActRefused,
    PeriodError,
    act,
    act_pdf,
    balance_history,
    statement,
    statement_csv,
    statement_pdf,
)
from partsdesk.invoices.models import ShopRequisites
from partsdesk.orders.tests.factories import OrderFactory, OrderPositionFactory

pytestmark = pytest.mark.django_db

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"


@contextlib.contextmanager
def at(moment: datetime.datetime):
    """Operations posted inside are stamped `moment`."""
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real


def msk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=MSK)


def history(customer, *, admin=None) -> dict:
    """Every kind of operation over January–March 2026 (Moscow); returns what was posted.

    Money with the shop, after each day: 10.01 +1000.00 (card) → 12.01 reserve 400 (no
    movement) → 15.01 capture 300 → 20.01 release 100 (no movement) → 31.01 23:59:59 cash
    +200 → 01.02 00:00 refund +50 → 05.02 withdrawal −100 → 10.02 correction +25.50 →
    11.02 correction −5.50 → 15.02 invoice top-up +500 → 20.02 reversal of the invoice
    top-up −500 → 01.03 reserve 200, reversal of that reserve (no movements).
    """
    admin = admin or ManagerFactory(roles=[Role.ADMINISTRATOR])
    bank = services.shop_account("bank")
    card = services.provider_account("sandbox")
    order = OrderFactory(customer=customer, number="2601-000042")
    position = OrderPositionFactory(order=order)
    posted = {"order": order, "position": position}
    with at(msk(2026, 1, 10, 12, 0)):
        posted["top_up"] = services.top_up(
            customer, amount=100_000, source=card, key="h-top", document="payment:12"
        )
    with at(msk(2026, 1, 12, 9, 0)):
        services.reserve(customer, amount=40_000, key="h-res", order=order, position=position)
    with at(msk(2026, 1, 15, 10, 0)):
        posted["capture"] = services.capture(
            customer, amount=30_000, key="h-cap", order=order, position=position
        )
    with at(msk(2026, 1, 20, 10, 0)):
        services.release(customer, amount=10_000, key="h-rel", order=order, position=position)
    with at(datetime.datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=MSK)):
        posted["cash"] = services.top_up(
            customer,
            amount=20_000,
            source=services.shop_account("cash_desk:1", kind="cash_desk", name="Тверская"),
            key="h-cash",
            document="cash:R-17",
        )
    with at(msk(2026, 2, 1, 0, 0)):
        posted["refund"] = services.refund(customer, amount=5_000, key="h-ref", order=order)
    with at(msk(2026, 2, 5, 15, 0)):
        posted["withdrawal"] = services.withdraw(
            customer, amount=10_000, destination=card, key="h-wd", document="withdrawal:3"
        )
    with at(msk(2026, 2, 10, 11, 0)):
        posted["correction_up"] = services.correct(
            customer, amount=2_550, reason="Bonus for a late delivery", actor=admin, key="h-c1"
        )
    with at(msk(2026, 2, 11, 11, 0)):
        services.correct(customer, amount=-550, reason="Rounding", actor=admin, key="h-c2")
    with at(msk(2026, 2, 15, 11, 0)):
        posted["invoice"] = services.top_up(
            customer, amount=50_000, source=bank, key="h-inv", document="invoice:5"
        )
    with at(msk(2026, 2, 20, 11, 0)):
        posted["reversal"] = services.reverse(
            posted["invoice"], actor=admin, reason="Paid by another company"
        )
    with at(msk(2026, 3, 1, 8, 0)):
        reserve = services.reserve(customer, amount=20_000, key="h-res2", order=order)
        services.reverse(reserve, actor=admin, reason="Reserved twice")
    return posted


@pytest.fixture
def customer():
    return CustomerFactory(full_name="Иван Сидоров")


@pytest.fixture
def company():
    return CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Ольга",
        company_name="ООО Ромашка",
        inn="7707083893",
    )


def test_statements_over_consecutive_periods_reconcile_and_chain(customer):
    # given
    history(customer)
    periods = [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ]
    # when
    found = [statement(customer, start, end) for start, end in periods]
    whole = statement(customer, datetime.date(2025, 12, 1), datetime.date(2026, 3, 31))
    # then
    assert [(s.opening, s.closing) for s in found] == [
        (0, 90_000),
        (90_000, 87_000),
        (87_000, 87_000),
    ]
    for one in [*found, whole]:
        assert one.reconciles
        assert one.opening + sum(m.amount for m in one.movements) == one.closing
        assert one.closing == one.closing_stored
    assert (whole.opening, whole.closing) == (0, 87_000)
    balance = balance_of(customer)
    assert whole.closing == balance.available + balance.reserved
    assert [m.amount for m in whole.movements] == [
        100_000, -30_000, 20_000, 5_000, -10_000, 2_550, -550, 50_000, -50_000,
    ]  # fmt: skip
    assert [m.balance for m in whole.movements][-1] == 87_000
    # Reserving, releasing and reversing a reserve move nothing out of the customer's money.
    kinds = [m.kind for m in whole.movements]
    assert OperationKind.RESERVE not in kinds and OperationKind.RELEASE not in kinds
    assert kinds.count(OperationKind.REVERSAL) == 1
    assert (whole.total_in, whole.total_out) == (177_550, 90_550)


def test_an_operation_at_midnight_belongs_to_the_day_it_starts(customer):
    # given: cash at 31.01 23:59:59.999999 and a refund at 01.02 00:00:00 (Moscow)
    history(customer)
    # when
    january = statement(customer, datetime.date(2026, 1, 31), datetime.date(2026, 1, 31))
    february = statement(customer, datetime.date(2026, 2, 1), datetime.date(2026, 2, 1))
    # then
    assert [m.kind for m in january.movements] == [OperationKind.TOP_UP]
    assert [m.kind for m in february.movements] == [OperationKind.REFUND]
    assert january.closing == february.opening == 90_000
    assert february.closing == february.closing_stored == 95_000


def test_documents_read_as_order_payment_cash_receipt_correction_and_reversal(customer):
    # given
    posted = history(customer)
    # when
    found = statement(customer, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    by_operation = {m.operation_id: m for m in found.movements}
    # then
    assert by_operation[posted["top_up"].pk].document == "Payment 12"
    capture = by_operation[posted["capture"].pk]
    assert capture.document == "Order 2601-000042"
    position = posted["position"]
    assert capture.description == f"Payment for an order: {position.brand_name} {position.number}"
    assert by_operation[posted["cash"].pk].document == "Cash receipt R-17"
    assert by_operation[posted["withdrawal"].pk].document == "Withdrawal 3"
    correction = by_operation[posted["correction_up"].pk]
    assert correction.document == f"Correction #{posted['correction_up'].pk}"
    assert correction.description == "Correction — Bonus for a late delivery"
    reversal = by_operation[posted["reversal"].pk]
    assert reversal.document == "Invoice 5"
    assert reversal.description == "Reversal: Top-up — Paid by another company"


def test_a_statement_reads_in_two_queries(customer, django_assert_num_queries):
    history(customer)
    with django_assert_num_queries(2):
        found = statement(customer, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
        [m.document for m in found.movements]


def test_a_customer_without_operations_has_an_empty_statement(customer):
    found = statement(customer, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    assert (found.opening, found.closing, found.movements) == (0, 0, [])
    assert found.reconciles


def test_a_statement_shows_only_the_customers_own_money(customer):
    # given
    history(customer)
    other = CustomerFactory()
    services.top_up(other, amount=777, source=services.shop_account("bank"), key="other")
    # when
    found = statement(other, datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    # then
    assert [m.amount for m in found.movements] == [777]


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (datetime.date(2026, 2, 1), datetime.date(2026, 1, 31), "invalid_period"),
        (datetime.date(2020, 1, 1), datetime.date(2026, 1, 1), "period_too_long"),
    ],
)
def test_a_bad_period_is_refused(customer, start, end, code):
    with pytest.raises(PeriodError) as refused:
        statement(customer, start, end)
    assert refused.value.code == code


def test_the_longest_period_is_allowed(customer):
    start = datetime.date(2024, 1, 1)
    found = statement(customer, start, start + datetime.timedelta(days=MAX_PERIOD_DAYS - 1))
    assert found.reconciles


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return [line.split(";") for line in data[3:].decode().split("\r\n") if line]


def test_csv_has_a_bom_semicolons_and_amounts_as_the_shop_language_writes_them(customer, settings):
    # given
    settings.LANGUAGE_CODE = "ru"
    history(customer)
    # when: read by someone in English, in a shop whose language is Russian
    with translation.override("en"):
        found = statement(customer, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
        rows = csv_rows(statement_csv(found))
    # then
    assert rows[0] == ["Date", "Document", "Description", "Amount", "Balance", "Operation"]
    assert rows[1] == ["01.02.2026", "", "Opening balance", "", "900,00", ""]
    assert rows[2][:2] == ["01.02.2026 00:00:00", "Order 2601-000042"]
    assert rows[2][3:5] == ["50,00", "950,00"]
    assert rows[4][2:5] == ["Correction — Bonus for a late delivery", "25,50", "875,50"]
    assert rows[-1] == ["28.02.2026", "", "Closing balance", "", "870,00", ""]
    assert len(rows) == 2 + len(found.movements) + 1


def test_csv_in_an_english_shop_uses_a_decimal_point(customer):
    history(customer)
    found = statement(customer, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    rows = csv_rows(statement_csv(found))
    assert rows[2][3:5] == ["1000.00", "1000.00"]
    assert rows[3][3] == "-300.00"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_statement_pdf_names_the_shop_customer_period_and_movements(customer, settings):
    # given
    settings.SHOP_NAME = "Запчасти Онлайн"
    history(customer)
    found = statement(customer, datetime.date(2026, 1, 1), datetime.date(2026, 2, 28))
    # when
    text = pdf_text(statement_pdf(found))
    # then
    assert "Запчасти Онлайн" in text
    assert "Иван Сидоров" in text
    assert "Statement for 01/01/2026 – 02/28/2026" in text
    assert "Order 2601-000042" in text and "Cash receipt R-17" in text
    assert "1 000.00" in text and "870.00" in text
    assert "Closing balance" in text


def test_the_act_for_a_company_has_debit_credit_and_the_balance_in_favour_of_a_party(company):
    # given: the company owes the shop 150.00 at the end
    ShopRequisites.objects.create(
        pk=1,
        legal_name="ООО Партсдеск",
        inn="7707083893",
        address="Москва",
        bank_name="ПАО Сбербанк",
        bik="044525225",
        correspondent_account="30101810400000000225",
        settlement_account="40702810938000000001",
    )
    CreditTerms.objects.create(customer=company, limit=100_000, deferral_days=10)
    bank = services.shop_account("bank")
    order = OrderFactory(customer=company, number="2602-000007")
    with at(msk(2026, 1, 5, 10, 0)):
        services.top_up(company, amount=10_000, source=bank, key="a1", document="invoice:9")
    with at(msk(2026, 2, 3, 10, 0)):
        services.reserve(company, amount=25_000, key="a2", order=order)
        services.capture(company, amount=25_000, key="a3", order=order)
    # when
    found = act(company, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    text = pdf_text(act_pdf(found))
    # then
    assert (found.opening_credit, found.turnover_debit, found.closing_debit) == (
        10_000,
        25_000,
        15_000,
    )
    assert "Reconciliation act" in text
    assert "between ООО Партсдеск and ООО Ромашка" in text
    assert "Order 2602-000007" in text
    assert "on 02/01/2026 the debt in favour of ООО Ромашка is 100.00" in text
    assert "on 02/28/2026 the debt in favour of ООО Партсдеск is 150.00" in text
    assert "For ООО Партсдеск" in text and "For ООО Ромашка" in text
    assert "(Сто пятьдесят рублей 00 копеек)" in text


def test_the_act_is_refused_for_an_individual(customer):
    with pytest.raises(ActRefused) as refused:
        act(customer, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    assert refused.value.code == "not_a_legal_entity"


def test_the_chart_draws_a_point_for_the_start_and_each_movement(customer):
    # given
    bank = services.shop_account("bank")
    now = timezone.now()
    with at(now - datetime.timedelta(days=10)):
        services.top_up(customer, amount=50_000, source=bank, key="c1")
    with at(now - datetime.timedelta(days=5)):
        services.reserve(customer, amount=20_000, key="c2")
        services.capture(customer, amount=20_000, key="c3")
    # when
    points = balance_history(customer)
    svg = str(balance_chart_svg(points))
    # then
    assert [p.price for p in points] == [0, 500, 300]
    assert svg.count("<circle") == 3
    assert "Balance over time" in svg
    assert "style=" not in svg


def test_a_pdf_of_too_many_movements_is_refused_and_the_csv_is_not(customer, monkeypatch):
    # given
    monkeypatch.setattr("partsdesk.billing.statements.MAX_PDF_MOVEMENTS", 3)
    history(customer)
    found = statement(customer, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    # when / then
    with pytest.raises(PeriodError) as refused:
        statement_pdf(found)
    assert refused.value.code == "too_many_movements"
    assert "has 9 movements, more than a PDF holds (3)" in refused.value.message
    assert len(csv_rows(statement_csv(found))) == 12
