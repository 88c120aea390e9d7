"""Two-column PDFs built with PyMuPDF Story, with the paragraphs they hold in reading order."""

from __future__ import annotations

import html
from pathlib import Path

import pymupdf

A4 = pymupdf.paper_rect("a4")
CSS = "p, h1, h2, h3 {font-family: serif; margin: 0 0 6pt 0;} p {text-align: justify; font-size: 10pt;}"

_SENTENCES = [
    "Le ministre azerbaïdjanais de l'Énergie a confirmé que le futur gazoduc partirait de Bakou",
    "les négociations avec la Géorgie et la Turquie se poursuivent depuis le printemps dernier",
    "Selon plusieurs diplomates, l'influence de la Russie dans le Caucase du Sud reste déterminante",
    "l'Arménie, de son côté, demande des garanties sur la circulation dans le corridor de Latchine",
    "Les observateurs de l'OTAN ont rappelé que la coopération militaire restait limitée à la formation",
    "à Erevan, l'opposition dénonce un accord conclu sans consultation du Parlement",
    "Les prix du pétrole brut ont augmenté de 4 % après l'annonce, selon les analystes de la place de Londres",
    "Une délégation européenne est attendue à Tbilissi la semaine prochaine pour discuter du financement",
]


def paragraphs(count: int, seed: int) -> list[str]:
    """Distinct French paragraphs of three to five sentences."""
    out = []
    for n in range(count):
        k = 3 + (n + seed) % 3
        picked = [_SENTENCES[(n * 3 + seed + i * 5) % len(_SENTENCES)] for i in range(k)]
        body = ". ".join(s[0].upper() + s[1:] for s in picked)
        out.append(f"{body} (§{seed}.{n + 1}).")
    return out


def _draw(device: pymupdf.Device, text_html: str, rect: pymupdf.Rect) -> bool:
    story = pymupdf.Story(html=text_html, user_css=CSS)
    more, _ = story.place(rect)
    story.draw(device)
    return bool(more)


def build(path: Path, title: str, lead: str, body: list[tuple[str, str]], running_head: str,
          gutter: float = 18.0, box: str = "") -> list[str]:
    """Title and lead across the page, then ``body`` ((tag, text) items) flowing through two columns,
    a running head and page number on each page, and optionally a full-width box atop page 2.
    Returns the expected paragraphs (title, lead, each body item) in reading order; the box stands
    between two of them, wherever page 2 starts."""
    margin = 50.0
    width = (A4.width - 2 * margin - gutter) / 2
    story = pymupdf.Story(html="".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in body),
                          user_css=CSS)
    writer = pymupdf.DocumentWriter(str(path))
    more, page = True, 0
    while more:
        page += 1
        device = writer.begin_page(A4)
        top = margin + 20
        if page == 1:
            head = f"<h1>{html.escape(title)}</h1><p><b>{html.escape(lead)}</b></p>"
            head_story = pymupdf.Story(html=head, user_css=CSS)
            _, filled = head_story.place(pymupdf.Rect(margin, top, A4.width - margin, A4.height / 2))
            head_story.draw(device)
            top = filled[3] + 14
        elif page == 2 and box:
            box_story = pymupdf.Story(html=f"<p><i>{html.escape(box)}</i></p>", user_css=CSS)
            _, filled = box_story.place(pymupdf.Rect(margin, top, A4.width - margin, A4.height / 2))
            box_story.draw(device)
            top = filled[3] + 14
        bottom = A4.height - margin - 20
        for left in (margin, margin + width + gutter):
            if more:
                more, _ = story.place(pymupdf.Rect(left, top, left + width, bottom))
                story.draw(device)
        _draw(device, f"<p>{html.escape(running_head)} — {page}</p>",
              pymupdf.Rect(margin, A4.height - margin, A4.width - margin, A4.height - 10))
        writer.end_page()
    writer.close()
    return [title, lead] + [text for _tag, text in body]


def paper(path: Path) -> list[str]:
    """A report: headings inside the columns, three pages."""
    body: list[tuple[str, str]] = []
    for section, texts in enumerate((paragraphs(4, 1), paragraphs(5, 2), paragraphs(4, 3)), start=1):
        body.append(("h2", f"{section}. Partie {section} du rapport"))
        body += [("p", t) for t in texts]
    return build(path, "Énergie et sécurité dans le Caucase du Sud",
                 "Ce rapport examine les projets de gazoducs, la place de la Russie et celle de l'OTAN "
                 "dans une région où les équilibres changent vite.", body, "Rapport Caucase 2024")


def magazine(path: Path) -> list[str]:
    """A news magazine page: chapô across the page, narrow gutter, a full-width box atop page 2."""
    body = [("p", t) for t in paragraphs(9, 4)]
    return build(path, "Bakou, nouveau carrefour du gaz",
                     "Entre Moscou, Ankara et Bruxelles, l'Azerbaïdjan joue sa partition. Reportage.",
                     body, "Le Courrier du Caucase", gutter=10.0,
                     box="Encadré. Le corridor gazier sud relie la mer Caspienne à l'Italie sur 3 500 km.")
