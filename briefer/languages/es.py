"""Spanish."""

from ._base import Language

SPANISH = Language(
    iso="es", name="spanish", stemmer="spanish",
    # From the RAE's list of abbreviations (not etc.: it may end a sentence).
    abbreviations=frozenset("sr sra srta sres sras dr dra dres ud uds vd vds pág págs núm núms no art av avda "
                            "gral lic ing ej aprox tel admón dpto cía excmo excma ilmo ilma prof profa dña sto sta mons fdo rvdo pdte "
                            "ene feb mar abr jun jul ago sept oct nov dic".split()),
    months=(("enero",), ("febrero",), ("marzo",), ("abril",), ("mayo",), ("junio",), ("julio",),
            ("agosto",), ("septiembre", "setiembre"), ("octubre",), ("noviembre",), ("diciembre",)),
    quote_pairs=(("«", "»"), ("“", "”"), ('"', '"')),
    speech_verbs=tuple("dijo afirmó declaró señaló añadió explicó aseguró advirtió subrayó indicó "
                       "anunció insistió dice afirma declara señala añade explica asegura".split()),
    according_to=("según",),
    pronouns=("él", "ella"),
    titles=frozenset("sr sra señor señora presidente presidenta ministro ministra canciller portavoz "
                     "secretario secretaria embajador alcalde alcaldesa director directora jefe dr".split()),
    not_names=frozenset("el la los las un una y o pero si cuando como este esta estos en de del al por "
                        "para con sin tras según lunes martes miércoles jueves viernes sábado domingo "
                        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
                        "diciembre".split()),
)
