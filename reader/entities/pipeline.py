"""The entity pipeline: spaCy NER (loaded lazily, NER only) followed by French clean-up and linking."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.entities.canonical import annotate
from reader.entities.gazetteer import GAZETTEER_FILE, Gazetteer
from reader.entities.model import EntitySpan
from reader.entities.morphology import MORPHOLOGY_COMPONENTS, verb_offsets
from reader.paths import resources_dir

if TYPE_CHECKING:
    from spacy.language import Language

# NER in fr_core_news_md carries its own tok2vec, so nothing else is needed to find entities.
# The parser does change them, though: NER never crosses the parser's sentence boundaries, and those
# cut names such as "Papouasie-Nouvelle-Guinée" in two; without it the entities are better.
# tok2vec and morphologizer are loaded but disabled: they run only on a few words (see morphology).
EXCLUDED_COMPONENTS: tuple[str, ...] = ("parser", "attribute_ruler", "lemmatizer")
DEFAULT_MODEL = "fr_core_news_md"


def load_ner(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline reduced to what named-entity recognition needs."""
    import spacy

    nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS), disable=list(MORPHOLOGY_COMPONENTS))
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def default_gazetteer_path() -> Path:
    return resources_dir() / GAZETTEER_FILE


class EntityPipeline:
    """Finds PER, ORG, LOC, DATE and MISC mentions in French text, each linked to a canonical name.

    The model is loaded on first use; one instance may be used from one background thread.
    """

    def __init__(self, gazetteer_path: Path | None = None, model: str = DEFAULT_MODEL) -> None:
        self._gazetteer_path = gazetteer_path if gazetteer_path is not None else default_gazetteer_path()
        self._model = model
        self._nlp: Language | None = None
        self._gazetteer: Gazetteer | None = None
        self._lock = threading.Lock()

    @property
    def gazetteer(self) -> Gazetteer:
        with self._lock:
            if self._gazetteer is None:
                self._gazetteer = Gazetteer.load(self._gazetteer_path)
            return self._gazetteer

    @property
    def nlp(self) -> Language:
        with self._lock:
            if self._nlp is None:
                self._nlp = load_ner(self._model)
            return self._nlp

    def analyze(self, text: str, published: str = "") -> list[EntitySpan]:
        """Mentions in ``text``, sorted and non-overlapping; year-less dates take their year from ``published``."""
        return next(self.analyze_many([(text, published)]))

    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32) -> Iterator[list[EntitySpan]]:
        """analyze() over (text, published) pairs, batched through the model; results in input order."""
        nlp = self.nlp
        batch: list[tuple[str, str, list[tuple[int, int, str]]]] = []
        for doc, published in nlp.pipe(iter(items), as_tuples=True, batch_size=batch_size):
            batch.append((doc.text, published, [(e.start_char, e.end_char, e.label_) for e in doc.ents]))
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        yield from self._annotate(batch)

    def _annotate(self, batch: list[tuple[str, str, list[tuple[int, int, str]]]]) -> Iterator[list[EntitySpan]]:
        verbs = verb_offsets(self.nlp, [text for text, _, _ in batch], [ents for _, _, ents in batch])
        for (text, published, ents), words in zip(batch, verbs, strict=True):
            yield annotate(text, ents, published, self.gazetteer, words)
