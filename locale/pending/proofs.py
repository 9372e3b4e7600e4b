RU = {
    "stored balance differs from the sum of its entries": "хранимый остаток не равен сумме проводок",
    "entries of the operation do not sum to zero": "проводки операции не дают в сумме ноль",
    "balance after the entry breaks the running balance": "остаток после проводки не сходится с нарастающим итогом",
    "available balance below its floor": "доступный остаток ниже допустимого",
    "reserved balance below zero": "зарезервированный остаток ниже нуля",
    "%(model)s %(pk)s: %(problem)s (expected %(expected)s, stored %(actual)s)": "%(model)s %(pk)s: %(problem)s (ожидалось %(expected)s, записано %(actual)s)",
    "Ledger discrepancies: %(count)d": "Расхождений в учёте: %(count)d",
    "The ledger is sound.": "Учёт сходится.",
}
RU_PLURAL = {}
