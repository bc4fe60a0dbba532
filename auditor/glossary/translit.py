"""Romanization: Ukrainian national system (KMU resolution 55, 2010) and Russian BGN/PCGN (1947),
plus the spellings of Russian first names that English news uses."""

from __future__ import annotations

import regex

# Ukrainian national romanization, 2010. Letters with a word-initial form map to (initial, other).
_UK = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": ("ye", "ie"),
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": ("yi", "i"),
    "й": ("y", "i"),
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
    "'": "",
    "’": "",
    "ʼ": "",
}
# Russian BGN/PCGN; е/ё are "ye"/"yë" word-initially and after vowels, й/ъ/ь handled below.
_RU = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "ë",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_RU_VOWELS = set("аеёиоуыэюяъь")
_WORD = r"[\p{Cyrillic}'’ʼ]+|[^\p{Cyrillic}'’ʼ]+"


def _case(src: str, out: str, whole_upper: bool) -> str:
    if not out:
        return out
    if whole_upper:
        return out.upper()
    return out[0].upper() + out[1:] if src.isupper() else out


def _romanize(text: str, word_rule) -> str:
    """Apply ``word_rule(word, upper)`` to each Cyrillic run, keeping other text as is."""
    out = []
    for chunk in regex.findall(_WORD, text):
        if regex.match(r"\p{Cyrillic}", chunk):
            out.append(word_rule(chunk, len(chunk) > 1 and chunk.isupper()))
        else:
            out.append(chunk)
    return "".join(out)


def _uk_word(word: str, upper: bool) -> str:
    res, i = [], 0
    while i < len(word):
        ch, low = word[i], word[i].lower()
        if low == "з" and i + 1 < len(word) and word[i + 1].lower() == "г":
            res.append(_case(ch, "zgh", upper))
            i += 2
            continue
        val = _UK.get(low, ch)
        if isinstance(val, tuple):
            val = val[0] if i == 0 else val[1]
        res.append(_case(ch, val, upper))
        i += 1
    return "".join(res)


def _ru_word(word: str, upper: bool, news: bool = True) -> str:
    res = []
    for i, ch in enumerate(word):
        low = ch.lower()
        prev = word[i - 1].lower() if i else ""
        if low in "её" and (i == 0 or prev in _RU_VOWELS or prev == "й"):
            val = "ye" if low == "е" else "yo"
        elif low == "ё":
            val = "yo" if news else "ë"
        else:
            val = _RU.get(low, ch)
        res.append(_case(ch, val, upper))
    out = "".join(res)
    return regex.sub(r"(?<=[^aeiouy])iy$|yy$", "y", out) if news else out


def romanize_uk(text: str) -> str:
    """Ukrainian → Latin by the 2010 national system (зг → zgh; soft sign and apostrophe dropped)."""
    return _romanize(text, _uk_word)


def romanize_ru(text: str, *, news: bool = True) -> str:
    """Russian → Latin by BGN/PCGN; ``news`` drops diacritics (ë → yo) and -iy endings as English news does."""
    return _romanize(text, lambda word, upper: _ru_word(word, upper, news))


# English-news spellings of Russian first names, and the Ukrainian form of the same name.
RUSSIAN_FIRST_NAMES: dict[str, tuple[tuple[str, ...], str]] = {
    "Алексей": (("Alexei", "Alexey", "Aleksei", "Aleksey"), "Oleksiy"),
    "Александр": (("Alexander", "Aleksandr", "Alexandr"), "Oleksandr"),
    "Сергей": (("Sergei", "Sergey"), "Serhiy"),
    "Дмитрий": (("Dmitry", "Dmitri", "Dmitriy"), "Dmytro"),
    "Андрей": (("Andrei", "Andrey"), "Andriy"),
    "Юрий": (("Yuri", "Yury", "Yuriy"), "Yuriy"),
    "Виталий": (("Vitaly", "Vitali", "Vitaliy"), "Vitaliy"),
    "Николай": (("Nikolai", "Nikolay"), "Mykola"),
    "Михаил": (("Mikhail",), "Mykhailo"),
    "Евгений": (("Yevgeny", "Evgeny", "Yevgeniy", "Evgeniy"), "Yevhen"),
    "Валерий": (("Valery",), "Valeriy"),
    "Григорий": (("Grigory", "Grigori"), "Hryhoriy"),
    "Анатолий": (("Anatoly",), "Anatoliy"),
    "Василий": (("Vasily", "Vasili"), "Vasyl"),
    "Владимир": (("Vladimir",), "Volodymyr"),
    "Олег": (("Oleg",), "Oleh"),
    "Игорь": (("Igor",), "Ihor"),
    "Пётр": (("Pyotr", "Petr"), "Petro"),
    "Петр": (("Pyotr", "Petr"), "Petro"),
    "Павел": (("Pavel",), "Pavlo"),
    "Иван": (("Ivan",), "Ivan"),
    "Ирина": (("Irina",), "Iryna"),
    "Ольга": (("Olga",), "Olha"),
    "Татьяна": (("Tatyana", "Tatiana"), "Tetiana"),
    "Елена": (("Yelena", "Elena"), "Olena"),
    "Наталья": (("Natalya",), "Nataliya"),  # Natalia is also how Ukrainian Наталія is usually written
    "Юлия": (("Yuliya",), "Yuliia"),  # Yulia is also how Ukrainian Юлія is usually written (Yulia Svyrydenko)
    "Виктор": (("Viktor", "Victor"), "Viktor"),
    "Ростислав": (("Rostislav",), "Rostyslav"),
    "Вячеслав": (("Vyacheslav",), "Viacheslav"),
    "Кирилл": (("Kirill",), "Kyrylo"),
    "Денис": (("Denis",), "Denys"),
    "Арсений": (("Arseny", "Arseniy"), "Arseniy"),
    "Геннадий": (("Gennady", "Gennadiy"), "Hennadiy"),
    "Максим": (("Maxim", "Maksim"), "Maksym"),
    "Вадим": (("Vadim",), "Vadym"),
    "Богдан": (("Bogdan",), "Bohdan"),
    "Владислав": (("Vladislav",), "Vladyslav"),
    "Константин": (("Konstantin",), "Kostiantyn"),
    "Никита": (("Nikita",), "Mykyta"),
    "Фёдор": (("Fyodor", "Fedor"), "Fedir"),
    "Илья": (("Ilya",), "Illia"),
    "Евгения": (("Yevgenia", "Evgenia", "Evgeniya", "Yevgeniya"), "Yevheniia"),
    "Александра": (("Alexandra", "Aleksandra"), "Oleksandra"),
    "Светлана": (("Svetlana",), "Svitlana"),
    "Людмила": (("Lyudmila", "Ludmila"), "Liudmyla"),
    "Галина": (("Galina",), "Halyna"),
    "Екатерина": (("Yekaterina", "Ekaterina"), "Kateryna"),
    "Марина": (("Marina",), "Maryna"),
    "Лариса": (("Larisa",), "Larysa"),
    "Надежда": (("Nadezhda",), "Nadiia"),
}
# English forms of Russian first names, for spotting Ukrainian names spelled the Russian way.
RUSSIAN_FORMS_OF_UKRAINIAN_NAMES: dict[str, str] = {
    form: uk for forms, uk in RUSSIAN_FIRST_NAMES.values() for form in forms if form != uk
}


def russian_renderings(ru_full_name: str) -> list[str]:
    """English spellings a Russian-language source yields for a full name (first name + surname)."""
    parts = ru_full_name.split()
    if len(parts) < 2:
        return []
    first, rest = parts[0], " ".join(parts[1:])
    firsts = list(RUSSIAN_FIRST_NAMES.get(first, ((romanize_ru(first),), ""))[0])
    surname = romanize_ru(rest)
    return [f"{f} {surname}" for f in firsts]
