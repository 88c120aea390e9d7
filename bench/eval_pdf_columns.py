"""Reading order of two-column PDFs: paragraphs found whole and in order, before and after column ordering.

Usage: python bench/eval_pdf_columns.py [PDF...]   (default: the built two-column PDFs and the eval set)
"""

from __future__ import annotations

import sys
import tempfile
from bisect import bisect_left
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from bench import columns  # noqa: E402
from reader.importing.common import clean_text  # noqa: E402
from reader.importing.pdf import read_pdf_file  # noqa: E402
from reader.importing.pdflayout import pages_to_text  # noqa: E402
from reader.importing.pdforder import Line  # noqa: E402

EVAL = Path("/work/shared/eval/pdf-columns/i1040nr.pdf")
# Sentences of i1040nr.pdf that run over several lines of one column (read off the rendered pages):
# each is found whole only when that column's lines are read in order, without the neighbour's.
I1040NR_SNIPPETS = [  # page 3, in reading order: column 1, column 2, column 3
    "a. You have no income from a trade or business conducted in the United States,",
    "sources that is reportable on lines 76a through 85, and",
    "Exception for children under age 18. If your child was under age 18 at the end of 2007,",
    "personal representative can be an executor, administrator, or anyone who is in charge of the "
    "deceased person’s property.",
    "Information Return of Foreign Trust With a U.S. Owner, on or before March 17, 2008.",
    "Simplified Procedure for Claiming Certain Refunds",
    "You can use this procedure only if you meet all of the following conditions for the tax year",
    "Example. John is a nonresident alien individual. The only U.S. source income he received during "
    "the year was dividend income from U.S. stocks.",
    "payments, the withholding agent incorrectly withheld at a rate of 30% (instead of 15%). John is "
    "eligible to use the simplified procedure.",
    "received from dividends, interest, royalties, pensions, annuities, and other income.",
]


def mupdf_order_text(path: Path) -> str:
    """The text as imported before column ordering: MuPDF's blocks, sorted top-left to bottom-right."""
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    pages = []
    with pymupdf.open(path) as doc:
        for page in doc:
            blocks = []
            for block in page.get_text("dict", flags=flags, sort=True)["blocks"]:
                lines = [Line("".join(s["text"] for s in line["spans"]), *line["bbox"])
                         for line in block.get("lines", ())]
                lines = [line for line in lines if line.text.strip()]
                if lines:
                    blocks.append(lines)
            pages.append(blocks)
    return clean_text(pages_to_text(pages))


def _flat(text: str) -> str:
    return " ".join(text.split())


def score(text: str, expected: list[str]) -> tuple[int, int]:
    """(paragraphs found whole, of those the longest run in the right order)."""
    flat = _flat(text)
    positions = [flat.find(_flat(p)) for p in expected]
    found = [p for p in positions if p >= 0]
    tails: list[int] = []  # longest increasing subsequence
    for p in found:
        i = bisect_left(tails, p)
        tails[i : i + 1] = [p]
    return len(found), len(tails)


def column_neighbours(path: Path) -> list[str]:
    """For every line, with the line printed right under it in the same column (same left edge, no gap
    of more than half a line, nothing in between): the end of the one and the start of the other.
    Found together in the text only when that column is read line after line: taken from geometry
    alone, independent of the ordering being measured."""
    from reader.importing.pdfworker import page_lines

    pairs = []
    with pymupdf.open(path) as doc:
        for page in doc:
            lines = sorted(page_lines(page), key=lambda line: (line.y0, line.x0))
            for i, upper in enumerate(lines):
                height = upper.y1 - upper.y0
                below = [low for low in lines[i + 1 :] if abs(low.x0 - upper.x0) < 2
                         and -0.5 * height <= low.y0 - upper.y1 < 0.5 * height and low.y0 > upper.y0 + 0.5 * height
                         and low.x1 > upper.x0]
                if len(below) != 1:
                    continue
                lower = below[0]
                between = [o for o in lines if o is not upper and o is not lower and o.y0 >= upper.y0
                           and o.y1 <= lower.y1 and min(o.x1, upper.x1) > max(o.x0, upper.x0)]
                tail, head = upper.text.split()[-2:], lower.text.split()[:2]
                if between or not _prose(upper.text) or not _prose(lower.text) or tail[-1].endswith("-"):
                    continue  # hyphenated ends are joined differently; skip rather than guess
                pairs.append(" ".join(tail + head))
    return pairs


def _prose(text: str) -> bool:
    """A line of running text (tables of figures are read row by row, rightly)."""
    words = text.split()
    return len(words) >= 3 and sum(c.isalpha() for c in text) > 0.6 * len(text.replace(" ", ""))


def neighbours_kept(text: str, pairs: list[str]) -> int:
    flat = _flat(text)
    return sum(1 for pair in pairs if pair in flat)


def report(name: str, path: Path, expected: list[str]) -> None:
    pairs = column_neighbours(path)
    for label, text in (("MuPDF blocks, sorted", mupdf_order_text(path)),
                        ("column order (reader)", read_pdf_file(path).text)):
        whole, ordered = score(text, expected)
        kept = neighbours_kept(text, pairs)
        print(f"| {name:24} | {label:22} | {len(expected):5} | {whole:5} | {ordered:7} | "
              f"{kept:5} of {len(pairs):5} ({kept / max(1, len(pairs)):4.0%}) |")


def main(argv: list[str]) -> None:
    print("paras: expected paragraphs (built PDFs) or hand-read sentences (i1040nr.pdf, page 3); whole: found")
    print("unbroken; ordered: longest run in the right order; column neighbours: pairs of lines one under")
    print("the other in one column (from geometry alone) whose words follow each other in the text\n")
    print("| document                 | reading order          | paras | whole | ordered | column neighbours    |")
    print("|--------------------------|------------------------|------:|------:|--------:|---------------------:|")
    with tempfile.TemporaryDirectory() as folder:
        for build in (columns.paper, columns.magazine):
            path = Path(folder, f"{build.__name__}.pdf")
            report(f"{build.__name__}.pdf (built)", path, build(path))
    if EVAL.exists():
        report(EVAL.name + " (snippets)", EVAL, I1040NR_SNIPPETS)
    for given in argv:
        print(read_pdf_file(Path(given)).text)


if __name__ == "__main__":
    main(sys.argv[1:])
