"""``Bounded.known`` is the memo's own mapping, through clears; ``Terms.has`` and
``Terms.find``, which read it before calling ``get``, answer as their searches do, kept
or not."""

from __future__ import annotations

from opslint.document.normalize import normalize
from opslint.engine.memo import Bounded
from opslint.facts.text import Terms
from opslint.lint import Bundle


def test_known_is_the_memo_through_clears() -> None:
    memo: Bounded[int, int] = Bounded(kept=3)
    known = memo.known
    for key in range(10):
        assert memo.get(key, lambda k: k * 2, key) == key * 2
        assert known is memo.known and known[key] == key * 2
        assert len(known) == len(memo) <= 3


def test_terms_answer_as_their_searches(bundle: Bundle) -> None:
    terms = Terms(bundle.vocab)
    keys = ["rto", "rpo", "limit_words", "window_month", "retention_label"]
    texts = ["RTO: 1時間", "RPO 15分", "最大15分以内", "暦月", "保持期間 30日", "nothing here",
             "rto rpo", "ＲＴＯ（目標復旧時間）"]
    for _ in range(2):  # asked, then kept
        for key in keys:
            for text in texts:
                assert terms.has(normalize(text), key) is terms._search(normalize(text), key)
                assert terms.find(text, key) == list(terms._find(text, key))
