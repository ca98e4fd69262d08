"""Secrets written into documents (SEC rules): credentials in connection strings, password
values, cloud keys, private keys and API tokens.

A finding names the kind of secret and a masked hint built only from non-secret parts of
the match (format prefix, key name, scheme and host); it never repeats the secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from opslint.checks.sec.params import SecretParams
from opslint.checks.sec.vocab_models import KindSpec
from opslint.checks.shared.text import vocab_value
from opslint.checks.shared.words import ELLIPSIS
from opslint.document.model import Document
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.vocab import DataError
from opslint.facts.prefilter import Prefilter, prefilter
from opslint.facts.semantic import Reading, SemanticModel

VOCAB = "secrets"
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SecretKind:
    name: str
    spec: KindSpec
    regex: re.Pattern[str]
    near: re.Pattern[str] | None
    body: re.Pattern[str] | None


@dataclass(frozen=True)
class Dummies:
    strict: tuple[str, ...]
    full: tuple[str, ...]
    shapes: tuple[re.Pattern[str], ...]
    symbols: str


def _compile(name: str, pattern: str | None) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern) if pattern else None
    except re.error as error:
        raise DataError(f"rules/vocab/secrets.yaml: kind '{name}': bad regex: {error}") from None


def _kinds(ctx: CheckContext) -> Mapping[str, SecretKind]:
    def build() -> dict[str, SecretKind]:
        kinds: dict[str, SecretKind] = {}
        for name, spec in ctx.vocab.model_map(f"{VOCAB}:kinds", KindSpec).items():
            regex = _compile(name, spec.regex)
            assert regex is not None
            kinds[name] = SecretKind(name, spec, regex, _compile(name, spec.near),
                                     _compile(name, spec.body))
        return kinds

    return ctx.vocab.compiled("secrets:kinds", build)


def _dummies(ctx: CheckContext) -> Dummies:
    """The dummy words and shapes, read once per vocabulary (five rules on every document)."""
    def words(key: str) -> tuple[str, ...]:
        return tuple(str(w).casefold() for w in vocab_value(ctx, VOCAB, key) or [])

    def build() -> Dummies:
        shapes = tuple(_compile("dummy_shapes", str(p)) or re.compile("$^")
                       for p in vocab_value(ctx, VOCAB, "dummy_shapes") or [])
        symbols = str(vocab_value(ctx, VOCAB, "strong_symbols") or "")
        return Dummies(words("dummy_words_strict"), words("dummy_words"), shapes, symbols)

    return ctx.vocab.compiled("secrets:dummies", build)


def _looks_secret(kind: SecretKind, value: str, dummies: Dummies) -> bool:
    """A literal worth reporting: not a reference, a mask, a sample word or a plain word."""
    spec = kind.spec
    if (spec.ascii_only and not value.isascii()) or len(value) < spec.min_length:
        return False
    if spec.needs_mix and not (
        _LETTER.search(value) and (_DIGIT.search(value) or any(c in dummies.symbols for c in value))
    ):
        return False
    folded = value.casefold()
    words = dummies.full if spec.dummies == "full" else dummies.strict
    return not any(w in folded for w in words) and not any(p.search(value) for p in dummies.shapes)


def _context_ok(kind: SecretKind, lines: Sequence[str], index: int) -> bool:
    """The near-pattern and key-body conditions of a kind, around 0-based line index."""
    if kind.near is not None:
        low, high = max(index - kind.spec.near_lines, 0), index + kind.spec.near_lines + 1
        if not any(kind.near.search(line) for line in lines[low:high]):
            return False
    if kind.body is not None:
        following = lines[index + 1 : index + 1 + kind.spec.body_lines]
        if not any(kind.body.search(line) for line in following):
            return False
    return True


def _hint(kind: SecretKind, match: re.Match[str]) -> str:
    shown = {k: v for k, v in match.groupdict().items() if k != "secret" and v is not None}
    try:
        return kind.spec.hint.format(**shown)
    except (KeyError, IndexError, ValueError):
        return ELLIPSIS


@dataclass(frozen=True)
class _Scan:
    """Every kind's matches in one document, by 0-based line index (lines with none left out)."""

    doc: Document
    matches: Mapping[str, Mapping[int, tuple[re.Match[str], ...]]]  # kind -> line -> matches
    taken: Mapping[int, tuple[tuple[int, int], ...]]  # line -> spans of the specific kinds


def _read_scan(doc: Document, model: SemanticModel) -> _Scan:
    """Run every kind's regex over every line once per document.

    The five SEC rules share this check kind; the scan is pure in the document, so the model
    keeps one per document for all of them.
    """
    ctx = CheckContext(doc, model)
    kinds = _kinds(ctx)
    # A line's matches depend on its text only: each distinct text is scanned once and its
    # matches shared by every line that repeats it (blank lines, table rules, fences, and
    # rows or items written again: a quarter of a large document's characters).
    # (Where each text stands is read only for the texts that match: most documents hold
    # none, and a dictionary of every line's indices cost more than the scan.)
    repeats: dict[str, list[int]] | None = None
    # Most kinds cannot match without one of a few strings ("://", "AKIA", "-----BEGIN "):
    # one search of the joined lines for all of them finds the few lines worth looking at,
    # then each kind's own strings pick the lines to run the kind on.
    texts = list(dict.fromkeys(doc.lines))  # each distinct text once, in line order
    screens, either = _screens(ctx)
    candidates = range(len(texts)) if either is None else sorted(either.holding(texts))
    matches: dict[str, dict[int, tuple[re.Match[str], ...]]] = {}
    for name, kind in kinds.items():
        found: dict[int, tuple[re.Match[str], ...]] = {}
        screen = screens[name]
        if screen is not None:
            held: Iterable[int] = [i for i in candidates if screen.admits(texts[i])]
        elif kind.near is not None and kind.spec.generic:
            # Reported only near a line matching ``near``, and (generic) masks no other kind.
            held = _near(kind, doc.lines, texts)
        else:
            held = range(len(texts))
        for raw in (texts[i] for i in held):
            hits = tuple(kind.regex.finditer(raw))
            if hits:
                if repeats is None:
                    repeats = _indices(doc.lines)
                found.update(dict.fromkeys(repeats[raw], hits))
        matches[name] = dict(sorted(found.items()))  # in line order, as the rules read them
    taken: dict[int, list[tuple[int, int]]] = {}
    for kind in kinds.values():  # the same kind order as before, so spans keep their order
        if not kind.spec.generic:
            for index, hits in matches[kind.name].items():
                taken.setdefault(index, []).extend(m.span() for m in hits)
    return _Scan(doc, matches, {i: tuple(spans) for i, spans in taken.items()})


def _indices(lines: Sequence[str]) -> dict[str, list[int]]:
    """The 0-based indices of the lines holding each text."""
    repeats: dict[str, list[int]] = {}
    for index, raw in enumerate(lines):
        repeats.setdefault(raw, []).append(index)
    return repeats


def _screens(ctx: CheckContext) -> tuple[Mapping[str, Prefilter | None], Prefilter | None]:
    """Each kind's prefilter (None: the kind has no literal every match holds), and the
    one of all the kinds that have one."""
    kinds = _kinds(ctx)

    def build() -> tuple[Mapping[str, Prefilter | None], Prefilter | None]:
        screens = {name: prefilter((k.regex,)) for name, k in kinds.items()}
        screened = tuple(k.regex for k in kinds.values() if screens[k.name] is not None)
        return screens, prefilter(screened) if screened else None

    return ctx.vocab.compiled("secrets:screens", build)


def _near(kind: SecretKind, lines: Sequence[str], texts: Sequence[str]) -> list[int]:
    """The distinct texts (indices into ``texts``) of the lines within ``near_lines`` of a
    line where the kind's ``near`` pattern matches: a match elsewhere is never reported
    (``_context_ok``), so it is not looked for."""
    assert kind.near is not None
    reach = kind.spec.near_lines
    screen = prefilter((kind.near,))
    held = range(len(lines)) if screen is None else sorted(screen.holding(lines))
    close = {line for index in held if kind.near.search(lines[index])
             for line in lines[max(index - reach, 0) : index + reach + 1]}
    return [i for i, text in enumerate(texts) if text in close]


SCAN = Reading("secrets-scan", _read_scan)


def secret_in_text(ctx: CheckContext, params: SecretParams) -> Iterator[Hit]:
    """Every line, code, comments and front matter included: a secret there is still leaked."""
    kinds = _kinds(ctx)
    unknown = [k for k in params.kinds if k not in kinds]
    if unknown:
        raise DataError(f"unknown secret kind(s) {unknown}; known: {sorted(kinds)}")
    dummies = _dummies(ctx)
    scan = ctx.read(SCAN)
    lines = ctx.doc.lines
    chosen = [kinds[name] for name in params.kinds]
    # Only lines where one of this rule's kinds matched can report; in line order as before.
    indices = sorted({i for kind in chosen for i in scan.matches[kind.name]})
    for index in indices:
        taken = scan.taken.get(index, ())
        reported: list[tuple[int, int]] = []  # one finding per secret, whichever kind saw it
        for kind in chosen:
            for match in scan.matches[kind.name].get(index, ()):
                group = "secret" if "secret" in kind.regex.groupindex else 0
                value, start = match.group(group), match.start(group)
                if kind.spec.generic and any(a < match.end() and start < b for a, b in taken):
                    continue
                # A kind without a secret group (a key block) is judged by its context only.
                if group and not _looks_secret(kind, value, dummies):
                    continue
                if not _context_ok(kind, lines, index):
                    continue
                if any(a < match.end() and match.start() < b for a, b in reported):
                    continue
                reported.append(match.span())
                yield Hit(index + 1, column=match.start() + 1,
                          args={"kind": LocalText(kind.spec.label.ja, kind.spec.label.en),
                                "hint": _hint(kind, match)})
