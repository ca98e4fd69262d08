"""The release and operation readers (ninth round): a reader skips a block, row or text only
when a cheaper test proves the exact reading would find nothing; each fast path is compared
with the exact one on varied and generated inputs.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from opslint.document.model import DocKind, Document, ListItem, Paragraph, Table
from opslint.document.normalize import normalize
from opslint.facts import monitoring, objectives, operation
from opslint.facts.folded_units import folded_units
from opslint.facts.quantities import thresholds
from opslint.facts.quiet_units import QuietUnits
from opslint.facts.text import Terms
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parents[1] / "examples"


def _doc(bundle: Bundle, text: str, kind: DocKind = DocKind.OPERATION) -> Document:
    return document_from_text(text, Path("doc.md"), bundle, None, kind)


def _examples(bundle: Bundle) -> list[Document]:
    paths = sorted(EXAMPLES.glob("*/*/*.md"))
    return [_doc(bundle, p.read_text(encoding="utf-8"), DocKind.OPERATION) for p in paths]


# ------------------------------------------------------------------------ comparator gate

_PIECES = [
    "> 80%", ">= 2%", "&gt; 5", "&lt;= 10ms", "≧ 3", "99.9% 以上", "1秒超", "5分未満", "= 0",
    "equals 0", "at least 3 times", "more than 10 errors", "over 5m", "のまま", "0 になる",
    "3 と なる", "1,500", "2026-03-17", "23:30", "T+00:10", "v1.2.3", "RTO 4h", "x", "〜",
    "p99", "５００ｍｓ", "＞ ８０％", "ＯＲ ＭＯＲＥ", "10 or more", "5 回", "エラー率",
    "が 5分継続",
    "(5分継続)", "for 10m", "/10分", "=> SEV2", "->", "!=", "<>", "≠ 200", "exceeds 2x", "  ",
    "\u3000", "ﾃﾞｰﾀ", "e\u0301", "stays at 0", "remains at 1", "older than 7 days", "Later than 9",
]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 6))) for _ in range(count)]


def test_thresholds_with_the_comparator_gate_are_those_read_without_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    gated = thresholds._patterns()
    texts = [*_texts(1, 3000), *_PIECES]
    fast = [thresholds._read_thresholds(t) for t in texts]
    # The exact path: the same patterns with a gate that lets every text through.
    monkeypatch.setattr(thresholds, "_patterns", lambda: gated._replace(comparator=re.compile("")))
    exact = [thresholds._read_thresholds(t) for t in texts]
    assert fast == exact
    assert sum(bool(f) for f in fast) > 1000  # thresholds were found
    assert any(gated.comparator.search(thresholds._normalise(t).text) is None
               and not thresholds._normalise(t).digitless for t in texts)  # and texts gated


# -------------------------------------------------------------------------- quiet units

_WORDS = ["RTO", "rto", "ＲＴＯ", "RPO", "目標復旧時間", "目標\n復旧時間",
          "Recovery Time\nObjective", "recovery  time objective", "RTOs", "xRTO", "RTO-1",
          "許容データ損失", "Burn rate", "burn-\nrate", "バーンレート", "Burnrate",
          "バーン\nレート", "消費速度", "平常時", "4時間",
          "15 minutes", "backup", "the", "。", "、", "1h", "Region"]


def _generated(seed: int) -> str:
    rng = random.Random(seed)

    def words(n: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(n))

    parts = ["# 運用設計"]
    for number in range(rng.randint(2, 5)):
        parts.append(f"## 章 {number} {words(rng.randint(0, 2))}".replace("\n", " "))
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(["para", "item", "table"])
            if kind == "para":
                parts.append(words(rng.randint(1, 8)))
            elif kind == "item":
                parts.append("\n".join(f"- {words(rng.randint(1, 5))}".replace("\n", " ")
                                       for _ in range(rng.randint(1, 3))))
            else:
                rows = [f"| {words(2)} | {words(2)} |".replace("\n", " ")
                        for _ in range(rng.randint(1, 4))]
                parts.append("\n".join(["| 項目 | 値 |", "|---|---|", *rows]))
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("keys", [("rto", "rpo"), ("burn_rate",)])
def test_quiet_blocks_and_rows_name_no_term(bundle: Bundle, keys: tuple[str, ...]) -> None:
    """Whatever ``QuietUnits`` answers for names no term as ``Terms.find`` and ``Terms.has``
    ask the block's or row's whole text."""
    terms = Terms(bundle.vocab)
    docs = [*_examples(bundle), *(_doc(bundle, _generated(seed)) for seed in range(150))]
    quiet_seen = named_seen = 0
    for doc in docs:
        quiet = QuietUnits(folded_units(doc), bundle.vocab, keys)
        for section in doc.root.walk():
            for block in section.blocks:
                texts: list[tuple[bool, str]] = []
                if isinstance(block, (Paragraph, ListItem)):
                    texts = [(quiet.block(block, section), block.text)]
                elif isinstance(block, Table):
                    texts = [(quiet.row(r, " | ".join(r.cells)), " | ".join(r.cells))
                             for r in block.rows]
                for said_quiet, text in texts:
                    named = any(terms.find(text, k) or terms.has(normalize(text), k) for k in keys)
                    assert not (said_quiet and named), (keys, text)
                    quiet_seen += said_quiet
                    named_seen += named
    assert quiet_seen > 500 and named_seen > 100


def _ask_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact path: nothing is quiet, every block and row is asked."""
    monkeypatch.setattr(QuietUnits, "row", lambda self, row, text: False)
    monkeypatch.setattr(QuietUnits, "block", lambda self, block, section: False)


def test_objectives_and_monitors_are_those_of_asking_every_block(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [*_examples(bundle), *(_doc(bundle, _generated(seed)) for seed in range(60))]
    fast = [(objectives.objectives(d, bundle.vocab), monitoring.monitors(d, bundle.vocab))
            for d in docs]
    _ask_all(monkeypatch)
    exact = [(objectives.objectives(d, bundle.vocab), monitoring.monitors(d, bundle.vocab))
             for d in docs]
    assert fast == exact
    assert sum(len(o) for o, _ in fast) > 20
    assert sum(1 for _, m in fast for x in m if x.burn_rate is not None) > 5


def test_objectives_ask_only_blocks_the_folded_scan_may_name(
        bundle: Bundle, count_calls: CountCalls) -> None:
    prose = "\n\n".join(f"手順 {n} を実施し、結果を記録する。" for n in range(30))
    doc = _doc(bundle, f"# 運用設計\n\n## バックアップ\n\n{prose}\n\nRTO は 4時間 とする。\n")
    calls = count_calls(objectives, "_names_objective")
    found = objectives.objectives(doc, bundle.vocab)
    assert [(o.kind, o.minutes) for o in found] == [("RTO", 240.0)]
    assert calls["_names_objective"] == 1  # the one block naming it, not all 31


def test_slo_exclusion_and_budgets_normalise_no_unit_naming_none(bundle: Bundle) -> None:
    body = "\n\n".join(f"- 手順 {n} を実施する。" for n in range(20))
    statement = "計画メンテナンスは SLO の対象外とする。"
    doc = _doc(bundle, f"# 運用設計\n\n## SLO\n\n{body}\n\n{statement}\n")
    exclusion = operation.slo_exclusion(doc, bundle.vocab)
    assert exclusion is not None and "計画メンテナンス" in exclusion.text
    assert operation.error_budgets(doc, bundle.vocab) == ()
    normalised = [u for u in folded_units(doc).units if "norm" in u.__dict__]
    assert len(normalised) <= 2  # the statement (and nothing of the 20 items)


_RELEASE_WORDS = ["前バージョン", "旧バージョン", "Previous version", "previous\nversion", "v2.3.1",
                  "切り戻し後の確認", "Post-rollback check", "post-\nrollback", "15分", "v1.0",
                  "1.2.3", "within 10 minutes", "the", "を確認する。", "ロールバック"]


def _release_text(seed: int) -> str:
    rng = random.Random(seed)
    lines = ["# リリース手順", "## 概要"]
    for _ in range(rng.randint(3, 8)):
        words = " ".join(rng.choice(_RELEASE_WORDS) for _ in range(rng.randint(1, 6)))
        lines.append(rng.choice(["", "- ", "1. "]) + words.replace("\n", rng.choice([" ", "\n"])))
        lines.append("")
    lines += ["## 切り戻し手順", "", "1. アプリを戻す（5分）", ""]
    lines += [" ".join(rng.choice(_RELEASE_WORDS) for _ in range(4)), ""]
    return "\n".join(lines)


def test_release_facts_are_those_of_asking_every_unit(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    """The previous version and the check after a rollback: read in the units the folded
    scan finds, as in every unit of the document."""
    from opslint.facts import procedures, release
    from opslint.facts.text import units

    docs = [*(_doc(bundle, p.read_text(encoding="utf-8"), DocKind.RELEASE)
              for p in sorted(EXAMPLES.glob("*/*/*Release*.md"))),
            *(_doc(bundle, _release_text(seed), DocKind.RELEASE) for seed in range(120))]
    fast = [release.extract_release(d, bundle.vocab) for d in docs]
    for module in (procedures, release):
        monkeypatch.setattr(module, "units_maybe_naming", lambda doc, vocab, key: list(units(doc)))
    exact = [release.extract_release(d, bundle.vocab) for d in docs]
    assert fast == exact
    assert sum(f.previous_version is not None for f in fast) > 20
    assert sum(f.rollback.post_check is not None for f in fast) > 20
