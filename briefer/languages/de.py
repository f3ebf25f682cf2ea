"""German."""

from ._base import Language

GERMAN = Language(
    iso="de", name="german", stemmer="german",
    abbreviations=frozenset("""
        z b bzw ca dr prof nr mio mrd tsd vgl evtl ggf inkl str abs art st hr fr jh jhd gegr
        geb gest min max sog u a o ä d h s mind bspw zzgl abzgl dt engl franz
        dipl ing med rer nat phil jur habil bes zw gem insb bzgl ggü lt einschl exkl ehem urspr allg näml
        """.split()),  # not usw., etc., uvm.: they close a list and may end a sentence
    abbreviation_suffixes=("str",),  # "Bahnhofstr. 12" (-straße)
    ordinal_dates=True,
    months=(("januar", "jan", "jänner"), ("februar", "feb"), ("märz", "mär"), ("april", "apr"), ("mai",),
            ("juni", "jun"), ("juli", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("oktober", "okt"), ("november", "nov"), ("dezember", "dez")),
    quote_pairs=(("„", "“"), ("»", "«"), ("“", "”"), ('"', '"')),
    speech_verbs=tuple("""
        sagte sagt sagten erklärte erklärt betonte betont warnte warnt meinte meint fügte
        schrieb schreibt kündigte teilte bekräftigte sprach fragte forderte versicherte
        """.split()),
    according_to=("laut", "nach Angaben von", "zufolge"),
    pronouns=("er", "sie"),
    titles=frozenset("""
        herr frau dr prof präsident präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin minister
        ministerin außenminister außenministerin verteidigungsminister staatschef regierungschef sprecher
        sprecherin chef chefin botschafter generalsekretär bürgermeister bürgermeisterin
        """.split()),
    not_names=frozenset("""
        der die das ein eine einer eines dem den des im am in an auf aus bei mit nach von vor zu zum zur
        und oder aber doch denn wenn als wie so auch noch schon nun dann dort hier heute gestern morgen
        er sie es wir ihr man ich du dies diese dieser dieses jene jener welche was wer wo warum wie
        montag dienstag mittwoch donnerstag freitag samstag sonntag
        januar februar märz april mai juni juli august september oktober november dezember
        deutsche deutschen russische russischen chinesische chinesischen ukrainische ukrainischen
        europäische europäischen amerikanische amerikanischen
        """.split()),
    nouns_capitalised=True,
)
