"""What French news writing tells about a recognised span: titles, institutions, page chrome, compounds."""

from __future__ import annotations

import re

from reader.entities.gazetteer import Gazetteer


def _wordset(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Functions and titles that stand before a name (or alone) but are never part of it. Agreement and
# plural forms are written out so the check stays a dictionary look-up.
TITLE_NOUNS: frozenset[str] = _wordset("""
président présidente présidents vice-président vice-présidente chef cheffe chefs ministre ministres
premier première secrétaire secrétaires sous-secrétaire directeur directrice directeurs porte-parole
ambassadeur ambassadrice ambassadeurs commissaire commissaires gouverneur gouverneure procureur procureure
juge juges maire maires député députée députés sénateur sénatrice sénateurs conseiller conseillère
roi reine prince princesse émir cheikh pape cardinal archevêque évêque patriarche ayatollah imam
général générale colonel commandant capitaine lieutenant amiral maréchal sergent
chancelier chancelière dirigeant dirigeante dirigeants leader patron patronne PDG coordinateur
coordinatrice délégué déléguée représentant représentante envoyé envoyée médiateur haut-représentant
haut-commissaire rapporteur rapporteure candidat candidate fondateur fondatrice vice-premier
""")
# Words that may follow a title inside it: "secrétaire général", "Premier ministre", "chef adjoint".
TITLE_TAIL: frozenset[str] = _wordset("""
général générale généraux adjoint adjointe adjoints délégué déléguée d'état ministre exécutif exécutive
spécial spéciale permanent permanente principal principale suprême honoraire sortant sortante
""")
# Head nouns of institutions: a name that starts with one is an organisation, not a place or person.
ORG_HEADS: frozenset[str] = _wordset("""
académie administration agence alliance armée assemblée association autorité banque brigade bureau
cabinet caisse centre chambre cercle club coalition collectif comité commission compagnie confédération
congrès conseil consortium coopérative corps cour direction école entreprise faculté fédération
fondation force forces front gouvernement groupe groupement haut-commissariat hôpital inspection
institut institution laboratoire ligue lycée mairie ministère mission mouvement observatoire office
orchestre ordre organisation parlement parquet parti police préfecture programme rassemblement
régie réseau sénat service services société stade syndicat tribunal union université
""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
# Page chrome: a sharing bar ("Partager cet article : Courriel, Facebook, ...") names services, not
# news; the bar is its line and the short lines listing the services after it.
_CHROME_LINE = re.compile(r"^[ \t]*(?:Partager|Partagez|Share)\b[^\n]*(?:\n[^\n]{1,30}(?=\n|$))*",
                          re.MULTILINE | re.IGNORECASE)
# "de l'OTAN", "du Kremlin", "des Nations unies": what a title of an organisation holds.
_OF_ORG = re.compile(r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+)(?=\S)", re.IGNORECASE)
# An agency credit glued to the sentence after it ("AFPLa sécurité"): AFP, then a capitalised word.
_GLUED_CREDIT = re.compile(r"(?P<credit>AFP|Reuters|AP|ANP|DPA|ATS|Belga|Xinhua|TASS|APA|Anadolu)(?=[A-ZÉÈ][a-zéèêàâîôûç])")


# Labels of page furniture at a line start ("Source : AFP", "Lire aussi : ..."): the label is no name.
_LABEL = re.compile(r"^[ \t]*(?:Sources?|Crédits?|Photos?|Lire aussi|Voir aussi|À lire aussi|Check Also)(?=\s*:|\s*$)",
                    re.MULTILINE | re.IGNORECASE)
_CAPITAL_DETERMINER = re.compile(r"(?:Le|La|Les|L['’]|Un|Une|Des|Ce|Cet|Cette|Ces|Son|Sa|Ses)\b")


def chrome_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of page chrome (sharing bars, labels) where no entity is wanted."""
    found = [(m.start(), m.end()) for m in _CHROME_LINE.finditer(text)]
    return found + [(m.start(), m.end()) for m in _LABEL.finditer(text)]


def glued_credits(text: str) -> list[tuple[int, int]]:
    """Agency credits glued to the next word ("AFPLa"): (start, end) of the credit alone."""
    return [(m.start(), m.end("credit")) for m in _GLUED_CREDIT.finditer(text)]


def _words(surface: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(surface))


def is_title_word(word: str) -> bool:
    return word.lower() in TITLE_NOUNS or word in ("PDG",)


def title_length(surface: str) -> int:
    """Characters taken by a leading title ("Président azerbaïdjanais", "secrétaire général"), 0 if none.

    A title is a title noun followed by its tail words and by lowercase (or capitalised demonym)
    adjectives; it stops at the first word that may start a name.
    """
    words = _words(surface)
    if not words or not is_title_word(words[0].group()):
        return 0
    end = words[0].end()
    for m in words[1:]:
        word = m.group()
        between = surface[end:m.start()]
        if between.strip():
            break
        lowered = word.lower()
        if lowered in TITLE_TAIL or lowered in TITLE_NOUNS or is_demonym_adjective(word):
            end = m.end()
            continue
        break
    return end


_DEMONYM_ENDINGS = ("ais", "aise", "aises", "ain", "aine", "ains", "aines", "ien", "ienne", "iens", "iennes",
                    "éen", "éenne", "éens", "éennes", "ois", "oise", "oises", "ique", "iques", "an", "ane",
                    "ol", "ole", "ols", "oles", "in", "ine", "e", "es", "ite", "ites")


def is_demonym_adjective(word: str) -> bool:
    """A lowercase adjective of nationality or region ("azerbaïdjanais", "russe", "américaine")."""
    return word.islower() and len(word) > 3 and word.endswith(_DEMONYM_ENDINGS) and "-" not in word


def split_title(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """What is left of a span once a leading title is cut off.

    Returns (start, end, kind) where kind is "name" (the rest is a name: "Président Ilham Aliyev"),
    "org" (the title held an organisation: "Secrétaire général de l'OTAN" -> "OTAN") or "none"
    (nothing but a title: "Président azerbaïdjanais"); None when the span starts with no title.
    """
    surface = text[start:end]
    cut = title_length(surface)
    if not cut:
        return None
    rest = surface[cut:]
    m = _OF_ORG.match(rest)
    if m:
        inner = start + cut + m.end()
        return (inner, end, "org") if inner < end and text[inner].isupper() else (start, start, "none")
    stripped = rest.lstrip(" ,")
    if stripped and stripped[0].isupper():
        return (end - len(stripped), end, "name")
    return (start, start, "none")


# The lowercase adjective that completes a one-word portfolio: "Affaires étrangères", "Éducation nationale".
_PORTFOLIO_TAIL = re.compile(r" [a-zéè]+(?:ères|ales|ale|elles|iques|aires|ieures)\b")
# The noun a French writer puts before an organisation's name to say what it is.
_ORG_CUE = re.compile(
    r"(?:^|\s)(?:la|le|l['’]|du|de\s+la|au|à\s+la|des|les)\s*(?:société|groupe|entreprise|compagnie|firme|"
    r"constructeur|chaîne|journal|quotidien|hebdomadaire|mensuel|magazine|agence|banque|club|parti|syndicat|"
    r"association|ONG|opérateur|fabricant|laboratoire|cabinet|assureur|géant|multinationale|fondation)"
    r"(?:\s+(?!(?:de|du|des|la|le|les|et|en|à)\b)[a-zéèêàç-]+){0,2}\s+$", re.IGNORECASE)
_HYPHEN_AFTER = re.compile(r"-[A-ZÉÈ][\w]*(?:-[A-ZÉÈ][\w]*)*")
_HYPHEN_BEFORE = re.compile(r"(?:[A-ZÉÈ][\w]*-)+$")


def whole_compound(text: str, start: int, end: int) -> tuple[int, int]:
    """A span cut inside a hyphenated name grows to the whole name ("Caucase" -> "Caucase-Sud")."""
    m = _HYPHEN_AFTER.match(text, end)
    if m:
        end = m.end()
    m = _HYPHEN_BEFORE.search(text, max(0, start - 40), start)
    if m and (m.start() == 0 or not text[m.start() - 1].isalnum()):
        start = m.start()
    return start, end


def is_org_name(surface: str) -> bool:
    """A name headed by an institution noun ("Cour suprême", "université d'Osaka", "Parti socialiste")."""
    words = _words(surface)
    return bool(words) and words[0].group().lower() in ORG_HEADS and len(surface) > len(words[0].group())


def is_acronym(surface: str) -> bool:
    return bool(_ACRONYM.fullmatch(surface))


def lexicon_type(gazetteer: Gazetteer, surface: str) -> str | None:
    entry = gazetteer.lookup(surface)
    return entry.type if entry else None


def refine(text: str, start: int, end: int, type_: str, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """The recogniser's cleaned span after French rules: none or one (start, end, type) span."""
    line_end = text.find("\n", start, end)
    if line_end > start:
        end = line_end  # a name never runs over a line break ("Check Also\n\nLa mobilisation")
        while end > start and text[end - 1] in " \t":
            end -= 1
    start, end = whole_compound(text, start, end)
    surface = text[start:end]
    known = lexicon_type(gazetteer, surface)
    if known is not None:
        return [(start, end, type_)]
    determiner = _CAPITAL_DETERMINER.match(surface)
    if determiner and not any(c.isupper() for c in surface[1:]):
        return []  # "Le nombre de tranchées": a sentence, not a name
    if determiner:
        rest = start + determiner.end() + len(surface[determiner.end():]) - len(surface[determiner.end():].lstrip())
        if lexicon_type(gazetteer, text[rest:end]) is not None:
            return [(rest, end, type_)]  # "La France a gagné": the sentence's article is not the name's
    for credit_start, credit_end in glued_credits(surface):
        if credit_start == 0:
            return [(start, start + credit_end, "ORG")]  # "AFPLa sécurité": the credit, not a place
    split = split_title(text, start, end)
    if split is not None:
        new_start, new_end, kind = split
        if kind == "none":
            return []
        if kind == "org":
            inner = text[new_start:new_end]
            return [(new_start, new_end, lexicon_type(gazetteer, inner) or "ORG")]
        start, end = new_start, new_end
        surface = text[start:end]
        known = lexicon_type(gazetteer, surface)
        if known is not None:
            return [(start, end, type_)]
    if type_ == "ORG" and " " not in surface:
        m = _PORTFOLIO_TAIL.match(text, end)
        if m:  # "ministre des Affaires étrangères" cut after "Affaires" by the model
            return [(start, m.end(), type_)]
    if type_ in ("LOC", "MISC") and _ORG_CUE.search(text, max(0, start - 40), start):
        return [(start, end, "ORG")]  # "la société Disney", "le quotidien Libération": what it is, said before
    if type_ in ("LOC", "PER") and (is_org_name(surface) or is_acronym(surface)):
        return [(start, end, "ORG")]
    return [(start, end, type_)]
