import datetime

import pytest

from partsdesk.invoices import statement_1c
from partsdesk.invoices.statement_1c import StatementError, parse

from .factories import outgoing, statement, with_document

SAMPLE = """1CClientBankExchange
ВерсияФормата=1.03
Кодировка=Windows
Отправитель=СБИС
Получатель=
ДатаСоздания=26.11.2026
ВремяСоздания=09:15:02
ДатаНачала=25.11.2026
ДатаКонца=25.11.2026
РасчСчет=40702810938000012345
СекцияРасчСчет
ДатаНачала=25.11.2026
ДатаКонца=25.11.2026
РасчСчет=40702810938000012345
НачальныйОстаток=1000.00
ВсегоПоступило=15250.50
ВсегоСписано=0.00
КонечныйОстаток=16250.50
КонецРасчСчет
СекцияДокумент=Платежное поручение
Номер=731
Дата=25.11.2026
Сумма=15250.50
ПлательщикСчет=40702810538000054321
ДатаПоступило=25.11.2026
Плательщик=ИНН 7707083893 ООО "Ромашка"
ПлательщикИНН=7707083893
ПлательщикКПП=773601001
ПлательщикБИК=044525225
ПолучательСчет=40702810938000012345
ПолучательИНН=7705123452
НазначениеПлатежа=Оплата по счёту № 2026-000123 от 24.11.2026, в т.ч. НДС 22 % 2750.09
КонецДокумента
КонецФайла
"""


def test_reads_a_real_cp1251_statement():
    # given the bank's file, CRLF and windows-1251
    data = SAMPLE.replace("\n", "\r\n").encode("cp1251")
    # when
    result = parse(data)
    # then
    assert result.account_numbers == {"40702810938000012345"}
    assert result.period == (datetime.date(2026, 11, 25), datetime.date(2026, 11, 25))
    assert result.accounts[0]["ВсегоПоступило"] == "15250.50"
    [document] = result.documents
    assert document.kind == "Платежное поручение"
    assert document.number == "731"
    assert document.amount == 1_525_050
    assert document.payer_inn == "7707083893"
    assert document.payer_name == 'ООО "Ромашка"'  # taken from "ИНН … name"
    assert document.payer_account == "40702810538000054321"
    assert document.recipient_account == "40702810938000012345"
    assert "2026-000123" in document.purpose


def test_the_generator_writes_what_the_parser_reads():
    payment = statement_1c.Payment(
        number="5",
        date=datetime.date(2026, 11, 25),
        amount=12_345_67,
        payer_name="ООО «Ромашка»",
        payer_inn="7707083893",
        payer_account="40702810538000054321",
        purpose="Оплата по счёту № 2026-000001",
    )
    data = statement([payment])
    data.decode("cp1251")  # really windows-1251
    [document] = parse(data).documents
    assert (document.number, document.amount, document.payer_name) == (
        "5",
        12_345_67,
        "ООО «Ромашка»",
    )
    assert document.dedup_key() == parse(data).documents[0].dedup_key()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        ("Hello=1\r\nКонецФайла\r\n".encode("cp1251"), "1CClientBankExchange"),
        (SAMPLE.replace("КонецФайла\n", "").encode("cp1251"), "КонецФайла"),
        (SAMPLE.replace("КонецДокумента\n", "").encode("cp1251"), "unfinished"),
        (SAMPLE.replace("Сумма=15250.50", "Сумма=15 250,5x").encode("cp1251"), "Line 20"),
        (SAMPLE.replace("Сумма=15250.50", "Сумма=-1").encode("cp1251"), "not an amount"),
        (SAMPLE.replace("Дата=25.11.2026", "Дата=2026-11-25").encode("cp1251"), "not a date"),
        (SAMPLE.replace("Номер=731\n", "").encode("cp1251"), "Номер"),
        (SAMPLE.replace("КонецРасчСчет\n", "").encode("cp1251"), "inside another"),
        (SAMPLE.replace("ВсегоСписано=0.00", "ВсегоСписано").encode("cp1251"), "Key=Value"),
        (SAMPLE.encode("cp1251") + "Номер=1\r\n".encode("cp1251"), "after КонецФайла"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(data, fragment):
    with pytest.raises(StatementError) as error:
        parse(data)
    assert fragment in error.value.message


def test_utf8_with_bom_and_dos_encoding_are_read():
    assert parse(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")).documents[0].amount == 1_525_050
    dos = SAMPLE.replace("Кодировка=Windows", "Кодировка=DOS").encode("cp866")
    assert parse(dos).documents[0].payer_name == 'ООО "Ромашка"'


def test_an_outgoing_document_is_read_too():
    data = with_document(SAMPLE.encode("cp1251"), outgoing())
    assert [d.number for d in parse(data).documents] == ["731", "12"]
