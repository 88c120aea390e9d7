"""The entity pipeline: spaCy NER (loaded lazily, NER only) followed by French clean-up and linking."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.entities.canonical import annotate
from reader.entities.chunks import merge, split_items
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
TRAINED_NER = "ner"  # folder of resources/ with the fine-tuned NER weights (make train-ner)
TRAINED_NER_ENV = "READER_NER"
# Raise it when the clean-up, linking or chunking rules change what is found: articles recognised under
# another version are then out of date and recognised again.
RULES_VERSION = 3

BATCH_CHARS = 400_000
Progress = Callable[[int, int], None]  # characters done, characters in all


@cache
def _model_version(model: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(model)
    except metadata.PackageNotFoundError:
        return "not installed"


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "none"


@cache
def _trained_digest(path: Path) -> str:
    return _digest(path / "model")


def trained_ner_path(model: str = DEFAULT_MODEL) -> Path | None:
    """The NER component fine-tuned on French news (scripts/train_ner.py) for ``model``, when the build has it.

    READER_NER names another one (a folder written by the training script), or "none" for the model's own.
    """
    override = os.environ.get(TRAINED_NER_ENV, "")
    if model != DEFAULT_MODEL or override.lower() == "none":
        return None
    path = Path(override) if override else resources_dir() / TRAINED_NER
    return path if (path / "model").is_file() else None


def pipeline_version(model: str = DEFAULT_MODEL, gazetteer_path: Path | None = None) -> str:
    """What an article's entities were found with: model and version, trained NER, gazetteer, rules version.

    Read without loading spaCy (the window asks on its GUI thread).
    """
    path = gazetteer_path if gazetteer_path is not None else default_gazetteer_path()
    trained = trained_ner_path(model)
    ner = f"; ner {_trained_digest(trained)}" if trained is not None else ""
    return f"{model} {_model_version(model)}{ner}; gazetteer {_digest(path)}; rules {RULES_VERSION}"


def load_ner(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline reduced to what named-entity recognition needs.

    With fr_core_news_md, the NER weights are those fine-tuned on French news when the build has them:
    same architecture and labels, so the same speed, with the model's own static vectors.
    """
    import spacy

    # no max_length to raise: texts reach the model in pieces of at most chunks.CHUNK_CHARS characters
    nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS), disable=list(MORPHOLOGY_COMPONENTS))
    trained = trained_ner_path(model)
    if trained is not None:
        nlp.get_pipe("ner").from_disk(trained, exclude=["vocab"])  # type: ignore[attr-defined]
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
    def version(self) -> str:
        return pipeline_version(self._model, self._gazetteer_path)

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

    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32,
                     progress: Progress | None = None) -> Iterator[list[EntitySpan]]:
        """analyze() over (text, published) pairs, batched through the model; results in input order.

        A long text is recognised piece by piece (see chunks.py), its offsets still into the whole text;
        ``progress`` hears how many characters are done after each batch of pieces.
        """
        items = list(items)
        pieces, owners = split_items(items)
        return merge(self._analyze_pieces(pieces, batch_size, progress), owners, len(items))

    def _analyze_pieces(self, pieces: list[tuple[str, str]], batch_size: int,
                        progress: Progress | None) -> Iterator[list[EntitySpan]]:
        nlp = self.nlp
        total = sum(len(text) for text, _ in pieces)
        # a batch of long pieces holds at most about BATCH_CHARS characters in the model at once
        batch_size = max(1, min(batch_size, BATCH_CHARS // max((len(text) for text, _ in pieces), default=1)))
        done = 0
        batch: list[tuple[str, str, list[tuple[int, int, str]]]] = []
        for doc, published in nlp.pipe(iter(pieces), as_tuples=True, batch_size=batch_size):
            batch.append((doc.text, published, [(e.start_char, e.end_char, e.label_) for e in doc.ents]))
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                done += sum(len(text) for text, _, _ in batch)
                batch = []
                if progress is not None:
                    progress(done, total)
        yield from self._annotate(batch)
        if progress is not None:
            progress(total, total)

    def _annotate(self, batch: list[tuple[str, str, list[tuple[int, int, str]]]]) -> Iterator[list[EntitySpan]]:
        verbs = verb_offsets(self.nlp, [text for text, _, _ in batch], [ents for _, _, ents in batch])
        for (text, published, ents), words in zip(batch, verbs, strict=True):
            yield annotate(text, ents, published, self.gazetteer, words)
