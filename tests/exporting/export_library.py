"""A small annotated library (real Store on disk): two French articles, notes in every colour, links."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.anchoring import describe
from reader.domain import Annotation, Article, Link, LinkEnd
from reader.entities.model import EntitySpan
from reader.importing.common import content_hash
from reader.store import Store

BAKOU = (
    "Jens Stoltenberg est arrivé à Bakou le 17 mars, première étape d’une tournée de trois jours dans le "
    "Caucase-Sud. Il a salué « la longue coopération » entre l’OTAN et l’Azerbaïdjan.\n\n"
    "Depuis que l’Azerbaïdjan a rejoint le « Partenariat pour la Paix », en 1994, le pays a participé à de "
    "nombreuses opérations de l’OTAN, notamment en Afghanistan et au Kosovo. Le cœur du sujet reste la paix "
    "avec Erevan : une œuvre de longue haleine, a-t-il rappelé.\n\n"
    "Le Secrétaire général se rendra ensuite en Géorgie et bouclera sa tournée par Erevan. <script>alert(1)"
    "</script> & *pas d’emphase* ici."
)

MOSCOU = (
    "À Moscou, la visite de Jens Stoltenberg dans le Caucase a été suivie de près. Le Kremlin y voit une "
    "tentative de l’OTAN d’étendre son influence dans une région où la Russie garde des troupes.\n\n"
    "« Nous n’accepterons pas » de nouvelles bases, a déclaré un porte-parole, cité par l’agence officielle. "
    "Le sœur projet de corridor reste pourtant sur la table.\n\n"
    + "\n\n".join(
        f"Paragraphe {n} : les négociateurs ont repris l’examen du texte, article par article, sans avancée "
        "décisive ni rupture ; chacun attend désormais la prochaine rencontre prévue à Genève, où les "
        "délégations doivent comparer leurs cartes et leurs calendriers." for n in range(1, 23))
)


@dataclass
class Library:
    store: Store
    bakou: int
    moscou: int
    notes: dict[str, int]  # name -> annotation id
    links: dict[str, int]

    def ann(self, name: str) -> Annotation:
        return self.store.annotations.get(self.notes[name])


def _annotate(store: Store, article_id: int, quote: str, color: str, note: str = "",
              tags: tuple[str, ...] = (), occurrence: int = 0) -> int:
    text = store.articles.get(article_id).text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    anchor = describe(text, start, start + len(quote))
    new_id, _ = store.annotations.add(Annotation(article_id, anchor, color=color, note=note, tags=tags,
                                                start=anchor.start, end=anchor.end))
    return new_id


def _mentions(store: Store, article_id: int, names: list[tuple[str, str, str]]) -> None:
    text = store.articles.get(article_id).text
    spans = []
    for surface, type_, canonical in names:
        start = text.find(surface)
        while start != -1:
            value = "2024-03-17" if type_ == "DATE" else ""
            spans.append(EntitySpan(start, start + len(surface), type_, surface, canonical, value))
            start = text.find(surface, start + 1)
    store.entities.set_mentions(article_id, sorted(spans, key=lambda s: s.start))


def add_articles(store: Store) -> tuple[int, int]:
    bakou, _ = store.articles.add(Article(
        title="Jens Stoltenberg à Bakou : l’OTAN et l’Azerbaïdjan", text=BAKOU, source="L-Post",
        author="Sébastien Boussois", published="2024-03-19", url="https://example.org/stoltenberg-bakou",
        content_hash=content_hash(BAKOU)))
    moscou, _ = store.articles.add(Article(
        title="Moscou « suit de près » la tournée de l’OTAN", text=MOSCOU, source="Le Courrier",
        published="2024-03-20", content_hash=content_hash(MOSCOU)))
    return bakou, moscou


def build_library(path: Path) -> Library:
    store = Store(path)
    bakou, moscou = add_articles(store)
    _mentions(store, bakou, [("Jens Stoltenberg", "PER", "Jens Stoltenberg"), ("Bakou", "LOC", "Bakou"),
                             ("OTAN", "ORG", "OTAN"), ("17 mars", "DATE", "17 mars"), ("Erevan", "LOC", "Erevan")])
    _mentions(store, moscou, [("Jens Stoltenberg", "PER", "Jens Stoltenberg"), ("Moscou", "LOC", "Moscou"),
                              ("OTAN", "ORG", "OTAN"), ("Kremlin", "ORG", "Kremlin")])
    notes = {
        "cooperation": _annotate(store, bakou, "« la longue coopération »", "yellow",
                                 "Formule **diplomatique** classique : voir l’*œuvre* de 1994.", ("otan", "diplomatie")),
        "partenariat": _annotate(store, bakou, "rejoint le « Partenariat pour la Paix », en 1994", "green",
                                 "Date clé — à vérifier dans les archives de l’OTAN.", ("otan", "chronologie")),
        "coeur": _annotate(store, bakou, "Le cœur du sujet reste la paix\navec Erevan".replace("\n", " "), "red",
                           "", ("paix",)),
        "script": _annotate(store, bakou, "<script>alert(1)</script> & *pas d’emphase*", "purple",
                            "<b>pas du HTML</b> [lien](javascript:alert(1))"),
        "kremlin": _annotate(store, moscou, "Le Kremlin y voit une tentative de l’OTAN", "blue",
                             "Lecture **russe** de la tournée.\n\n- point 1\n- point 2", ("otan", "russie")),
        "bases": _annotate(store, moscou, "« Nous n’accepterons pas » de nouvelles bases", "purple",
                           "Citation anonyme.", ("russie",)),
        # A passage that runs over a line and, in the annotated PDF, over a page break.
        # A passage over several paragraphs: in the annotated PDF it runs over a page break.
        "geneve": _annotate(store, moscou, MOSCOU[MOSCOU.index("Paragraphe 8 :"):MOSCOU.index("Paragraphe 12 :") + 32],
                            "yellow", "Passage long, sur plusieurs lignes.", ("genève",)),
    }
    links = {}
    ann = store.annotations.get
    links["cooperation-kremlin"], _ = store.links.add(Link(
        LinkEnd(bakou, notes["cooperation"]), LinkEnd(moscou, notes["kremlin"]), label="contredit",
        note="Deux lectures opposées."))
    links["partenariat-coeur"], _ = store.links.add(Link(
        LinkEnd(bakou, notes["partenariat"]), LinkEnd(bakou, notes["coeur"]), label="explique"))
    moscou_text = store.articles.get(moscou).text
    start = moscou_text.index("la Russie garde des troupes")
    passage = describe(moscou_text, start, start + len("la Russie garde des troupes"))
    links["bases-passage"], _ = store.links.add(Link(LinkEnd(moscou, notes["bases"]), LinkEnd(moscou, None, passage),
                                                     label="voir aussi"))
    links["article"], _ = store.links.add(Link(LinkEnd(bakou, None), LinkEnd(moscou, None), label="suite"))
    assert ann(notes["coeur"]).anchor.exact.startswith("Le cœur")
    return Library(store, bakou, moscou, notes, links)
