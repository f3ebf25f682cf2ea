"""Ukrainian labels, as a Ukrainian news site writes them (counts in all plural forms)."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Огляд дня",
    "all_briefings": "усі випуски",
    "at_a_glance": "Головне",
    "themes": "Теми",
    "key_names": "Ключові імена",
    "who_said_what": "Хто що сказав",
    "other_news": "Інші новини",
    "skipped": "Пропущено",
    "sources": "Джерела",
    "why_here": "Чому тут",
    "developing": "тема розвивається",
    "see": "див.",
    "nothing_today": "Сьогодні на цю тему нічого немає.",
    "nothing_new_in_hours": "Нічого нового за останні {hours} год.",
    "nothing_new_since": "Нічого нового від попереднього випуску ({date}).",
    "nothing_new": "Нічого нового з джерел.",
    "every_line": "Кожен рядок — речення з джерела за посиланням.",
    "quote": "«{text}»",
    "atom_feed": "Стрічка Atom",
    "updated": "Оновлено briefer {when}.",
    "generated": {"one": "Зібрано briefer {when} з {n} статті.",
                  "few": "Зібрано briefer {when} з {n} статей.",
                  "many": "Зібрано briefer {when} з {n} статей.",
                  "other": "Зібрано briefer {when} з {n} статті."},
    "n_sources": {"one": "{n} джерело", "few": "{n} джерела", "many": "{n} джерел", "other": "{n} джерела"},
    "n_articles": {"one": "{n} стаття", "few": "{n} статті", "many": "{n} статей", "other": "{n} статті"},
    "n_items": {"one": "{n} пункт", "few": "{n} пункти", "many": "{n} пунктів", "other": "{n} пункту"},
    "n_briefings": {"one": "{n} випуск", "few": "{n} випуски", "many": "{n} випусків", "other": "{n} випуску"},
    "status": {"ok": "успішно", "failed": "помилка", "snippet-only": "лише анонс"},
    "date": "d MMMM y",
    "datetime": "d MMMM y, HH:mm",
    "day": "d MMMM y",
}
