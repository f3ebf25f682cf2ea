"""French labels, as a French news site writes them."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "Le point du jour",
    "all_briefings": "toutes les éditions",
    "at_a_glance": "L’essentiel",
    "themes": "Thèmes",
    "key_names": "Noms clés",
    "who_said_what": "Qui a dit quoi",
    "other_news": "Autres actualités",
    "skipped": "Ignorés",
    "sources": "Sources",
    "why_here": "Pourquoi ici",
    "developing": "en cours",
    "see": "voir",
    "nothing_today": "Rien sur ce thème aujourd’hui.",
    "nothing_new_in_hours": "Rien de nouveau ces {hours} dernières heures.",
    "nothing_new_since": "Rien de nouveau depuis l’édition précédente ({date}).",
    "nothing_new": "Rien de nouveau dans les sources.",
    "every_line": "Chaque ligne est une phrase de la source en lien.",
    "quote": "« {text} »",
    "atom_feed": "Flux Atom",
    "updated": "Mis à jour par briefer le {when}.",
    "generated": {"one": "Généré par briefer le {when} à partir de {n} article.",
                  "many": "Généré par briefer le {when} à partir de {n} articles.",
                  "other": "Généré par briefer le {when} à partir de {n} articles."},
    "n_sources": {"one": "{n} source", "many": "{n} sources", "other": "{n} sources"},
    "n_articles": {"one": "{n} article", "many": "{n} articles", "other": "{n} articles"},
    "n_items": {"one": "{n} élément", "many": "{n} éléments", "other": "{n} éléments"},
    "n_briefings": {"one": "{n} édition", "many": "{n} éditions", "other": "{n} éditions"},
    "status": {"ok": "ok", "failed": "échec", "snippet-only": "extrait seul"},
    "date": "d MMMM y",
    "datetime": "d MMMM y 'à' HH:mm",
    "day": "d MMMM y",
}
