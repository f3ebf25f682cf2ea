"""French."""

from ._base import Language

FRENCH = Language(
    iso="fr", name="french", stemmer="french",
    abbreviations=frozenset("m mm mme mmes mlle dr pr me st ste av bd env cf p ex vol n no art "
                            "chap fig janv févr avr juil sept oct nov déc".split()),
    months=(("janvier", "janv"), ("février", "févr", "fevrier"), ("mars",), ("avril", "avr"), ("mai",),
            ("juin",), ("juillet", "juil"), ("août", "aout"), ("septembre", "sept"), ("octobre", "oct"),
            ("novembre", "nov"), ("décembre", "déc", "decembre")),
    spaced_quotes=True,
    quote_pairs=(("«", "»"), ("“", "”"), ('"', '"')),
    speech_verbs=tuple((
        "a déclaré, a dit, a affirmé, a ajouté, a estimé, a souligné, a expliqué, a assuré, a "
        "averti, a annoncé, a indiqué, a précisé, a rappelé, a répondu, a insisté, déclare, dit, "
        "affirme, ajoute, estime, souligne, explique, assure, avertit, annonce, indique, précise, "
        "rappelle, répond, insiste, déclarait, disait, affirmait"
    ).split(", ")),
    according_to=("selon", "d'après"),
    pronouns=("il", "elle", "ils", "elles"),
    titles=frozenset("""
        m mme monsieur madame président présidente ministre premier chancelier chancelière porte-parole
        secrétaire général ambassadeur ambassadrice maire directeur directrice chef dr pr
        """.split()),
    not_names=frozenset("""
        le la les un une des du de au aux et ou mais donc car si quand comme ce cette ces il elle ils
        elles nous vous on je tu lundi mardi mercredi jeudi vendredi samedi dimanche selon dans pour
        par sur avec sans après avant depuis pendant aujourd'hui hier demain alors ainsi
        janvier février mars avril mai juin juillet août septembre octobre novembre décembre
        """.split()),
    elisions=r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]",
)
