"""Bank statements in the 1C exchange format (`1CClientBankExchange`, format 1.03).

A text file, usually windows-1251 (`Кодировка=Windows`; `DOS` means cp866), of `Key=Value`
lines: a header, one `СекцияРасчСчет … КонецРасчСчет` block per account (period and
balances), then one `СекцияДокумент=<kind> … КонецДокумента` block per document
(`Номер`, `Дата`, `Сумма`, `ПлательщикСчет`, `ПлательщикИНН`, `Плательщик1`, `ПлательщикБИК`,
`ПолучательСчет`, `ПолучательИНН`, `НазначениеПлатежа`, `ДатаПоступило`, …), and
`КонецФайла`. `parse` reads it all or raises StatementError (with the line number): a bad
file is refused whole. `render` writes one (tests, the demo).
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAGIC = "1CClientBankExchange"
MAX_DOCUMENTS = 100_000


class StatementError(Exception):
    def __init__(self, message: str, line: int | None = None):
        if line is not None:
            message = _("Line %(line)d: %(message)s") % {"line": line, "message": message}
        super().__init__(message)
        self.message = message


@dataclass
class Document:
    kind: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, *keys: str) -> str:
        """The first of `keys` present and not blank."""
        for key in keys:
            value = self.fields.get(key, "").strip()
            if value:
                return value
        return ""

    @property
    def number(self) -> str:
        return self.get("Номер")

    @property
    def date(self) -> datetime.date:
        return _date(self.get("Дата"), self.line)

    @property
    def received_on(self) -> datetime.date:
        value = self.get("ДатаПоступило")
        return _date(value, self.line) if value else self.date

    @property
    def amount(self) -> int:
        """Kopecks."""
        return _amount(self.get("Сумма"), self.line)

    @property
    def payer_account(self) -> str:
        return self.get("ПлательщикСчет", "ПлательщикРасчСчет")

    @property
    def payer_inn(self) -> str:
        return self.get("ПлательщикИНН")

    @property
    def payer_name(self) -> str:
        name = self.get("Плательщик1")
        if name:
            return name
        # `Плательщик` may read "ИНН 7707083893 ООО Ромашка".
        name = self.get("Плательщик")
        inn = self.payer_inn
        if inn and name.startswith(f"ИНН {inn}"):
            name = name[len(f"ИНН {inn}") :].strip()
        return name

    @property
    def payer_bik(self) -> str:
        return self.get("ПлательщикБИК")

    @property
    def recipient_account(self) -> str:
        return self.get("ПолучательСчет", "ПолучательРасчСчет")

    @property
    def recipient_inn(self) -> str:
        return self.get("ПолучательИНН")

    @property
    def purpose(self) -> str:
        # Some banks split a long purpose over НазначениеПлатежа1..6.
        parts = [self.get("НазначениеПлатежа")]
        parts += [self.get(f"НазначениеПлатежа{i}") for i in range(1, 7)]
        return " ".join(part for part in parts if part)

    def dedup_key(self) -> str:
        """The same payment in two statements gives the same key."""
        raw = "|".join(
            [
                self.date.isoformat(),
                self.number,
                str(self.amount),
                self.payer_account,
                self.payer_inn,
                self.payer_bik,
                self.recipient_account,
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class Statement:
    header: dict[str, str]
    accounts: list[dict[str, str]]
    documents: list[Document]

    @property
    def account_numbers(self) -> set[str]:
        numbers = {section.get("РасчСчет", "").strip() for section in self.accounts}
        numbers.add(self.header.get("РасчСчет", "").strip())
        return {number for number in numbers if number}

    @property
    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        start = self.header.get("ДатаНачала", "").strip()
        end = self.header.get("ДатаКонца", "").strip()
        return (_date(start, None) if start else None, _date(end, None) if end else None)


def _date(value: str, line: int | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(value.strip(), "%d.%m.%Y").date()
    except ValueError as error:
        raise StatementError(
            _("“%(value)s” is not a date (DD.MM.YYYY).") % {"value": value}, line
        ) from error


def _amount(value: str, line: int | None) -> int:
    try:
        amount = Decimal(value.strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation as error:
        raise StatementError(_("“%(value)s” is not an amount.") % {"value": value}, line) from error
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise StatementError(_("“%(value)s” is not an amount.") % {"value": value}, line)
    return int(amount * 100)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if "Кодировка=DOS".encode("cp866") in data[:4000]:
        return data.decode("cp866")
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise StatementError(_("The file is not in the windows-1251 encoding.")) from error


def parse(data: bytes) -> Statement:
    """Read a whole statement; StatementError on anything that is not a complete 1C file."""
    if not data.strip():
        raise StatementError(_("The file is empty."))
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise StatementError(_("The file's encoding is not readable.")) from error
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip().lstrip("\ufeff") != MAGIC:
        raise StatementError(
            _("This is not a 1C bank statement: the first line must be 1CClientBankExchange.")
        )
    header: dict[str, str] = {}
    accounts: list[dict[str, str]] = []
    documents: list[Document] = []
    section: dict[str, str] | None = None  # an open СекцияРасчСчет
    document: Document | None = None
    ended = False
    for index in range(first + 1, len(lines)):
        number = index + 1
        line = lines[index].strip()
        if not line:
            continue
        if ended:
            raise StatementError(_("Text after КонецФайла."), number)
        key, sep, value = line.partition("=")
        key = key.strip()
        if key == "КонецФайла":
            if section is not None or document is not None:
                raise StatementError(_("КонецФайла inside an unfinished section."), number)
            ended = True
        elif key == "СекцияРасчСчет":
            if section is not None or document is not None:
                raise StatementError(_("A section starts inside another one."), number)
            section = {}
        elif key == "КонецРасчСчет":
            if section is None:
                raise StatementError(_("КонецРасчСчет without СекцияРасчСчет."), number)
            accounts.append(section)
            section = None
        elif key == "СекцияДокумент":
            if section is not None or document is not None:
                raise StatementError(_("A section starts inside another one."), number)
            if len(documents) >= MAX_DOCUMENTS:
                raise StatementError(_("Too many documents in one file."), number)
            document = Document(kind=value.strip(), line=number)
        elif key == "КонецДокумента":
            if document is None:
                raise StatementError(_("КонецДокумента without СекцияДокумент."), number)
            _check_document(document)
            documents.append(document)
            document = None
        elif not sep:
            raise StatementError(
                _("“%(text)s” is neither Key=Value nor a section mark.") % {"text": line[:60]},
                number,
            )
        else:
            target = document.fields if document is not None else section
            if target is None:
                target = header
            target[key] = value.strip()
    if not ended:
        raise StatementError(_("The file is cut short: there is no КонецФайла."))
    return Statement(header=header, accounts=accounts, documents=documents)


def _check_document(document: Document) -> None:
    for key in ("Номер", "Дата", "Сумма"):
        if not document.get(key):
            raise StatementError(
                _("The document has no %(field)s.") % {"field": key}, document.line
            )
    document.date  # noqa: B018 - raises StatementError when not a date
    document.amount  # noqa: B018
    if document.get("ДатаПоступило"):
        document.received_on  # noqa: B018


# --- writing -------------------------------------------------------------------------------


@dataclass
class Payment:
    """One incoming payment order to render."""

    number: str
    date: datetime.date
    amount: int  # kopecks
    payer_name: str
    payer_inn: str
    payer_account: str
    purpose: str
    payer_kpp: str = ""
    payer_bank: str = "ПАО СБЕРБАНК"
    payer_bik: str = "044525225"
    payer_corr: str = "30101810400000000225"


def render(
    *,
    account: str,
    recipient_name: str,
    recipient_inn: str,
    recipient_kpp: str,
    recipient_bank: str,
    recipient_bik: str,
    recipient_corr: str,
    start: datetime.date,
    end: datetime.date,
    payments: list[Payment],
    created: datetime.datetime | None = None,
) -> bytes:
    """A statement of `account` for start..end with the incoming `payments`, in cp1251."""
    created = created or datetime.datetime.combine(end, datetime.time(18, 0))
    total = sum(payment.amount for payment in payments)

    def money(minor: int) -> str:
        return f"{minor // 100}.{minor % 100:02d}"

    lines = [
        MAGIC,
        "ВерсияФормата=1.03",
        "Кодировка=Windows",
        "Отправитель=Бухгалтерия предприятия",
        "Получатель=",
        f"ДатаСоздания={created:%d.%m.%Y}",
        f"ВремяСоздания={created:%H:%M:%S}",
        f"ДатаНачала={start:%d.%m.%Y}",
        f"ДатаКонца={end:%d.%m.%Y}",
        f"РасчСчет={account}",
        "Документ=Платежное поручение",
        "СекцияРасчСчет",
        f"ДатаНачала={start:%d.%m.%Y}",
        f"ДатаКонца={end:%d.%m.%Y}",
        f"РасчСчет={account}",
        "НачальныйОстаток=0.00",
        f"ВсегоПоступило={money(total)}",
        "ВсегоСписано=0.00",
        f"КонечныйОстаток={money(total)}",
        "КонецРасчСчет",
    ]
    for payment in payments:
        lines += [
            "СекцияДокумент=Платежное поручение",
            f"Номер={payment.number}",
            f"Дата={payment.date:%d.%m.%Y}",
            f"Сумма={money(payment.amount)}",
            f"ПлательщикСчет={payment.payer_account}",
            f"ДатаПоступило={payment.date:%d.%m.%Y}",
            f"Плательщик=ИНН {payment.payer_inn} {payment.payer_name}",
            f"ПлательщикИНН={payment.payer_inn}",
            f"Плательщик1={payment.payer_name}",
            f"ПлательщикРасчСчет={payment.payer_account}",
            f"ПлательщикБанк1={payment.payer_bank}",
            "ПлательщикБанк2=г. Москва",
            f"ПлательщикБИК={payment.payer_bik}",
            f"ПлательщикКорсчет={payment.payer_corr}",
            f"ПлательщикКПП={payment.payer_kpp}",
            f"ПолучательСчет={account}",
            f"Получатель=ИНН {recipient_inn} {recipient_name}",
            f"ПолучательИНН={recipient_inn}",
            f"Получатель1={recipient_name}",
            f"ПолучательРасчСчет={account}",
            f"ПолучательБанк1={recipient_bank}",
            f"ПолучательБИК={recipient_bik}",
            f"ПолучательКорсчет={recipient_corr}",
            f"ПолучательКПП={recipient_kpp}",
            "ВидОплаты=01",
            "Очередность=5",
            f"НазначениеПлатежа={payment.purpose}",
            "КонецДокумента",
        ]
    lines.append("КонецФайла")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251", errors="replace")
