"""Pairing the audit logs of the security design with the operation design's, kind by kind.

Two logs are the same when one's name holds the other's (past the words every audit-log name
shares: "アプリ監査ログ" and "アプリ監査ログ（kintai-api）"), when they name the same product
(CloudTrail, pgaudit, EKS), or — failing both — when they are the only logs of one kind
(application, access, admin, database …; rules/vocab/facts.yaml). A log that pairs with
nothing is left alone: a pair that is a guess would be a false finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.facts.model import AuditLog

__all__ = ["missing_audit_logs", "pair_audit_logs"]

# Half- and full-width brackets, and the separators of a name (full-width comma, slash,
# colon and semicolon, the ideographic comma and middle dot), written as escapes.
_PARENS = re.compile(r"[(\uff08][^)\uff09]*[)\uff09]")
_MARKUP = re.compile(r"[`*_]+")
_SEPARATORS = re.compile(r"[\s\u3001,\uff0c/\uff0f\u30fb:\uff1a;\uff1b\-\u2013]+")
# Products that do not tell one log from another: the cloud itself.
_BROAD = ("platform",)


def _key(text: str, generic: Sequence[str]) -> str:
    """A name as compared: no parentheses or markup, without the shared words (Japanese
    ones inside a word too: "アプリ監査ログ" → "アプリ")."""
    words = _SEPARATORS.split(normalize(_MARKUP.sub("", _PARENS.sub(" ", text))))
    kept = []
    for word in words:
        for term in (t for t in generic if not t.isascii()):
            word = word.replace(term, "")
        if word and word not in generic:
            kept.append(word)
    return " ".join(kept)


def _phrase(text: str) -> str:
    return _SEPARATORS.sub(" ", normalize(_MARKUP.sub("", _PARENS.sub(" ", text)))).strip()


def _holds(a: str, b: str) -> bool:
    if len(a) < 2 or len(b) < 2:
        return False
    short, long = sorted((a, b), key=len)
    if short.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(short)}(?![a-z0-9])", long) is not None
    return short in long


def _products(ctx: CheckContext, log: AuditLog) -> set[str]:
    text = f"{_PARENS.sub(' ', log.target)} {_PARENS.sub(' ', log.source)}"
    return {h.entry.name for h in ctx.model.tech_index.find(text)
            if h.entry.category not in _BROAD}


def _same(ctx: CheckContext, need: AuditLog, kept: AuditLog, generic: Sequence[str]) -> bool:
    names = [_key(t, generic) for t in (need.target, need.source) if t]
    ours = [_key(t, generic) for t in (kept.target, kept.source) if t]
    if any(_holds(a, b) for a in names for b in ours):
        return True
    return bool(_products(ctx, need) & _products(ctx, kept))


def pair_audit_logs(ctx: CheckContext, required: Sequence[AuditLog], kept: Sequence[AuditLog]
                    ) -> list[tuple[AuditLog, list[AuditLog]]]:
    """Each required log with the kept logs that are the same log; unpaired ones left out."""
    generic = tuple(normalize(t) for t in ctx.vocab.term_list("facts", "audit_generic"))
    named = [a for a in kept if a.target]
    pairs: list[tuple[AuditLog, list[AuditLog]]] = []
    strong: set[int] = set()
    for need in required:
        same = [a for a in named if _same(ctx, need, a, generic)]
        strong.update(a.line for a in same)
        pairs.append((need, same))
    out = []
    for need, same in pairs:
        if not same and need.kinds:
            # The only log of a kind on both sides, and not already another log's pair.
            mine = [r for r in required if set(r.kinds) & set(need.kinds)]
            same = [a for a in named if set(a.kinds) & set(need.kinds) and a.line not in strong]
            if len(mine) != 1 or len(same) != 1:
                same = []
        if same:
            out.append((need, same))
    return out


def missing_audit_logs(ctx: CheckContext, required: Sequence[AuditLog],
                       kept: Sequence[AuditLog], text: str) -> list[AuditLog]:
    """Required logs the operation design leaves out, where it lists its logs kind by kind
    (two or more named ones, none covering all): no log pairs with them and its text does
    not name them. ``text`` is the operation design's whole text."""
    generic = tuple(normalize(t) for t in ctx.vocab.term_list("facts", "audit_generic"))
    blanket = tuple(normalize(t) for t in ctx.vocab.term_list("facts", "audit_blanket"))
    keys = [_key(a.target, generic) for a in kept if a.target]
    if len([k for k in keys if k]) < 2 or any(
            not k or set(k.split()) <= set(blanket) for k in keys):
        return []
    paired = {id(need) for need, _ in pair_audit_logs(ctx, required, kept)}
    norm = _SEPARATORS.sub(" ", normalize(_MARKUP.sub("", text)))
    # Named in a sentence is covered. A source or product alone is not: the operation design
    # names Azure Monitor or Aurora for other reasons than their audit logs.
    return [need for need in required
            if id(need) not in paired and len(_key(need.target, generic)) >= 2
            and not _holds(_phrase(need.target), norm)]
