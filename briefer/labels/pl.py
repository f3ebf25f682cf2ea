"""Polish labels, as a Polish news site writes them (counts in all four plural forms)."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Przegląd dnia",
    "all_briefings": "wszystkie wydania",
    "at_a_glance": "W skrócie",
    "themes": "Tematy",
    "key_names": "Kluczowe nazwy",
    "who_said_what": "Kto co powiedział",
    "other_news": "Pozostałe wiadomości",
    "skipped": "Pominięte",
    "sources": "Źródła",
    "why_here": "Dlaczego tutaj",
    "developing": "temat rozwojowy",
    "see": "zob.",
    "nothing_today": "Dziś nic w tym temacie.",
    "nothing_new_in_hours": "Nic nowego w ciągu ostatnich {hours} godz.",
    "nothing_new_since": "Nic nowego od poprzedniego wydania ({date}).",
    "nothing_new": "Nic nowego ze źródeł.",
    "every_line": "Każdy wiersz to zdanie z podlinkowanego źródła.",
    "quote": "„{text}”",
    "atom_feed": "Kanał Atom",
    "updated": "Zaktualizował briefer {when}.",
    "generated": {"one": "Przygotował briefer {when} na podstawie {n} artykułu.",
                  "few": "Przygotował briefer {when} na podstawie {n} artykułów.",
                  "many": "Przygotował briefer {when} na podstawie {n} artykułów.",
                  "other": "Przygotował briefer {when} na podstawie {n} artykułu."},
    "n_sources": {"one": "{n} źródło", "few": "{n} źródła", "many": "{n} źródeł", "other": "{n} źródła"},
    "n_articles": {"one": "{n} artykuł", "few": "{n} artykuły", "many": "{n} artykułów", "other": "{n} artykułu"},
    "n_items": {"one": "{n} pozycja", "few": "{n} pozycje", "many": "{n} pozycji", "other": "{n} pozycji"},
    "n_briefings": {"one": "{n} wydanie", "few": "{n} wydania", "many": "{n} wydań", "other": "{n} wydania"},
    "status": {"ok": "w porządku", "failed": "błąd", "snippet-only": "tylko zajawka"},
    "date": "d MMMM y",
    "datetime": "d MMMM y, HH:mm",
    "day": "d MMMM y",
}
