"""German labels, as a German news site writes them."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Tagesüberblick",
    "all_briefings": "alle Ausgaben",
    "at_a_glance": "Auf einen Blick",
    "themes": "Themen",
    "key_names": "Wichtige Namen",
    "who_said_what": "Wer sagte was",
    "other_news": "Weitere Meldungen",
    "skipped": "Übersprungen",
    "sources": "Quellen",
    "why_here": "Warum hier",
    "developing": "fortlaufend",
    "see": "siehe",
    "nothing_today": "Heute nichts zu diesem Thema.",
    "nothing_new_in_hours": "Nichts Neues in den letzten {hours} Stunden.",
    "nothing_new_since": "Nichts Neues seit der letzten Ausgabe ({date}).",
    "nothing_new": "Nichts Neues aus den Quellen.",
    "every_line": "Jede Zeile ist ein Satz aus der verlinkten Quelle.",
    "quote": "„{text}“",
    "atom_feed": "Atom-Feed",
    "updated": "Aktualisiert von briefer am {when}.",
    "generated": {"one": "Erstellt von briefer am {when} aus {n} Artikel.",
                  "other": "Erstellt von briefer am {when} aus {n} Artikeln."},
    "n_sources": {"one": "{n} Quelle", "other": "{n} Quellen"},
    "n_articles": {"one": "{n} Artikel", "other": "{n} Artikel"},
    "n_items": {"one": "{n} Eintrag", "other": "{n} Einträge"},
    "n_briefings": {"one": "{n} Ausgabe", "other": "{n} Ausgaben"},
    "status": {"ok": "ok", "failed": "fehlgeschlagen", "snippet-only": "nur Anriss"},
    "date": "d. MMMM y",
    "datetime": "d. MMMM y, HH:mm",
    "day": "d. MMMM y",
}
