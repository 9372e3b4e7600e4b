"""Amounts in Russian words, as invoices and payment orders write them:
`1 234,50` → «Одна тысяча двести тридцать четыре рубля 50 копеек»."""

UNITS_M = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
UNITS_F = ["", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
TEENS = [
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
HUNDREDS = [
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]
# (forms for 1, 2–4, 5–20, feminine?) for each power of a thousand above the units.
SCALES = [
    (("тысяча", "тысячи", "тысяч"), True),
    (("миллион", "миллиона", "миллионов"), False),
    (("миллиард", "миллиарда", "миллиардов"), False),
    (("триллион", "триллиона", "триллионов"), False),
]
ROUBLES = ("рубль", "рубля", "рублей")
KOPECKS = ("копейка", "копейки", "копеек")


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """The Russian plural form for n: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    n = abs(n) % 100
    if 11 <= n <= 19:
        return forms[2]
    n %= 10
    if n == 1:
        return forms[0]
    if 2 <= n <= 4:
        return forms[1]
    return forms[2]


def _triple(n: int, feminine: bool) -> list[str]:
    words = [HUNDREDS[n // 100]]
    rest = n % 100
    if 10 <= rest <= 19:
        words.append(TEENS[rest - 10])
    else:
        words.append(TENS[rest // 10])
        words.append((UNITS_F if feminine else UNITS_M)[rest % 10])
    return [word for word in words if word]


def number_in_words(n: int, *, feminine: bool = False) -> str:
    """A whole number ≥ 0 in Russian words (lower case)."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "ноль"
    if n >= 1000 ** (len(SCALES) + 1):
        raise ValueError("too large")
    words: list[str] = []
    triples = []
    while n:
        triples.append(n % 1000)
        n //= 1000
    for power in range(len(triples) - 1, -1, -1):
        part = triples[power]
        if not part:
            continue
        if power == 0:
            words += _triple(part, feminine)
        else:
            forms, scale_feminine = SCALES[power - 1]
            words += _triple(part, scale_feminine)
            words.append(plural(part, forms))
    return " ".join(words)


def amount_in_words(minor: int) -> str:
    """Kopecks → «Сто двадцать три рубля 45 копеек» (capitalized; kopecks in digits)."""
    if minor < 0:
        raise ValueError("negative")
    roubles, kopecks = divmod(minor, 100)
    text = f"{number_in_words(roubles)} {plural(roubles, ROUBLES)} {kopecks:02d} {plural(kopecks, KOPECKS)}"
    return text[0].upper() + text[1:]
