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


def report(name: str, path: Path, expected: list[str]) -> None:
    for label, text in (("MuPDF blocks, sorted", mupdf_order_text(path)),
                        ("column order (reader)", read_pdf_file(path).text)):
        whole, ordered = score(text, expected)
        print(f"| {name:24} | {label:22} | {len(expected):5} | {whole:5} | {ordered:7} |")


def main(argv: list[str]) -> None:
    print("| document                 | reading order          | paras | whole | ordered |")
    print("|--------------------------|------------------------|------:|------:|--------:|")
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
