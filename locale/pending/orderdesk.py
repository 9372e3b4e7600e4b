"""Russian for the desk's order pages, supplier orders, escalation, supplier statistics,
leads and the demo orders (partsdesk/desk/*_orders.py, templates/desk/orders,
partsdesk/orders/{escalation,leads,replacements,supplier_orders,supplier_stats,demo}.py,
templates/email/orders/{supplier_order,escalation}.*)."""

RU = {
    # views and forms
    "The position's status is changed.": "Статус позиции изменён.",
    "The position is on hold.": "Позиция отложена.",
    "The quantity is changed.": "Количество изменено.",
    "The replacement is offered; the customer accepts it or cancels.": (
        "Замена предложена; покупатель примет её или отменит."
    ),
    "The position is cancelled.": "Позиция отменена.",
    "The order is confirmed.": "Заказ подтверждён.",
    "Order %(number)s is placed from the quick order.": (
        "Заказ %(number)s оформлен из быстрого заказа."
    ),
    "The order is being emailed to %(address)s.": "Заказ отправляется на %(address)s.",
    "The call is recorded.": "Звонок записан.",
    "The quick order is declined.": "Быстрый заказ отклонён.",
    "How you confirmed it with the customer": "Как вы подтвердили заказ с покупателем",
    "New quantity": "Новое количество",
    "Reason (the customer sees it)": "Причина (её видит покупатель)",
    "State": "Состояние",
    "Choose an offer.": "Выберите предложение.",
    "Write a note.": "Напишите заметку.",
    "Any": "Любое",
    "Waiting for the supplier's answer": "Ждут ответа поставщика",
    "Answered": "Поставщик ответил",
    "Awaiting review": "Ждут проверки",
    "All orders": "Все заказы",
    # escalation
    "%(customer)s's order was due for review by %(due)s and is overdue by %(overdue)s of "
    "business time. Personal manager: %(manager)s.": (
        "Заказ покупателя %(customer)s нужно было проверить до %(due)s; просрочка — "
        "%(overdue)s рабочего времени. Персональный менеджер: %(manager)s."
    ),
    "Order {number} is overdue for review": "Проверка заказа {number} просрочена",
    "Order %(number)s is overdue for review": "Проверка заказа %(number)s просрочена",
    "Open in the desk": "Открыть в рабочем месте",
    # leads
    "Called back": "Перезвонили",
    "Write what you agreed on the call.": "Напишите, о чём договорились по телефону.",
    "Write why the quick order is declined.": "Напишите, почему быстрый заказ отклонён.",
    "This quick order is already “%(status)s”.": "Этот быстрый заказ уже «%(status)s».",
    "%(customer)s is %(manager)s's customer: they or a senior manager place this order.": (
        "%(customer)s — покупатель менеджера %(manager)s: этот заказ оформляет он или "
        "старший менеджер."
    ),
    "No longer offered: %(parts)s. Decline this quick order and place a new one.": (
        "Больше не предлагаются: %(parts)s. Отклоните этот быстрый заказ и оформите новый."
    ),
    # replacements
    "Only a position the supplier rejected gets a replacement beside it.": (
        "Замену рядом с позицией предлагают только для позиции, от которой отказался поставщик."
    ),
    "A replacement is already offered: %(part)s.": "Замена уже предложена: %(part)s.",
    # supplier orders
    "Every position of this supplier order is cancelled.": (
        "Все позиции этого заказа поставщику отменены."
    ),
    "Our order": "Наш заказ",
    "Our position": "Наша позиция",
    "%(supplier)s has no email for orders; an administrator sets it on the supplier.": (
        "У поставщика %(supplier)s нет адреса для заказов; его указывает администратор в "
        "карточке поставщика."
    ),
    "Hello, %(supplier)s!": "Здравствуйте, %(supplier)s!",
    "Please confirm or tell us what you cannot supply by replying to %(shop_email)s.": (
        "Пожалуйста, подтвердите заказ или сообщите, что не сможете поставить, ответом на "
        "%(shop_email)s."
    ),
    "Order from %(shop_name)s No. %(reference)s": "Заказ от %(shop_name)s № %(reference)s",
    # the demo command
    "Load the demo orders: the demo customers' orders in several states and an overdue one "
    "in the manager's queue (after load_demo, load_demo_accounts and load_demo_shop).": (
        "Загрузить демо-заказы: заказы демо-покупателей в разных статусах и просроченный в "
        "очереди менеджера (после load_demo, load_demo_accounts и load_demo_shop)."
    ),
    "Demo orders: %s": "Демо-заказы: %s",
    "No demo orders were added: %s": "Демо-заказы не добавлены: %s",
    # models
    "escalated": "передан старшим менеджерам",
    "emailed": "отправлен по почте",
    "emailed to": "отправлен на адрес",
    "window, days": "окно, дней",
    "ordered": "заказано",
    "rejected": "отказано",
    "received": "получено",
    "median days": "медиана, дней",
    "90th percentile, days": "90-й процентиль, дней",
    "computed": "рассчитано",
    "supplier delivery statistics": "статистика поставок поставщика",
    "email for orders": "адрес для заказов",
    # the storefront's offers
    "Our own orders of the last months (%(count)s positions): delivered share, median and "
    "90th percentile of days to our warehouse": (
        "По нашим заказам за последние месяцы (%(count)s позиций): доля поставленных, медиана "
        "и 90-й процентиль дней до нашего склада"
    ),
    "ours %(percent)s%%": "у нас %(percent)s%%",
    "%(median)s–%(p90)s d": "%(median)s–%(p90)s дн.",
    # templates
    "no longer offered": "больше не предлагается",
    "After the call": "После звонка",
    "Record the call": "Записать звонок",
    "Decline": "Отклонить",
    "Turn into an order": "Оформить заказ",
    "Customer's email, phone or login": "Email, телефон или логин покупателя",
    "Several customers have this phone:": "С этим телефоном несколько покупателей:",
    "Customer's page": "Страница покупателя",
    "No customer has this phone. Ask the caller to register (or to tell you the email they "
    "registered with), then place the order for them here.": (
        "Покупателя с этим телефоном нет. Попросите звонившего зарегистрироваться (или "
        "назвать email, с которым он зарегистрирован) и оформите заказ здесь."
    ),
    "Quick order from %(name)s": "Быстрый заказ от %(name)s",
    "For %(name)s (personal manager: %(manager)s).": (
        "Для %(name)s (персональный менеджер: %(manager)s)."
    ),
    "Put on hold": "Отложить",
    "Send to the supplier": "Отправить поставщику",
    "The supplier shipped it": "Поставщик отгрузил",
    "The supplier rejected it": "Поставщик отказал",
    "Received at the warehouse": "Поступила на склад",
    "Issued to the customer": "Выдана покупателю",
    "Cancel the position": "Отменить позицию",
    "Change the quantity": "Изменить количество",
    "Replace with another offer": "Заменить другим предложением",
    "No other offers of this part or its analogs.": (
        "Других предложений по этой детали и её аналогам нет."
    ),
    "Replacement offered: %(part)s.": "Предложена замена: %(part)s.",
    "Offer %(part)s from %(supplier)s at %(price)s, %(days)s days": (
        "Предложить %(part)s от %(supplier)s за %(price)s, %(days)s дн."
    ),
    "Not emailed yet.": "По почте ещё не отправлен.",
    "Download CSV": "Скачать CSV",
    "No email for orders": "Нет адреса для заказов",
    "An administrator sets the supplier's email for orders in the administration.": (
        "Адрес поставщика для заказов указывает администратор в администрировании."
    ),
    "Supplier order %(supplier)s #%(number)s": "Заказ поставщику %(supplier)s № %(number)s",
    "Sent %(time)s": "Отправлен %(time)s",
    "Emailed to %(address)s %(time)s.": "Отправлен на %(address)s %(time)s.",
    "Email to %(address)s": "Отправить на %(address)s",
    "Supplier delivery record": "Статистика поставок",
    "Sent": "Отправлено",
    "Rejected": "Отказано",
    "Median days": "Медиана, дней",
    "Declared": "Заявлено",
    "all brands": "все бренды",
    "No history yet: nothing was sent to suppliers in the window.": (
        "Истории пока нет: в этом окне поставщикам ничего не отправляли."
    ),
    "From our own orders sent in the last %(days)s days, rebuilt daily. The storefront "
    "shows a figure once it rests on %(positions)s positions or more; until then the "
    "supplier's declared ones.": (
        "По нашим заказам, отправленным за последние %(days)s дней, пересчитывается ежедневно. "
        "Витрина показывает показатель, когда за ним не меньше %(positions)s позиций; до тех "
        "пор — заявленные поставщиком."
    ),
    "%(days)s d, %(percent)s%%": "%(days)s дн., %(percent)s%%",
    "Computed %(time)s.": "Рассчитано %(time)s.",
    "Customer and delivery": "Покупатель и доставка",
    "Supplier orders": "Заказы поставщикам",
    "Confirm the order": "Подтвердить заказ",
    "Send to the suppliers": "Отправить поставщикам",
    "Send the chosen positions": "Отправить выбранные позиции",
    "Each position's next steps are below.": "Следующие шаги по каждой позиции — ниже.",
    "The review was due by %(due)s: overdue by %(time)s of business time.": (
        "Проверить нужно было до %(due)s: просрочено на %(time)s рабочего времени."
    ),
    "Review due by %(due)s.": "Проверить до %(due)s.",
    "Order queue": "Очередь заказов",
    "All customers' orders": "Заказы всех покупателей",
    "My customers' orders": "Заказы моих покупателей",
    "All customers": "Все покупатели",
    "Review due": "Проверить до",
    "reviewed": "проверен",
    "No orders here.": "Здесь заказов нет.",
    "Order status": "Статус заказа",
    "Order number, customer or article": "Номер заказа, покупатель или артикул",
    "overdue by %(time)s": "просрочен на %(time)s",
    "Supplier order": "Заказ поставщику",
    "Waiting for an answer": "Ждут ответа",
    "Emailed": "Отправлен по почте",
    "not yet": "ещё нет",
    "No supplier orders yet.": "Заказов поставщикам пока нет.",
    "Quick orders": "Быстрые заказы",
    "Name or phone": "Имя или телефон",
    "Lines": "Строки",
    "No quick orders here.": "Здесь быстрых заказов нет.",
}

RU_PLURAL = {
    "Sent to the supplier: supplier order %(list)s.": [
        "Отправлено поставщику: заказ %(list)s.",
        "Отправлено поставщикам: заказы %(list)s.",
        "Отправлено поставщикам: заказы %(list)s.",
    ],
    "%(n)d h": ["%(n)d ч", "%(n)d ч", "%(n)d ч"],
    "%(n)d min": ["%(n)d мин", "%(n)d мин", "%(n)d мин"],
    "Please supply %(counter)s position for our order No. %(reference)s; the list is "
    "attached as CSV.": [
        "Просим поставить %(counter)s позицию по нашему заказу № %(reference)s; список — во "
        "вложении (CSV).",
        "Просим поставить %(counter)s позиции по нашему заказу № %(reference)s; список — во "
        "вложении (CSV).",
        "Просим поставить %(counter)s позиций по нашему заказу № %(reference)s; список — во "
        "вложении (CSV).",
    ],
}
