"""How the cross-document coverage rules (XDOC001–XDOC004) recognise a named thing in a text."""

from __future__ import annotations

import pytest

from opslint.checks.xdoc.common import name_matches, name_tokens, name_variants
from opslint.lint import Bundle


@pytest.fixture(scope="module")
def generic(bundle: Bundle) -> tuple[str, ...]:
    return (*bundle.vocab.term_list("crossdoc", "generic_name_words"),
            *bundle.vocab.term_list("crossdoc", "function_words"))


@pytest.mark.parametrize(("name", "tokens"), [
    ("経費精算システム", ["経費", "精算"]),  # a four-kanji compound is two words
    ("早馬便 集荷API", ["早馬便", "集荷"]),  # odd runs stay whole
    ("配送センター", ["配送", "センター"]),
])
def test_name_tokens(generic: tuple[str, ...], name: str, tokens: list[str]) -> None:
    assert name_tokens(name, generic) == tokens


@pytest.mark.parametrize(("name", "text", "matches"), [
    ("経費精算システム", "精算データの SFTP 送信", True),
    ("取引先の受注 EDI", "EDI 受信ジョブ", True),  # a Latin word in a Japanese name
    ("Azure Front Door Premium", "Front Door 5xx 割合", True),
    ("Northwind Freight", "Freight forwarding dashboard", True),  # half of the words
    ("Northwind Freight Partners", "Freight forwarding dashboard", False),
    ("Lumen Pay", "Lumen Pay takes card payments; shop-api calls it.", True),
    ("経費精算システム", "勤怠集計ジョブ", False),
    ("顧客管理システム", "在庫管理 DB の接続数", False),  # 管理 says what, not which
    ("顧客管理システム", "顧客 API のエラー率", True),
])
def test_name_matches(generic: tuple[str, ...], name: str, text: str, matches: bool) -> None:
    assert name_matches(name, text, generic) is matches


def test_bracketed_vendor_and_product_names_are_variants(bundle: Bundle) -> None:
    separators = bundle.vocab.term_list("crossdoc", "name_separators")
    markers = bundle.vocab.term_list("crossdoc", "company_markers")
    assert name_variants("経費精算システム（株式会社ケイヒラボ「KeihiCloud」）", separators,
                         markers) == ["経費精算システム（株式会社ケイヒラボ「KeihiCloud」）",
                                      "株式会社ケイヒラボ", "KeihiCloud"]
    # A bracketed description is not a name.
    assert name_variants("Lumen Pay (card acquiring)", separators, markers) == [
        "Lumen Pay (card acquiring)"]
