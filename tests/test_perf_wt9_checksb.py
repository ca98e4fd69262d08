"""The shortcuts of the ninth speed round in the checks and the engine's finding loop agree
with the exact paths they skip, on generated inputs (each test can fail: the exact path is
run beside the fast one and every answer compared)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from opslint.checks.shared import severity
from opslint.checks.shared.severity import SeverityVocab
from opslint.config import Config
from opslint.document.model import DocKind, ListItem
from opslint.document.normalize import normalize
from opslint.engine.findings import Finding, LocalText, Location, Severity
from opslint.lint import Bundle, document_from_text
from opslint.reporters import json_report

# Pieces of severity labels and their near misses: labels as written (strong and weak),
# markup that the label readers delete, full-width and compatibility forms (NFKC changes
# them), combining and voicing marks (NFKC composes them), colons, digits and prose.
_PIECES = (
    "Sev", "SEV", "sev", "Severity", "s", "e", "v", "ｓｅｖ", "Ｓｅｖ", "S", "E", "V", "ſ",
    "障害", "レベル", "ランク", "等級", "インシデント", "重大度", "深刻度", "緊急度", "障害度",
    "ヘ", "\u3099", "レ", "ﾍﾞ", "ﾚﾍﾞﾙ", "e\u0301", "\u0301",
    "1", "2", "3", "4", "5", "0", "１", "２", "①", "P1", "p2", "S1", "Level 2",
    "*", "**", "`", "_", "__", "-", ".", ":", "：", ")", "（", "）", "(", " ", "  ", "　",
    "Critical", "High", "low", "緊急", "重大", "の宣言時", "incident", "は", "対応", "\n",
)


_HEADS = ("Sev", "SEV-", "**Sev", "S*ev", "s_ev", "`Sev`", "Severity ", "ｓｅｖ", "重大度",
          "障害レベル", "障害*レベル", "インシデントランク", "2 - High sev", "3) low severity", "")


def _texts(seed: int, count: int) -> list[str]:
    """Random texts, most of them starting like a label (the rest anything)."""
    rng = random.Random(seed)
    return [rng.choice(_HEADS) + "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 9)))
            for _ in range(count)]


@pytest.fixture(scope="module")
def severity_vocab(bundle: Bundle) -> SeverityVocab:
    from opslint.checks.shared.vocab_models import IncidentVocab

    return bundle.vocab.model("incident", IncidentVocab).severity


def _exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the exact path: the screen never rules a text out."""
    monkeypatch.setattr(severity, "_no_strong_label", lambda normal, vocab: False)


def test_strong_label_screen_finds_the_labels_the_exact_path_finds(
        severity_vocab: SeverityVocab, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(9, 40_000)
    fast = [(severity.level_label(t, severity_vocab, weak=False, whole=w),
             severity._from_text(t, 3, severity_vocab, False, "x", heading=h))
            for t in texts for w, h in ((True, False), (False, True))]
    screened = sum(severity._no_strong_label(severity._nfkc(t), severity_vocab) for t in texts)
    _exact(monkeypatch)
    exact = [(severity.level_label(t, severity_vocab, weak=False, whole=w),
              severity._from_text(t, 3, severity_vocab, False, "x", heading=h))
             for t in texts for w, h in ((True, False), (False, True))]
    assert fast == exact
    found = sum(1 for a, b in exact if a is not None or b is not None)
    assert found > 1000 and screened > 10_000  # both paths are exercised


def test_severity_levels_of_generated_documents_match_the_exact_path(
        bundle: Bundle, severity_vocab: SeverityVocab, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(4)
    docs = []
    for number in range(60):
        lines = [f"# 運用設計 {number}", ""]
        for section in range(6):
            title = rng.choice(["障害レベル", "Severity levels", "監視", "エスカレーション",
                                "Backup", "対応フロー", *_texts(number * 7 + section, 1)])
            lines += [f"## {title}", ""]
            for text in _texts(number * 100 + section, 8):
                shape = rng.choice(["- ", "  - ", "1. ", "", "| ", "### "])
                body = text.replace("\n", " ")
                lines += [f"| {body} | x |" if shape == "| " else shape + body, ""]
        docs.append(document_from_text("\n".join(lines), Path(f"doc{number}.md"), bundle,
                                       Config(), DocKind.OPERATION))
    fast = [severity.severity_levels(d, bundle.vocab, severity_vocab) for d in docs]
    items = [list(severity._item_levels([b for s in d.sections() for b in s.blocks
                                         if isinstance(b, ListItem)], severity_vocab, False))
             for d in docs]
    _exact(monkeypatch)
    assert fast == [severity.severity_levels(d, bundle.vocab, severity_vocab) for d in docs]
    assert items == [list(severity._item_levels([b for s in d.sections() for b in s.blocks
                                                 if isinstance(b, ListItem)],
                                                severity_vocab, False)) for d in docs]
    assert sum(map(len, fast)) > 50


# Characters whose JSON escapes differ between encoders if any do: quotes, backslashes,
# every control character, DEL, line and paragraph separators, non-BMP, full-width text.
_ODD = ['"', "\\", "/", "\x7f", "\u2028", "\u2029", "😀", "障害", "ｓｅｖ", "é", "\ufeff",
        *(chr(c) for c in range(0x20))]


def _findings(seed: int, count: int) -> list[Finding]:
    rng = random.Random(seed)

    def text() -> str:
        return "".join(rng.choice([*_ODD, "a", " ", "Sev-1"]) for _ in range(rng.randint(0, 6)))

    made = []
    for _ in range(count):
        related = tuple(Location(text(), rng.randint(-2, 500),
                                 rng.choice([text(), LocalText(text(), text())]))
                        for _ in range(rng.choice([0, 0, 1, 3])))
        made.append(Finding(
            rule_id=rng.choice(["INC001", "BDR002", text()]), name=text(),
            severity=rng.choice(list(Severity)), path=text(), line=rng.randint(1, 10**6),
            column=rng.randint(1, 200), end_line=rng.randint(1, 10**6), message=text(),
            question=text(), gate=rng.randint(0, 6), priority=rng.choice(["P1", "P2", "P3"]),
            doc_kind=text(), lang=rng.choice(["ja", "en"]), related=related, key=text(),
            fixable=rng.random() < 0.5, count=rng.choice([1, 1, 2, 150])))
    return made


def _models(findings: list[Finding], files: int) -> str:
    return json_report.build(findings, files).model_dump_json(indent=2, exclude_none=True) + "\n"


def test_json_written_without_the_models_is_what_the_models_write() -> None:
    for seed in range(40):
        findings = _findings(seed, seed * 3)
        fast = json_report._plain_json(findings, seed)
        assert fast is not None
        assert fast == _models(findings, seed)


def test_json_values_the_models_would_refuse_go_through_the_models() -> None:
    good = _findings(1, 3)
    for bad in (replace(good[0], line=0), replace(good[0], gate=7),
                replace(good[0], priority="P9"), replace(good[0], path="a\udcff")):
        assert json_report._plain_json([*good, bad], 1) is None
    assert json_report._plain_json(good, 1) == _models(good, 1)


def _term_texts(terms: list[str], seed: int, count: int) -> list[str]:
    """Normalised texts made of the terms, pieces of them and what stands around a word
    (letters, digits, hyphens, kana): where one term is found, and which first."""
    rng = random.Random(seed)
    pieces = [*terms, *(t[: len(t) // 2] for t in terms), *(t[1:] for t in terms),
              "a", "x", "1", "-", "_", " ", "  ", "の", "非", "要", "non-", "re"]
    return [normalize("".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))))
            for _ in range(count)]


def test_one_search_per_step_finds_the_earliest_term_of_each(bundle: Bundle) -> None:
    from opslint.checks.inc import flow
    from opslint.checks.shared.vocab_models import IncidentVocab

    steps = bundle.vocab.model("incident", IncidentVocab).flow
    terms = [t for step in steps for t in step.terms]
    texts = _term_texts(terms, 5, 20_000)

    def per_term(norm: str) -> tuple[int, ...]:  # the search of every term, as it was
        found = []
        for index, step in enumerate(steps):
            starts = [m.start() for t in step.terms if (m := flow._term_pattern(t).search(norm))]
            if starts:
                found.append((min(starts), index))
        return tuple(index for _, index in sorted(found))

    answers = [flow._find_steps(text, steps) for text in texts]
    assert answers == [per_term(text) for text in texts]
    assert sum(len(a) >= 2 for a in answers) > 1000  # several steps in one text, often


def test_one_search_finds_where_the_earliest_level_term_starts(bundle: Bundle) -> None:
    from opslint.checks.mon import table
    from opslint.facts.parts import parts_of

    levels = parts_of(bundle.vocab, "monitoring", "levels")
    term_lists = [list(part.terms) for part in levels.values()] + [[]]
    texts = _term_texts([t for terms in term_lists for t in terms], 6, 20_000)
    for terms in term_lists:
        for text in texts:
            starts = [m.start() for t in terms if (m := table._term_pattern(t).search(text))]
            assert table.term_position(text, terms) == (min(starts) if starts else None)
    assert sum(table.term_position(t, term_lists[0]) is not None for t in texts) > 1000


def test_units_naming_is_has_term_asked_of_each_unit(bundle: Bundle) -> None:
    from opslint.checks.shared.units import doc_units, has_term, units_naming
    from opslint.checks.shared.vocab_models import IncidentVocab

    vocab = bundle.vocab.model("incident", IncidentVocab)
    lists = [vocab.template_terms, vocab.escalation_terms, vocab.executive_terms, [], ["sev"]]
    paths = sorted(Path(__file__).parent.parent.joinpath("examples").rglob("*.md"))
    named = 0
    for path in paths:
        doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config())
        units = doc_units(doc)
        for terms in lists:
            found = list(units_naming(units, terms))
            assert found == [u for u in units if has_term(u.norm, terms)]
            named += len(found)
    assert named > 100


def test_parts_unpaired_reads_the_units_unit_has_holds_for(bundle: Bundle) -> None:
    from opslint.checks.shared.units import doc_units, named_part, unit_has
    from opslint.engine.context import CheckContext
    from opslint.facts.parts import part_units
    from opslint.facts.semantic import SemanticModel

    paths = sorted(Path(__file__).parent.parent.joinpath("examples").rglob("*.md"))
    found = 0
    for path in paths:
        doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config())
        ctx = CheckContext(doc, SemanticModel.of([doc], bundle.vocab))
        units = tuple(doc_units(doc))
        for key in ("metrics", "logs", "traces", "tools"):
            part = named_part(ctx, "monitoring", key)
            mentions = list(part_units(units, part))
            assert mentions == [u for u in units if unit_has(u, part)]
            found += len(mentions)
    assert found > 50
