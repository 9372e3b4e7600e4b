RU = {
    # billing/order_payments.py
    "Record the cash received first: %(amount)s is not paid for this position.": "Сначала оформите приём наличных: за эту позицию не оплачено %(amount)s.",
    "This position is not paid yet: %(amount)s is still due for it.": "Позиция ещё не оплачена: к оплате за неё %(amount)s.",
    # orders/services.py (the customer is told an order waits for money)
    "Order {number} is waiting for payment": "Заказ {number} ждёт оплаты",
    "Your balance does not cover the order: {due} is due. Top up your balance or pay for the order on its page; we confirm it as soon as the money arrives.": "На балансе недостаточно денег для заказа: к оплате {due}. Пополните баланс или оплатите заказ на его странице — мы подтвердим его, как только поступят деньги.",
    # billing/templates/billing/_order_money.html
    "Payment": "Оплата",
    "Still due for this order: %(due)s": "Осталось оплатить по заказу: %(due)s",
    "Nothing is due for this order.": "По заказу ничего не нужно доплачивать.",
    "Position": "Позиция",
    "Amount": "Сумма",
    "Reserved": "Зарезервировано",
    "Paid": "Оплачено",
    "Released": "Возвращено на баланс",
    "Awaiting payment": "Ожидает оплаты",
    "%(amount)s refunded": "возвращено %(amount)s",
    "Top up the balance": "Пополнить баланс",
    "Delivery": "Доставка",
    # billing/demo_orders.py
    "load the demo accounts first": "сначала загрузите демо-учётные записи",
    "Demo top-up by card": "Демо-пополнение картой",
}

RU_PLURAL = {}
