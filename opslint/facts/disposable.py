"""Datastores the design calls disposable: a cache, rebuildable, no persistence or backup
needed ("キャッシュ", "消えても DB から再構築できる", "ephemeral", "can be rebuilt from").

Read per datastore: the cue words (rules/vocab/facts.yaml ``disposable_store``) count in a
datastore's own row of the component or datastore tables (naming that one store, the one it
is rebuilt from aside: "Aurora から", "from Aurora"), or in a sentence or list item whose
topic is the one datastore it names ("Redis は…", "Redis：…", "Memorystore is…"). Product
names are blanked first (technology names and ``disposable_product``: "Azure Cache for
Redis" is no cue), and a negated cue says nothing ("キャッシュではない", "is not a cache"): the
polarity reader (facts/polarity.py: ``polarity`` and ``denied``, rules/vocab/polarity.yaml)
reads it.
"""

from __future__ import annotations

import re
import unicodedata

from opslint.document.model import Document
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import folded_units
from opslint.facts.polarity import ADOPTED, denied, polarity
from opslint.facts.prose import sentences
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms

__all__ = ["disposable", "disposable_stores"]

# A store named as the source of a rebuild: "Aurora から", "Aurora より", "from Aurora".
_SOURCE_AFTER = re.compile(r"\s*(?:[)）\]】」`]\s*)*(?:から|より|を元に|をもとに|を正)")
_SOURCE_BEFORE = re.compile(r"(?:from|of)\s+(?:the\s+)?$")
# In prose the store is the sentence's topic: "Redis は…", "Redis：…", "Redis is…".
_TOPIC = re.compile(r"\s*(?:`[^`]*`\s*)?(?:\([^)]*\)\s*)?"
                    r"(?:は|も|:|の(?:データ|内容|中身)は|(?:is|are|serves|holds|only|stores|keeps"
                    r"|acts|contains|will|can|may)\b)")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _stores(index: TechIndex, folded: str) -> list[tuple[int, int, tuple[str, ...]]]:
    return [(h.start, h.end, (h.entry.name, *h.entry.implies)) for h in index.find(folded)
            if h.entry.category == "datastore"]


def _cue(vocab: Vocab, index: TechIndex, folded: str) -> bool:
    """Whether a text says, unnegated, that what it names is disposable."""
    terms = Terms(vocab)
    blanked = folded
    spans = [(h.start, h.end) for h in index.find(folded)]
    for start, end in [*spans, *terms.find(folded, "disposable_product")]:
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    for start, end in terms.find(blanked, "disposable_store"):
        said = polarity(vocab, blanked, start, end) == ADOPTED
        if said and not denied(vocab, blanked, start, end):
            return True
    return False


def disposable(vocab: Vocab, index: TechIndex, text: str) -> tuple[str, ...]:
    """The datastores of a row or list item it calls disposable (canonical names)."""
    folded = _fold(text)
    stores = [s for s in _stores(index, folded) if not _source(folded, s[0], s[1])]
    if len({names[0] for _, _, names in stores}) != 1 or not _cue(vocab, index, folded):
        return ()  # a row naming several stores ("DB、キャッシュ、ファイルに保存") is no one's
    return tuple(sorted(stores[0][2]))


def _source(folded: str, start: int, end: int) -> bool:
    return bool(_SOURCE_AFTER.match(folded, end) or _SOURCE_BEFORE.search(folded[:start]))


def disposable_stores(doc: Document, vocab: Vocab, index: TechIndex) -> frozenset[str]:
    """Datastores that a sentence of the document naming one datastore calls disposable."""
    found: set[str] = set()
    terms = Terms(vocab)
    read = folded_units(doc)
    for unit in (read.units[i] for i in sorted(read.holding(vocab, "disposable_store"))):
        if unit.row is not None:
            continue  # most units hold no cue word: only those that may are read
        for sentence in sentences(unit.text, unit.line):
            folded = _fold(sentence.text)
            if not terms.find(folded, "disposable_store"):
                continue  # most sentences: no cue to read
            stores = [s for s in _stores(index, folded) if not _source(folded, s[0], s[1])]
            if len({names[0] for _, _, names in stores}) != 1:
                continue
            if not _TOPIC.match(folded, stores[0][1]):
                continue  # "Aurora の前段にキャッシュを置く" speaks of the cache, not Aurora
            if _cue(vocab, index, folded):
                found.update(stores[0][2])
    return frozenset(found)
