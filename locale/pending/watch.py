# Russian for the price watch (partsdesk/watch), the notifications page and their API.
RU = {
    # models, app
    "Price watch": "Отслеживание цен",
    "target price": "целевая цена",
    "watching since": "отслеживается с",
    "watched part": "отслеживаемая деталь",
    "watched parts": "отслеживаемые детали",
    "best price": "лучшая цена",
    "previous best price": "предыдущая лучшая цена",
    "recorded": "записана",
    "watchers notified": "подписчики уведомлены",
    "price point": "точка истории цены",
    "price points": "история цен",
    # services
    "The target price must be a number.": "Целевая цена должна быть числом.",
    "The target price must be above zero.": "Целевая цена должна быть больше нуля.",
    "The target price cannot be above {limit}.": "Целевая цена не может быть выше {limit}.",
    "The target price has at most two digits after the point.": (
        "В целевой цене не больше двух знаков после запятой."
    ),
    "This account cannot watch prices.": "Этой учётной записи недоступно отслеживание цен.",
    "You watch {limit} parts already; stop watching one to add another.": (
        "Вы уже отслеживаете {limit} деталей; чтобы добавить новую, перестаньте отслеживать одну из них."
    ),
    "{part}: your target price is reached — {price}": "{part}: достигнута ваша целевая цена — {price}",
    "The best offer for {part} now costs {price}; your target price is {target}.": (
        "Лучшее предложение на {part} теперь стоит {price}; ваша целевая цена — {target}."
    ),
    "{part} is back in stock at {price}": "{part} снова в наличии по цене {price}",
    "{part} was out of stock; the best offer now costs {price}.": (
        "{part} не было в наличии; лучшее предложение теперь стоит {price}."
    ),
    "{part}: the price fell to {price}": "{part}: цена снизилась до {price}",
    "{part}: the price rose to {price}": "{part}: цена выросла до {price}",
    "The best offer for {part} was {previous}, now {price} ({change}, {percent}%).": (
        "Лучшее предложение на {part} стоило {previous}, теперь {price} ({change}, {percent}%)."
    ),
    # chart
    "From {start} to {end}: lowest {low}, highest {high}, now {now}.": (
        "С {start} по {end}: самая низкая {low}, самая высокая {high}, сейчас {now}."
    ),
    "Out of stock since {start}.": "Нет в наличии с {start}.",
    "Price history of {part}": "История цены {part}",
    "out of stock": "нет в наличии",
    # views, pages
    "You are watching the price of %(part)s.": "Вы отслеживаете цену %(part)s.",
    "You no longer watch the price of %(part)s.": "Вы больше не отслеживаете цену %(part)s.",
    "The target price is saved.": "Целевая цена сохранена.",
    "The target price is cleared.": "Целевая цена убрана.",
    "Watchlist": "Отслеживаемые цены",
    "The parts whose price you watch. After every price-list update we compare their best "
    "price and tell you when it changes.": (
        "Детали, цену которых вы отслеживаете. После каждого обновления прайс-листов мы "
        "сравниваем их лучшую цену и сообщаем вам, если она изменилась."
    ),
    "Best price": "Лучшая цена",
    "Price change": "Изменение цены",
    "since %(date)s": "с %(date)s",
    "Target price": "Целевая цена",
    "Clear": "Убрать",
    "reached": "достигнута",
    "No price history yet.": "Истории цены пока нет.",
    "Stop watching": "Не отслеживать",
    "You are not watching any part yet. Find a part and press “Watch the price” on its page.": (
        "Вы пока не отслеживаете ни одной детали. Найдите деталь и нажмите «Следить за ценой» "
        "на её странице."
    ),
    "You are watching this part's price.": "Вы отслеживаете цену этой детали.",
    "Target price: %(price)s.": "Целевая цена: %(price)s.",
    "Target price (optional)": "Целевая цена (необязательно)",
    "Watch the price": "Следить за ценой",
    "We will tell you when its best price changes.": (
        "Мы сообщим, когда изменится её лучшая цена."
    ),
    '<a href="%(url)s?next=%(next)s">Sign in</a> to be told when the price of this part changes.': (
        '<a href="%(url)s?next=%(next)s">Войдите</a>, чтобы узнавать об изменении цены этой детали.'
    ),
    "Back to the part": "Вернуться к детали",
    "Parts whose price you watch, with their price history.": (
        "Детали, цену которых вы отслеживаете, и история их цен."
    ),
    # notifications page
    "Your notifications": "Ваши уведомления",
    "Price changes and other news from the shop.": "Изменения цен и другие новости магазина.",
    "unread": "непрочитанные",
    "Everything is read.": "Всё прочитано.",
    "Notification settings": "Настройки уведомлений",
    "All": "Все",
    "Unread": "Непрочитанные",
    "Mark all read": "Отметить все прочитанными",
    "Notification": "Уведомление",
    "Received": "Получено",
    "new": "новое",
    "Open": "Открыть",
    "Mark read": "Отметить прочитанным",
    "Newer": "Новее",
    "Older": "Старее",
    "No notifications.": "Уведомлений нет.",
    # API
    "There is no such part.": "Такой детали нет.",
    "You are not watching this part.": "Вы не отслеживаете эту деталь.",
}
RU_PLURAL = {
    "%(counter)s unread notification.": [
        "%(counter)s непрочитанное уведомление.",
        "%(counter)s непрочитанных уведомления.",
        "%(counter)s непрочитанных уведомлений.",
    ],
}
