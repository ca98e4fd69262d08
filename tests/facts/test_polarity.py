"""Polarity and scope of mentions (opslint.facts.polarity): read by clause, in both languages.

Each case marks the mention with ⟦ ⟧; the marks are removed before reading, so the span is
exact even where the same name occurs twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.document.load import decode
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import DocumentFacts
from opslint.facts.polarity import polarity, section_polarity
from opslint.resources import rules_dir
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


# (id, text with the mention in ⟦ ⟧, expected polarity)
CASES = [
    # --- Japanese: negation follows the noun, within its clause
    ("ja-neg-after", "決済ログの保管に ⟦Elasticsearch⟧ は採用しない。", "negated"),
    ("ja-neg-zu", "⟦Redis⟧ を使わず、セッションは DB に保存する。", "negated"),
    ("ja-zu-next-clause", "Redis を使わず、セッションは ⟦Aurora⟧ に保存する。", "adopted"),
    ("ja-mixed-adopt", "監視は ⟦Datadog⟧ で行い、Grafana は使わない。", "adopted"),
    ("ja-mixed-reject", "監視は Datadog で行い、⟦Grafana⟧ は使わない。", "negated"),
    ("ja-two-sentences-adopt", "⟦Kubernetes⟧ を採用する。Nomad は不採用とした。", "adopted"),
    ("ja-two-sentences-reject", "Kubernetes を採用する。⟦Nomad⟧ は不採用とした。", "negated"),
    ("ja-fullwidth-reject", "⟦ＧｉｔＬａｂ　ＣＩ⟧ は使用しない．Jenkins を使う", "negated"),
    ("ja-fullwidth-period", "ＧｉｔＬａｂ　ＣＩ は使用しない．⟦Jenkins⟧ を使う", "adopted"),
    ("ja-okazu", "⟦API Gateway⟧ を置かずに、CloudFront から直接 ALB へ転送する。", "negated"),
    ("ja-okazu-other", "API Gateway を置かずに、⟦CloudFront⟧ から直接 ALB へ転送する。", "adopted"),
    ("ja-nashi-label", "⟦WAF⟧：なし", "negated"),
    ("ja-fuyou", "社内向けなので ⟦CloudFront⟧ は不要", "negated"),
    ("ja-of-act", "⟦Datadog⟧ の導入は見送る。", "negated"),
    ("ja-of-other-noun", "⟦EKS⟧ クラスタの公開エンドポイントは設けない。", "adopted"),
    ("ja-list-tied", "⟦ECS⟧、Lambda はいずれも採用しない。", "negated"),
    ("ja-list-glued", "⟦Netlify⟧ でホスティング、Heroku不採用", "adopted"),
    ("ja-dewanaku", "⟦Cloud SQL⟧ ではなく Spanner を使う", "negated"),
    ("ja-dewanaku-other", "Cloud SQL ではなく ⟦Spanner⟧ を使う", "adopted"),
    ("ja-label-before", "不採用：⟦Heroku⟧、Netlify", "negated"),
    ("ja-annotation", "⟦Heroku⟧（不採用）", "negated"),
    # --- Japanese: planned, example, out of scope
    ("ja-planned", "⟦Amazon S3⟧ へのアーカイブ複製は 2027 年度に導入予定。", "planned"),
    ("ja-planned-shourai", "将来的には ⟦Spanner⟧ への移行も検討中", "planned"),
    ("ja-example-paren", "通知先（例：⟦Slack⟧）を記入する", "example"),
    ("ja-example-tatoeba", "たとえば ⟦PagerDuty⟧ のような当番ツールを使う", "example"),
    ("ja-example-prefix", "（例）⟦Datadog⟧ のダッシュボード", "example"),
    ("ja-out-of-scope", "⟦Cloud Run⟧ は本書の対象外とする", "out_of_scope"),
    # --- Japanese: parentheses
    ("ja-paren-reached", "CDN（⟦CloudFront⟧ など）は今回導入しない。", "negated"),
    ("ja-paren-own-cue", "⟦Aurora⟧（読み取りレプリカ 2 台、将来はクロスリージョン化を検討）を使う",
     "adopted"),
    ("ja-paren-sentence", "バックアップは対象外（状態は Git から ⟦Argo CD⟧ で戻す）", "adopted"),
    # --- tables: a cell is a clause of its own
    ("table-other-cell", "| ⟦Redis⟧ | バックアップなし（再構築する） |", "adopted"),
    ("table-own-cell", "| キャッシュ | ⟦Redis⟧ は使わない |", "negated"),
    # --- English: negation before or after the noun
    ("en-not-used", "⟦Cloud Build⟧ pipelines are not used for releases.", "negated"),
    ("en-semicolon-reject", "We chose Argo CD; ⟦Flux⟧ is not used.", "negated"),
    ("en-semicolon-adopt", "We chose ⟦Argo CD⟧; Flux is not used.", "adopted"),
    ("en-do-not-operate", "We do not operate an ⟦active-active⟧ topology.", "negated"),
    ("en-rather-than-adopt", "Releases use ⟦canary⟧ analysis rather than blue/green switching.",
     "adopted"),
    ("en-rather-than-reject", "Releases use canary analysis rather than ⟦blue/green⟧ switching.",
     "negated"),
    ("en-instead-of", "Infrastructure is written in Terraform instead of ⟦Pulumi⟧.", "negated"),
    ("en-instead-of-other", "Infrastructure is written in ⟦Terraform⟧ instead of Pulumi.",
     "adopted"),
    ("en-no", "There is no ⟦WAF⟧ in front of the internal API.", "negated"),
    ("en-no-modifier", "After promotion no ⟦canary⟧ pods remain.", "adopted"),
    ("en-without-stop", "Deploys happen without downtime thanks to ⟦blue/green⟧.", "adopted"),
    ("en-without", "The API runs without a separate ⟦API Gateway⟧.", "negated"),
    ("en-migrated-from", "We migrated from ⟦Jenkins⟧ to GitHub Actions last year.", "negated"),
    ("en-migrated-to", "We migrated from Jenkins to ⟦GitHub Actions⟧ last year.", "adopted"),
    ("en-but-adopt", "Traffic goes through ⟦Cloudflare⟧, but CloudFront is not used.", "adopted"),
    ("en-but-reject", "Traffic goes through Cloudflare, but ⟦CloudFront⟧ is not used.", "negated"),
    ("en-label", "Not adopted: Docker Swarm, ⟦Nomad⟧", "negated"),
    ("en-annotation", "⟦Heroku⟧ (deprecated)", "negated"),
    # --- English: planned, example, out of scope
    ("en-planned", "A ⟦hot standby⟧ region is planned for 2028.", "planned"),
    ("en-while-planned", "Logs stay in Loki while ⟦Elasticsearch⟧ is being evaluated.", "planned"),
    ("en-while-adopted", "Logs stay in ⟦Loki⟧ while Elasticsearch is being evaluated.", "adopted"),
    ("en-eg", "Pick a pager tool, e.g. ⟦Opsgenie⟧.", "example"),
    ("en-eg-next-sentence", "Use a status channel, e.g. Slack. ⟦PagerDuty⟧ pages on-call.",
     "adopted"),
    ("en-for-example", "For example, ⟦Grafana⟧ dashboards can show the burn rate.", "example"),
    ("en-out-of-scope", "⟦Heroku⟧ is out of scope for this document.", "out_of_scope"),
    ("en-planned-maintenance", "During planned maintenance, ⟦Cloud SQL⟧ accepts reads only.",
     "adopted"),
    ("en-enumerated", "(1) revisit the design in the future (2) post in ⟦Slack⟧", "adopted"),
    # --- a unit over several lines: a wrapped sentence, then a label line
    ("wrapped-sentence", "A ⟦warm standby⟧ in a second region\nis planned for next year.",
     "planned"),
    ("label-line-adopt", "**DR**: ⟦Pilot light⟧\n**Future**: hot standby", "adopted"),
    ("label-line-planned", "**DR**: Pilot light\n**Future**: ⟦hot standby⟧", "planned"),
]


def _span(marked: str) -> tuple[str, int, int]:
    start = marked.index("⟦")
    end = marked.index("⟧") - 1
    return marked.replace("⟦", "").replace("⟧", ""), start, end


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_polarity(vocab: Vocab, marked: str, expected: str) -> None:
    text, start, end = _span(marked)
    assert polarity(vocab, text, start, end) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("第5章 不採用とした選択肢", "negated"),
    ("Roadmap", "planned"),
    ("7. 対象外", "out_of_scope"),
    ("記入例", "example"),
    ("3. 構成", "adopted"),
    ("Future plans", "planned"),
])
def test_section_polarity(vocab: Vocab, title: str, expected: str) -> None:
    assert section_polarity(vocab, title) == expected


def _facts(vocab: Vocab, text: str, kind: DocKind) -> DocumentFacts:
    doc = parse_document(Path("doc.md"), decode(text.encode("utf-8")), kind)
    return extract_facts(doc, vocab)


def _polarities(facts: DocumentFacts) -> dict[tuple[str, int], str]:
    return {(m.name, m.line): m.polarity for m in facts.mentions}


ARCHITECTURE = """\
# アーキテクチャ設計書

## 1. 構成

デプロイは Argo CD で行う。Flux は使わない。
インフラは Terraform で管理し、
Pulumi は採用しない。

| 用途 | 方針 |
|---|---|
| キャッシュ | Redis は使わない |
| セッション | Memorystore に保存する |

## 2. Amazon CloudFront

外部公開の入口は ALB とする。

## 3. Jenkins

Jenkins は 2025 年に廃止した。

## 4. GitHub Actions

ビルドは GitHub Actions で行う。

## 5. 採用しない構成

- Nomad
- Pulumi（検討の結果）

## 6. Roadmap

- Cloud Spanner
"""


def test_each_mention_takes_its_own_clause(vocab: Vocab) -> None:
    found = _polarities(_facts(vocab, ARCHITECTURE, DocKind.ARCHITECTURE))
    assert found[("Argo CD", 5)] == "adopted"
    assert found[("Flux", 5)] == "negated"
    assert found[("Terraform", 6)] == "adopted"
    assert found[("Pulumi", 7)] == "negated"
    assert found[("Redis", 11)] == "negated"
    assert found[("Memorystore", 12)] == "adopted"


def test_heading_mentions_follow_their_body(vocab: Vocab) -> None:
    facts = _facts(vocab, ARCHITECTURE, DocKind.ARCHITECTURE)
    found = _polarities(facts)
    assert ("Amazon CloudFront", 14) not in found  # named only by its chapter title
    assert found[("Jenkins", 18)] == "negated"  # the body retires it
    assert found[("GitHub Actions", 22)] == "adopted"  # the body adopts it


def test_headings_give_their_section_a_scope(vocab: Vocab) -> None:
    found = _polarities(_facts(vocab, ARCHITECTURE, DocKind.ARCHITECTURE))
    assert found[("Nomad", 28)] == "negated"
    assert found[("Pulumi", 29)] == "negated"
    assert found[("Cloud Spanner", 33)] == "planned"


def test_named_and_names_give_adopted_mentions_only(vocab: Vocab) -> None:
    facts = _facts(vocab, ARCHITECTURE, DocKind.ARCHITECTURE)
    assert facts.names("ci_cd") == ("Argo CD", "GitHub Actions")
    assert facts.names("iac") == ("Terraform",)
    # Memorystore is a Redis: the rejected Redis of line 11 is not what names it.
    assert [(m.name, m.line) for m in facts.named("datastore")] == [
        ("Memorystore", 12), ("Redis", 12)]
    assert all(m.polarity == "adopted" for m in facts.named("ci_cd", "iac", "datastore"))


def test_a_name_adopted_once_is_adopted(vocab: Vocab) -> None:
    text = "# 設計\n\n監視は Datadog で行う。\n\nDatadog の APM は使わない。\n"
    facts = _facts(vocab, text, DocKind.ARCHITECTURE)
    assert facts.names("monitoring") == ("Datadog",)


def test_strategies_only_adopted(vocab: Vocab) -> None:
    operation = _facts(vocab, "# 運用設計書\n\n## DR\n\nDR 方式はウォームスタンバイとする。"
                       "アクティブ/アクティブ構成は採用しない。\nホットスタンバイは将来検討する。\n",
                       DocKind.OPERATION)
    assert [m.name for m in operation.operation.dr_strategies] == ["warm_standby"]
    release = _facts(vocab, "# Release procedure\n\n## Deployment\n\nWe release with canary "
                     "analysis. Blue/green is not used.\n", DocKind.RELEASE)
    assert [m.name for m in release.release.deploy_strategies] == ["canary"]


# --------------------------------------------------------------------------- end to end


def _summary(paths: list[Path]) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["summary", "--format", "json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def _documents(name: str) -> list[Path]:
    """The set's five documents (not its notes, which quote the rejected names)."""
    return sorted((ROOT / "tests" / "fixtures" / "sets" / name).glob("[01]*.md"))


def _infrastructure(data: dict[str, Any]) -> set[str]:
    return {item["name"] for items in data["infrastructure"].values() for item in items}


def _tools(data: dict[str, Any]) -> set[str]:
    return {name for names in data["facts"]["tools"].values() for name in names}


def test_summary_lists_no_rejected_or_planned_thing_en() -> None:
    data = _summary(_documents("en-tidewater"))
    rejected = {"active_active", "warm_standby"}
    assert not rejected & set(data["facts"]["dr_strategies"])
    assert not rejected & {n["name"] for n in data["dr_strategies"]}
    assert not {"Cloud Run", "Cloud SQL", "multi_region"} & _infrastructure(data)
    assert {"Cloud Spanner", "Google Kubernetes Engine"} <= _infrastructure(data)
    assert {"Argo CD", "GitHub Actions"} <= _tools(data)


def test_summary_lists_no_rejected_or_planned_thing_ja() -> None:
    data = _summary(_documents("ja-souko"))
    assert "active_active" not in data["facts"]["dr_strategies"]
    assert {n["name"] for n in data["dr_strategies"]} == {"warm_standby"}
    assert "Amazon S3" not in _infrastructure(data)
    assert {"PostgreSQL", "Kubernetes"} <= _infrastructure(data)
    assert {"GitLab CI", "Argo CD"} <= _tools(data)
