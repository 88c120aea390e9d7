"""French clean-up of recognised spans: elision, determiners, titles, punctuation and junk."""

from __future__ import annotations

import re

# "l’OTAN", "d'Azerbaïdjan", "qu’Emmanuel": the elided word is never part of the name.
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|presqu)['’]\s*", re.IGNORECASE)
# Lowercase determiners and prepositions a gold annotator leaves out ("la Reina" -> "Reina").
_DETERMINER = re.compile(r"^(?:le|la|les|un|une|des|du|de|au|aux|en|à|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|votre)\s+")
# Titles and functions are not part of a person's name.
_TITLE = re.compile(
    r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Dr|Pr|Me|Mgr|monsieur|madame|mademoiselle|docteur|professeur|maître|sir|lord|"
    r"président|présidente|vice-président|premier\s+ministre|première\s+ministre|ministre|secrétaire\s+général|"
    r"général|générale|colonel|commandant|capitaine|lieutenant|sergent|maréchal|amiral|"
    r"pape|roi|reine|prince|princesse|émir|cheikh|cheik|ayatollah|imam|père|sœur|frère|abbé|cardinal|"
    r"sénateur|sénatrice|député|députée|maire|gouverneur|juge|procureur|chancelier|chancelière|"
    r"candidat|candidate|ambassadeur|ambassadrice|patron|PDG|dirigeant|leader|chef|porte-parole|"
    r"journaliste|acteur|actrice|chanteur|chanteuse|écrivain|auteur|réalisateur|entraîneur|joueur|joueuse)"
    r"\.?\s+(?=\S)",
    re.IGNORECASE,
)
# "ministre de l’Intérieur": the organisation is the Interior, not the minister.
_FUNCTION_OF = re.compile(r"^(?:ministre|ministres|secrétaire|porte-parole|président|présidente|directeur|directrice)\s+"
                          r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+)", re.IGNORECASE)
_TRAIL = re.compile(r"[\s.,;:!?«»\"“”()\[\]/–—-]+$|['’]s$")
_LEAD = re.compile(r"^[\s.,;:!?«»\"“”()\[\]/–—-]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def clean_span(text: str, start: int, end: int, type_: str) -> tuple[int, int] | None:
    """Trim a span of ``text`` to the name itself; None when nothing worth keeping is left."""
    prev = (-1, -1)
    while (start, end) != prev and start < end:
        prev = (start, end)
        piece = text[start:end]
        for pattern in (_LEAD, _ELISION, _DETERMINER):
            m = pattern.match(piece)
            if m and m.end() < len(piece):
                start += m.end()
                piece = text[start:end]
        if type_ != "PER":
            m = _FUNCTION_OF.match(piece)
            if m and m.end() < len(piece):
                start += m.end()
                piece = text[start:end]
        if type_ == "PER":
            m = _TITLE.match(piece)
            if m and m.end() < len(piece):
                start += m.end()
                piece = text[start:end]
        m = _TRAIL.search(piece)
        if m and m.start() > 0:
            end = start + m.start()
    return (start, end) if is_meaningful(text[start:end]) else None


def is_meaningful(surface: str) -> bool:
    """False for junk: lone punctuation or digits, a lone elided word ("s’"), lowercase words."""
    if len(surface) < 2 or not _HAS_LETTER.search(surface):
        return False
    if _ELISION.fullmatch(surface):
        return False
    return not surface[0].islower() or any(c.isupper() for c in surface[1:])
