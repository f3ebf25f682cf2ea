"""Russian labels, as a Russian news site writes them (counts in all plural forms)."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Обзор дня",
    "all_briefings": "все выпуски",
    "at_a_glance": "Главное",
    "themes": "Темы",
    "key_names": "Ключевые имена",
    "who_said_what": "Кто что сказал",
    "other_news": "Другие новости",
    "skipped": "Пропущено",
    "sources": "Источники",
    "why_here": "Почему здесь",
    "developing": "сюжет развивается",
    "see": "см.",
    "nothing_today": "Сегодня по этой теме ничего нет.",
    "nothing_new_in_hours": "Ничего нового за последние {hours} ч.",
    "nothing_new_since": "Ничего нового с предыдущего выпуска ({date}).",
    "nothing_new": "Ничего нового из источников.",
    "every_line": "Каждая строка — предложение из источника по ссылке.",
    "quote": "«{text}»",
    "atom_feed": "Лента Atom",
    "updated": "Обновлено briefer {when}.",
    "generated": {"one": "Собрано briefer {when} из {n} статьи.",
                  "few": "Собрано briefer {when} из {n} статей.",
                  "many": "Собрано briefer {when} из {n} статей.",
                  "other": "Собрано briefer {when} из {n} статьи."},
    "n_sources": {"one": "{n} источник", "few": "{n} источника", "many": "{n} источников", "other": "{n} источника"},
    "n_articles": {"one": "{n} статья", "few": "{n} статьи", "many": "{n} статей", "other": "{n} статьи"},
    "n_items": {"one": "{n} пункт", "few": "{n} пункта", "many": "{n} пунктов", "other": "{n} пункта"},
    "n_briefings": {"one": "{n} выпуск", "few": "{n} выпуска", "many": "{n} выпусков", "other": "{n} выпуска"},
    "status": {"ok": "в порядке", "failed": "ошибка", "snippet-only": "только анонс"},
    "date": "d MMMM y",
    "datetime": "d MMMM y, HH:mm",
    "day": "d MMMM y",
}
