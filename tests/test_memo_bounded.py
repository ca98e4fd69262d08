"""``engine/memo.Bounded``: each key computed once while kept, never more than ``kept`` keys."""

from __future__ import annotations

from opslint.engine.memo import Bounded


def test_a_key_is_computed_once_and_the_memo_stays_bounded() -> None:
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    memo: Bounded[int, int] = Bounded(kept=3)
    assert [memo.get(n, square, n) for n in (1, 2, 1, 2, 3)] == [1, 4, 1, 4, 9]
    assert calls == [1, 2, 3] and len(memo) == 3
    assert memo.get(4, square, 4) == 16  # full: forgotten at once, then kept again
    assert len(memo) == 1
    assert memo.get(1, square, 1) == 1 and calls == [1, 2, 3, 4, 1]


def test_a_falsy_answer_is_kept_too() -> None:
    calls: list[str] = []

    def nothing(text: str) -> None:
        calls.append(text)

    memo: Bounded[str, None] = Bounded()
    assert memo.get("a", nothing, "a") is None and memo.get("a", nothing, "a") is None
    assert calls == ["a"]
