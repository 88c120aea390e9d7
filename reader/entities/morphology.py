"""The model's own morphology, run only on the few words where capitals say nothing: sentence starts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Components that read part of speech; loaded with the model but kept out of the NER pass.
MORPHOLOGY_COMPONENTS: tuple[str, ...] = ("tok2vec", "morphologizer")
# A word stands where any word is capitalised: text start, after a line break, an end of sentence,
# an opening quote or a colon.
_OPENING = re.compile(r"(?:^|[\n.!?…:«\"“]|\s[–—-])\s*$")
_WINDOW_WORDS = 6  # context the tagger sees after the word: enough to tell "Loué soit" from "Loué, 40 ans"
_NOT_NAMES = frozenset({"VERB", "AUX"})
_COMMON = frozenset({"NOUN", "ADJ", "ADV", "ADP", "DET", "PRON", "SCONJ", "CCONJ"})


def sentence_initial(text: str, start: int) -> bool:
    return bool(_OPENING.search(text, max(0, start - 6), start)) or start == 0


def _window(text: str, start: int) -> str:
    end = start
    for _ in range(_WINDOW_WORDS):
        nxt = text.find(" ", end + 1)
        line = text.find("\n", end + 1)
        if line != -1 and (nxt == -1 or line < nxt):
            return text[start:line]
        if nxt == -1:
            return text[start:]
        end = nxt
    return text[start:end]


def _capitalised_elsewhere(text: str, word: str, start: int) -> bool:
    """Whether ``word`` also appears capitalised inside a sentence: evidence that it is a name."""
    for m in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text):
        if m.start() != start and not sentence_initial(text, m.start()):
            return True
    return False


_FIRST_WORD = re.compile(r"[^\W\d_][\w-]*")


def candidates(text: str, ents: Iterable[tuple[int, int, str]]) -> list[int]:
    """Starts of recognised spans at a sentence start whose first word must be checked.

    A word the article also writes capitalised inside a sentence, or in capitals, is a name already.
    """
    found = []
    for start, _end, _label in ents:
        m = _FIRST_WORD.match(text, start)
        if m is None or not m.group()[0].isupper() or m.group().isupper() or not sentence_initial(text, start):
            continue
        if not _capitalised_elsewhere(text, m.group(), start):
            found.append(start)
    return found


def verb_offsets(nlp: Language, texts: Sequence[str], ents: Sequence[Sequence[tuple[int, int, str]]]) -> list[frozenset[int]]:
    """For each text, the offsets of sentence-initial candidates that the model reads as no name.

    A verb or auxiliary ("Ont", "Loué", "Renforcer") is never a name; a common word ("Politique",
    "Source") is none either unless the article also writes it capitalised inside a sentence.
    """
    jobs: list[tuple[int, int, str]] = []
    for index, (text, found) in enumerate(zip(texts, ents, strict=True)):
        for start in candidates(text, found):
            jobs.append((index, start, _window(text, start)))
    result: list[set[int]] = [set() for _ in texts]
    if not jobs:
        return [frozenset()] * len(texts)
    docs = [nlp.make_doc(window) for _, _, window in jobs]
    for name in MORPHOLOGY_COMPONENTS:
        component = nlp.get_pipe(name)
        batched = getattr(component, "pipe", None)  # trainable components tag a batch at once
        docs = list(batched(docs)) if batched is not None else [component(doc) for doc in docs]
    for (index, start, _window_text), doc in zip(jobs, docs, strict=True):
        if not len(doc):
            continue
        first = doc[0]
        end = _first_word_end(doc)
        one_word = any(e[0] == start and e[1] <= start + end for e in ents[index])
        if first.pos_ in _NOT_NAMES or (one_word and first.pos_ in _COMMON):
            result[index].add(start)
    return [frozenset(s) for s in result]


def _first_word_end(doc: Doc) -> int:
    return int(doc[0].idx + len(doc[0].text))
