"""Polarity and scope of mentions (opslint.facts.polarity): read by clause, in both languages.

Each case marks the mention with ⟦ ⟧; the marks are removed before reading, so the span is
exact even where the same name occurs twice.
"""

from __future__ import annotations

import pytest

from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.polarity import polarity, section_polarity
from opslint.resources import rules_dir


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
