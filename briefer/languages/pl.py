"""Polish."""

from ._base import Language

POLISH = Language(
    iso="pl", name="polish", stemmer="polish",
    abbreviations=frozenset("""
        np ok tzw tj in inż dr prof hab mgr gen płk mjr kpt ks pt św ul al pl os nr godz ds mec art
        wg ww m.in m in ur zm im woj pow gm sp tzn jw pn ust poz lit str tel rys tab
        szer kpr plut sierż chor ppor por ppłk asp kom podkom nadkom insp podinsp nadinsp mł st szt
        """.split()),  # PWN's list; not mln, tys., zł, proc., itd., itp.: they end sentences before a capital
    # Ordinals take a period ("3. miejsce"), but the word after them is lowercase (months too:
    # "3 marca"), so before a capital a number with a period ends a sentence ("była 5. To jej").
    letter_abbreviations=True,
    months=(("stycznia", "styczeń", "styczniu"), ("lutego", "luty", "lutym"), ("marca", "marzec", "marcu"),
            ("kwietnia", "kwiecień", "kwietniu"), ("maja", "maj", "maju"), ("czerwca", "czerwiec", "czerwcu"),
            ("lipca", "lipiec", "lipcu"), ("sierpnia", "sierpień", "sierpniu"),
            ("września", "wrzesień", "wrześniu"), ("października", "październik", "październiku"),
            ("listopada", "listopad", "listopadzie"), ("grudnia", "grudzień", "grudniu")),
    quote_pairs=(("„", "”"), ("«", "»"), ("»", "«"), ('"', '"')),
    speech_verbs=tuple("""
        powiedział powiedziała mówił mówiła mówi oświadczył oświadczyła stwierdził stwierdziła dodał
        dodała podkreślił podkreśliła zapowiedział zapowiedziała ostrzegł ostrzegła zapewnił zapewniła
        poinformował poinformowała przekazał przekazała napisał napisała zaznaczył zaznaczyła
        """.split()),
    according_to=("według", "zdaniem"),
    pronouns=("on", "ona"),
    titles=frozenset("""
        pan pani prezydent premier minister ministra szef szefowa rzecznik rzeczniczka ambasador
        sekretarz kanclerz burmistrz prezes dyrektor gen dr prof marszałek wicepremier
        """.split()),
    not_names=frozenset("""
        w we z ze na do od po przed za i a ale lub oraz że gdy jak to ten ta te tego ci on ona oni my
        poniedziałek wtorek środa czwartek piątek sobota niedziela według jednak także również
        """.split()),
)
