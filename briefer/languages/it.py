"""Italian."""

from ._base import Language

ITALIAN = Language(
    iso="it", name="italian", stemmer="italian",
    abbreviations=frozenset("sig sigg dott dr prof avv ing on sen art pag n cfr gen geom es cap col ten brig serg app comm cav "
                            "mons rag arch "
                            "gen genn feb febbr mar apr mag magg giu lug ago ag set sett ott nov dic".split()),
    months=(("gennaio",), ("febbraio",), ("marzo",), ("aprile",), ("maggio",), ("giugno",), ("luglio",),
            ("agosto",), ("settembre",), ("ottobre",), ("novembre",), ("dicembre",)),
    quote_pairs=(("«", "»"), ("“", "”"), ('"', '"')),
    speech_verbs=tuple((
        "ha detto, ha dichiarato, ha affermato, ha aggiunto, ha spiegato, ha sottolineato, ha "
        "avvertito, ha annunciato, dice, afferma, dichiara, aggiunge, spiega, sottolinea, avverte"
    ).split(", ")),
    according_to=("secondo",),
    pronouns=("lui", "lei"),
    titles=frozenset("sig signor signora presidente ministro ministra premier cancelliere portavoce "
                     "segretario ambasciatore sindaco direttore direttrice capo dott dr prof".split()),
    not_names=frozenset("il lo la i gli le un uno una e o ma se quando come questo questa in di del della "
                        "al alla per con senza dopo secondo lunedì martedì mercoledì giovedì venerdì sabato "
                        "domenica gennaio febbraio marzo aprile maggio giugno luglio agosto settembre "
                        "ottobre novembre dicembre".split()),
    elisions=r"^(?:[ld]|un|dell|dall|nell|sull|all|coll|quest|quell)['’]",
)
