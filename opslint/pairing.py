"""Which documents of a folder belong to one system: the document sets cross-checks pair.

A release or operation document is checked against the design documents of its own system
(docs/pairing.md). A folder is one set when it looks like one: no kind twice among the
design-set kinds and at most one set name in the file names. That is the plain
``03/04/10/16/17`` folder and every folder that does not hold several systems; its pairing
is unchanged. A folder that holds several systems (two release procedures, two basic
designs, ``payments-…`` beside ``search-…``) is split by evidence that two documents belong
together, and a document without such evidence is checked against nothing:

1. **set name**: a file-name prefix before the kind part that two or more documents share
   (``payments-16_Release_Procedure.md``, ``payments-04_Basic_Design.md``); documents with
   different set names are never paired;
2. **reference**: one document names the other's file (``payments-04_Basic_Design.md``);
3. **shared products**: two documents name two or more of the same products (datastores,
   compute, CI/CD, monitoring …; not channels, strategies or clouds), a third of the smaller
   one's products;
4. **numbering series**: the documents still alone, named in the numbered series
   (``NN_<kind>``), are one set when they hold no kind twice;
5. **the one set**: when the folder then has exactly one set of several documents, a
   document still alone joins it if the set lacks its kind.

Pure functions of the documents' display paths, kinds and texts: ``lint.lint_paths`` and
``docsets.check_paths`` share them, so both give the same findings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from opslint.document.model import DocKind

if TYPE_CHECKING:
    from opslint.engine.vocab import Vocab

__all__ = ["DocumentSets", "Member", "document_sets", "partition", "set_name"]

_SET_KINDS = frozenset({DocKind.RELEASE, DocKind.OPERATION, DocKind.ARCHITECTURE,
                        DocKind.BASIC_DESIGN, DocKind.SECURITY})
_EXTENSIONS = re.compile(r"(\.html)?\.(md|markdown|mdown|erb)(\.erb)?$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\d+(?:[._-]\d+)*[\s._-]*")
_SEPARATOR = re.compile(r"[\s._-]+")
# Products that tell one system from another; channels, strategies, clouds and edge
# services are shared by unrelated systems.
_PRODUCT_CATEGORIES = frozenset({"datastore", "messaging", "compute", "ci_cd", "iac",
                                 "registry", "migration", "monitoring", "alerting"})
_MIN_SHARED = 2
_MIN_OVERLAP = 1 / 3


@dataclass(frozen=True)
class Member:
    """One document of a run as pairing sees it; ``text`` is read only when needed."""

    path: Path  # display path
    kind: DocKind
    target: bool
    text: Callable[[], str]
    name: str | None = None  # its set name when known (check's cache keeps it), else read


def _name(path: Path) -> str:
    return unicodedata.normalize("NFKC", _EXTENSIONS.sub("", path.name)).casefold()


def _kind_part(name: str, vocab: Vocab) -> tuple[str, bool] | None:
    """(the prefix before the part of the name that says the kind, whether that part is
    numbered), when a kind's file pattern matches from a word boundary on."""
    rules = vocab.kinds
    starts = [0, *(m.end() for m in _SEPARATOR.finditer(name))]
    for start in starts:
        rest = name[start:]
        stripped = _LEADING_NUMBER.sub("", rest).strip()
        if stripped and any(p.search(stripped) for ps in rules.file.values() for p in ps):
            return _SEPARATOR.sub(" ", name[:start]).strip(), stripped != rest
    return None


def set_name(path: Path, vocab: Vocab) -> str:
    """The prefix a file name puts before its kind ("payments" in
    ``payments-16_Release_Procedure.md``), "" when there is none."""
    part = _kind_part(_name(path), vocab)
    return part[0] if part else ""


def _set_name(member: Member, vocab: Callable[[], Vocab]) -> str:
    return member.name if member.name is not None else set_name(member.path, vocab())


def _one_set(members: Sequence[Member], names: Sequence[str]) -> bool:
    kinds = Counter(m.kind for m in members if m.kind in _SET_KINDS)
    shared = {n for n, c in Counter(n for n in names if n).items() if c > 1}
    return all(c == 1 for c in kinds.values()) and len(shared) <= 1


class _Groups:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def of(self, i: int, size: int) -> list[int]:
        root = self.find(i)
        return [j for j in range(size) if self.find(j) == root]


def _products(text: str, vocab: Vocab) -> frozenset[str]:
    from opslint.facts.technology import TechIndex

    index = vocab.compiled("tech-index", lambda: TechIndex.from_vocab(vocab))
    return frozenset(h.entry.name for h in index.find(text)
                     if h.entry.category in _PRODUCT_CATEGORIES)




def _split(members: Sequence[Member], names: Sequence[str], vocab: Vocab) -> list[list[int]]:
    """The sets of a folder that holds several systems (see the module doc)."""
    size = len(members)
    groups = _Groups(size)
    shared = {n for n, c in Counter(n for n in names if n).items() if c > 1}
    named = [names[i] if names[i] in shared else "" for i in range(size)]
    for i in range(size):  # 1. set names
        for j in range(i):
            if named[i] and named[i] == named[j]:
                groups.join(i, j)

    def apart(i: int, j: int) -> bool:
        a = {named[k] for k in groups.of(i, size)} - {""}
        b = {named[k] for k in groups.of(j, size)} - {""}
        return bool(a and b and a != b)

    texts = [unicodedata.normalize("NFKC", m.text()).casefold() for m in members]
    files = [unicodedata.normalize("NFKC", m.path.name).casefold() for m in members]
    for i in range(size):  # 2. references by file name
        for j in range(size):
            if i != j and files[j] in texts[i] and not apart(i, j):
                groups.join(i, j)

    products = [_products(t, vocab) for t in texts]
    pairs = []
    for i in range(size):  # 3. shared products, the strongest pairs first
        for j in range(i):
            common = len(products[i] & products[j])
            smaller = min(len(products[i]), len(products[j])) or 1
            if common >= _MIN_SHARED and common / smaller >= _MIN_OVERLAP:
                pairs.append((-common, j, i))
    for _, j, i in sorted(pairs):
        if not apart(i, j):
            groups.join(i, j)

    def alone() -> list[int]:
        return [i for i in range(size) if len(groups.of(i, size)) == 1]

    numbered = [i for i in alone()
                if (part := _kind_part(_name(members[i].path), vocab)) is not None and part[1]]
    if len(numbered) > 1 and len({members[i].kind for i in numbered}) == len(numbered):
        for i in numbered[1:]:  # 4. the rest of a numbered series
            groups.join(numbered[0], i)
    sets = {groups.find(i) for i in range(size) if len(groups.of(i, size)) > 1}
    if len(sets) == 1:  # 5. the one set of the folder takes a kind it lacks
        root = sets.pop()
        for i in alone():
            kinds = {members[k].kind for k in groups.of(root, size)}
            if members[i].kind not in kinds and not apart(i, root):
                groups.join(root, i)
    found: dict[int, list[int]] = {}
    for i in range(size):
        found.setdefault(groups.find(i), []).append(i)
    return list(found.values())


def partition(members: Sequence[Member], vocab: Callable[[], Vocab]) -> list[list[int]]:
    """The run's documents (indices) in sets: one per folder that is one set, several for a
    folder that holds several systems; in run order of their first document."""
    by_folder: dict[Path, list[int]] = {}
    for index, member in enumerate(members):
        by_folder.setdefault(member.path.parent, []).append(index)
    sets: list[list[int]] = []
    for indices in by_folder.values():
        known = [i for i in indices if members[i].kind in _SET_KINDS]
        if len(known) < 2:
            sets.append(indices)
            continue
        names = [_set_name(members[i], vocab) for i in known]
        if _one_set([members[i] for i in known], names):
            sets.append(indices)
            continue
        parts = _split([members[i] for i in known], names, vocab())
        sets.extend([known[k] for k in part] for part in parts)
        sets.extend([i] for i in indices if i not in set(known))
    return sorted(sets, key=lambda s: s[0])


@dataclass(frozen=True)
class DocumentSets:
    """(targets, members) per set with linted documents, in run order; the documents every
    set of another folder holds (``shared``); whether a folder holds several systems."""

    sets: list[tuple[tuple[int, ...], tuple[int, ...]]]
    shared: set[int]
    split: bool


def document_sets(members: Sequence[Member], vocab: Callable[[], Vocab]) -> DocumentSets:
    """(targets, members) per set with linted documents, in run order, and the documents
    every set holds (``shared``: read only as context, or alone of their kind in the run).

    A set holds its own documents and the shared ones of other folders; the shared documents
    of its own folder that belong to another set of that folder are not its own.
    """
    count = Counter(m.kind for m in members)
    shared = {i for i, m in enumerate(members) if not m.target or count[m.kind] == 1}
    sets = partition(members, vocab)
    split = Counter(members[s[0]].path.parent for s in sets)
    result = []
    for indices in sets:
        targets = tuple(i for i in indices if members[i].target)
        if not targets:
            continue
        folder = members[indices[0]].path.parent
        visible = shared if split[folder] == 1 else {
            i for i in shared if members[i].path.parent != folder}
        result.append((targets, tuple(sorted(visible.union(indices)))))
    return DocumentSets(result, shared, any(n > 1 for n in split.values()))
