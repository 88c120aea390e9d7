"""W3C text anchors: describe a passage, find it again after its text changed, place other tools' quotes."""

from __future__ import annotations

from reader.anchoring.fold import fold_key, keyed
from reader.anchoring.match import Matcher, Placement, Quote, place
from reader.anchoring.resolve import CONTEXT, describe, refresh, resolve, resolve_all

__all__ = ["CONTEXT", "Matcher", "Placement", "Quote", "describe", "fold_key", "keyed", "place", "refresh",
           "resolve", "resolve_all"]
