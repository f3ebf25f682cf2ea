"""Italian labels, as an Italian news site writes them."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Il punto del giorno",
    "all_briefings": "tutte le edizioni",
    "at_a_glance": "In breve",
    "themes": "Temi",
    "key_names": "Nomi chiave",
    "who_said_what": "Chi ha detto cosa",
    "other_news": "Altre notizie",
    "skipped": "Saltati",
    "sources": "Fonti",
    "why_here": "Perché qui",
    "developing": "in aggiornamento",
    "see": "vedi",
    "nothing_today": "Oggi niente su questo tema.",
    "nothing_new_in_hours": "Niente di nuovo nelle ultime {hours} ore.",
    "nothing_new_since": "Niente di nuovo dall’edizione precedente ({date}).",
    "nothing_new": "Niente di nuovo dalle fonti.",
    "every_line": "Ogni riga è una frase della fonte collegata.",
    "quote": "«{text}»",
    "atom_feed": "Feed Atom",
    "updated": "Aggiornato da briefer il {when}.",
    "generated": {"one": "Generato da briefer il {when} da {n} articolo.",
                  "many": "Generato da briefer il {when} da {n} articoli.",
                  "other": "Generato da briefer il {when} da {n} articoli."},
    "n_sources": {"one": "{n} fonte", "many": "{n} fonti", "other": "{n} fonti"},
    "n_articles": {"one": "{n} articolo", "many": "{n} articoli", "other": "{n} articoli"},
    "n_items": {"one": "{n} elemento", "many": "{n} elementi", "other": "{n} elementi"},
    "n_briefings": {"one": "{n} edizione", "many": "{n} edizioni", "other": "{n} edizioni"},
    "status": {"ok": "ok", "failed": "non riuscito", "snippet-only": "solo anteprima"},
    "date": "d MMMM y",
    "datetime": "d MMMM y, HH:mm",
    "day": "d MMMM y",
}
