"""Spanish labels, as a Spanish news site writes them."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Resumen del día",
    "all_briefings": "todas las ediciones",
    "at_a_glance": "De un vistazo",
    "themes": "Temas",
    "key_names": "Nombres clave",
    "who_said_what": "Quién dijo qué",
    "other_news": "Otras noticias",
    "skipped": "Omitidos",
    "sources": "Fuentes",
    "why_here": "Por qué aquí",
    "developing": "en desarrollo",
    "see": "ver",
    "nothing_today": "Hoy no hay nada sobre este tema.",
    "nothing_new_in_hours": "Nada nuevo en las últimas {hours} horas.",
    "nothing_new_since": "Nada nuevo desde la edición anterior ({date}).",
    "nothing_new": "Nada nuevo en las fuentes.",
    "every_line": "Cada línea es una frase de la fuente enlazada.",
    "quote": "«{text}»",
    "atom_feed": "Canal Atom",
    "updated": "Actualizado por briefer el {when}.",
    "generated": {"one": "Generado por briefer el {when} a partir de {n} artículo.",
                  "many": "Generado por briefer el {when} a partir de {n} artículos.",
                  "other": "Generado por briefer el {when} a partir de {n} artículos."},
    "n_sources": {"one": "{n} fuente", "many": "{n} fuentes", "other": "{n} fuentes"},
    "n_articles": {"one": "{n} artículo", "many": "{n} artículos", "other": "{n} artículos"},
    "n_items": {"one": "{n} elemento", "many": "{n} elementos", "other": "{n} elementos"},
    "n_briefings": {"one": "{n} edición", "many": "{n} ediciones", "other": "{n} ediciones"},
    "status": {"ok": "correcto", "failed": "fallido", "snippet-only": "solo entradilla"},
    "date": "d 'de' MMMM 'de' y",
    "datetime": "d 'de' MMMM 'de' y, HH:mm",
    "day": "d 'de' MMMM 'de' y",
}
