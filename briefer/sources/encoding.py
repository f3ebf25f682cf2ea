"""Telling the encoding of bytes that do not say: files, and feeds and pages whose headers say nothing.

The order: a byte-order mark (UTF-8, UTF-16, UTF-32), then UTF-8 when the bytes are valid UTF-8,
then detection (charset-normalizer) among the encodings news is actually published in. Left to
itself the detector offers rare DOS code pages (cp775 for "Café", Shift-JIS for KOI8-R) and never
windows-1252; limiting it to the common encodings, and letting windows-1252 win where it reads at
least as cleanly as the Latin code page the detector chose, decodes each of them right.
"""

from __future__ import annotations

import codecs

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
COMMON_ENCODINGS = ("cp1252", "cp1250", "cp1251", "koi8_r", "koi8_u", "cp1253", "cp1254", "cp1255", "cp1256",
                    "cp1257", "iso8859_15", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr")
"""What detection chooses among (GB2312 and GBK text is read as their superset GB18030)."""
_LATIN = frozenset({"cp1250", "cp1257", "iso8859_15", "latin_1", "iso8859_2"})
_SAMPLE = 200_000  # detection reads this much; enough to tell, cheap on a 10 MB file


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `data` names, or None."""
    for bom, name in _BOMS:  # UTF-32 LE first: its mark starts with UTF-16 LE's
        if data.startswith(bom):
            return name
    return None


def detect_encoding(data: bytes) -> str | None:
    """The encoding of `data` (BOM, UTF-8, else detected among COMMON_ENCODINGS); None when it is not text."""
    marked = bom_encoding(data)
    if marked:
        return marked
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Imported here: most files and feeds are UTF-8, and `briefer summarize FILE` starts faster without it.
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data[:_SAMPLE], cp_isolation=list(COMMON_ENCODINGS)).best()
    if best is None:
        return None
    if best.encoding in _LATIN:
        # windows-1252 is what the web means by "latin-1"; the detector never offers it.
        try:
            western = data[:_SAMPLE].decode("cp1252")
        except UnicodeDecodeError:
            return best.encoding
        if mess_ratio(western) <= best.chaos + 0.01:
            return "cp1252"
    return best.encoding
