"""Deterministic generator of synthetic ops design docs (Japanese/English mixed) for benchmarks.

Standard library only; the same seed and arguments always write the same bytes. The docs are
shaped like release procedures (16_Release_Procedure.md) and operation designs
(17_Operation_Design.md) so that opslint's rules run on them, and about a third of them carry
defects (a missing, empty or misplaced chapter, TBD placeholders, TODO comments).

    python bench/generate.py --standard bench/.work/corpus     # single, docs100, docs1000, large
    python bench/generate.py --out DIR --docs 100 --total-kb 2000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# name, docs, total KB (10^3 bytes), kind, seed: the four corpora bench/run.py times.
STANDARD = {
    "single": (1, 10, "release", 101),
    "docs100": (100, 2000, "mixed", 202),
    "docs1000": (1000, 20000, "mixed", 404),
    "large": (1, 5000, "operation", 303),
}

PEOPLE = ["山田 太郎", "佐藤 健一", "鈴木 花子", "高橋 直樹", "伊藤 翔太", "渡辺 大輔",
          "中村 美穂", "小林 誠", "加藤 恵", "吉田 拓也", "Alex Chen", "Maria Garcia", "Sam Lee",
          "Priya Nair"]
SERVICES = ["ShopFlow", "PayNova", "TicketHub", "MedLink", "LogiTrack", "EduPort", "FinLedger",
            "CloudDesk", "RideShare", "StreamBox", "HRBase", "AdPilot"]
TARGETS = ["ALB", "ECS `{svc}-api`", "ECS `{svc}-batch`", "Aurora PostgreSQL",
           "ElastiCache Redis", "CloudFront", "SQS `{svc}-events`", "Lambda `{svc}-webhook`",
           "EKS ノード", "外部API（決済）", "Route 53 ヘルスチェック", "S3（帳票）",
           "外形監視（Synthetics）", "Kafka `orders`"]
ITEMS = [  # (item, threshold template)
    ("CPU 使用率", "> {a}% が {m}分継続"),
    ("メモリ使用率", "> {a}% が {m}分継続"),
    ("p95 レイテンシ", "p95 > {b}ms が {m}分継続"),
    ("p99 latency", "p99 > {b}ms for {m} min"),
    ("5xx率", "> {c}% が {m}分継続"),
    ("Error rate", "> {c}% for {m} min"),
    ("キュー滞留数", "> {n}件 が {m}分継続"),
    ("レプリカラグ", "> {b}ms が {m}分継続"),
    ("正常ターゲット数", "< {k} が {m}分継続"),
    ("証明書の有効期限", "残り < {d}日"),
    ("ディスク使用率", "> {a}%"),
    ("SLO バーンレート（14.4倍）", "1時間窓と5分窓の両方で成立"),
    ("ジョブ終了コード", "終了コード ≠ 0 が {k}件以上"),
    ("DB 接続数", "> １，５００ が {m}分継続"),
]
LEVELS = ["Critical", "Warning", "Info", "P1", "P2", "重大", "警告"]
SLIS = ["可用性", "レイテンシ", "エラー率", "注文確定成功率", "対象外（容量）", "-",
        "Availability"]
ACTIONS = [
    "一次オンコールを呼出し、直近のデプロイを確認して切り戻す",
    "Auto Scaling の動作を確認する",
    "Performance Insights で上位クエリを確認する",
    "Page the on-call; fail over if the primary is down",
    "ジョブログを確認し、冪等なジョブは再実行する",
    "Open a ticket and review in the weekly sync",
    "キャッシュヒット率と TTL 設定を確認する<br>必要ならノードタイプを変更する",
]
TASKS = [
    "メンテナンスモード切替",
    "DBマイグレーション (`flyway migrate`)",
    "アプリケーションデプロイ",
    "スモークテスト",
    "Switch traffic to green",
    "キャッシュウォームアップ",
    "メンテナンス解除",
    "Feature flag `new_checkout` を 10% に設定",
    "ステータスページ更新",
    "監視ダッシュボード確認",
]
CHECKS = ["エラー率 < 0.1%", "`/healthz` が 200", "件数が事前値と一致", "p95 < 400ms",
          "No 5xx in ALB logs for 5 min", "Slack `#release` に報告", "□OK"]
CODE = {
    "bash": [
        "aws ecs update-service --cluster {svc}-prod --service {svc}-api --force-new-deployment",
        "kubectl rollout status deploy/{svc}-api -n prod --timeout=5m",
        "curl -fsS https://{svc}.example.com/healthz",
    ],
    "sql": ["SELECT count(*) FROM orders WHERE created_at >= now() - interval '5 minutes';",
            "ALTER TABLE payment_events ADD COLUMN trace_id text;"],
    "yaml": ["strategy:\n  type: BlueGreen\n  keep_old_for: 24h",
             "alert:\n  threshold: 0.01\n  for: 5m"],
}


@dataclass
class Doc:
    """A document under construction: a head and ordered chapters of text chunks."""

    head: list[str]
    # (number, heading line, body chunks); numbered subsections are added by _grow.
    chapters: list[tuple[str, str, list[str]]] = field(default_factory=list)
    # chapter number -> (subsection title, piece makers, weight) for the chapters that grow
    grow: dict[str, tuple[str, list[Callable[[], str]], int]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    frozen: set[str] = field(default_factory=set)  # chapters left empty on purpose

    def size(self) -> int:
        return sum(len(c.encode()) + 1 for c in self.head) + sum(
            len(t.encode()) + 1 + sum(len(c.encode()) + 1 for c in body)
            for _, t, body in self.chapters)

    def text(self) -> str:
        parts = list(self.head)
        for _, title, body in self.chapters:
            parts.append(title)
            parts.extend(body)
        return "\n".join(parts).rstrip("\n") + "\n"


class Writer:
    """Random content pieces, all drawn from one seeded generator."""

    def __init__(self, rng: random.Random, svc: str, en: bool) -> None:
        self.r, self.svc, self.en = rng, svc, en
        self.remaining = 0  # bytes still wanted; caps the size of the next monitor table

    def pick(self, pool: list[str]) -> str:
        return self.r.choice(pool).format(svc=self.svc.lower())

    def person(self) -> str:
        return self.r.choice(PEOPLE)

    def sentence(self) -> str:
        r = self.r
        who = self.person()
        runbook = f"https://wiki.example.com/{self.svc}/rb-{r.randint(1, 99):02d}"
        ja = [f"{self.svc} の本番環境（AWS 東京リージョン）を対象とし、時刻はすべて JST とする。",
              f"判断に迷う場合は {who} に連絡し、[Runbook]({runbook}) を参照する。",
              f"`{self.svc.lower()}-api` は {r.randint(3, 12)} タスクで稼働し、SLO は "
              f"{r.choice(['99.9', '99.95', '99.5'])}%（30日間）とする。",
              f"作業時間は {r.randint(30, 240)}分、うち {r.randint(10, 60)}分を"
              "切り戻し用の予備とする。"]
        en = [f"All times are JST; the window is {r.randint(1, 4)} hours "
              "including rollback buffer.",
              f"Escalate to {self.person()} if the error rate stays above {r.randint(1, 5)}% "
              f"for {r.randint(3, 15)} minutes.",
              "See the [architecture doc](03_Architecture.md) for the topology and failover path."]
        pool = en + ja[:2] if self.en else ja + en[:1]
        return r.choice(pool)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(1, 3))) + "\n"

    def fence(self, indent: str = "") -> str:
        lang = self.r.choice(list(CODE))
        body = self.pick(CODE[lang])
        lines = [f"```{lang}", *body.split("\n"), "```"]
        return "\n".join(indent + line for line in lines)

    def bullets(self, depth: int = 2) -> str:
        out = []
        for _ in range(self.r.randint(2, 4)):
            out.append(f"- {self.sentence()}")
            if depth > 1 and self.r.random() < 0.4:
                out.extend(f"  - {self.pick(CHECKS)}" for _ in range(self.r.randint(1, 3)))
        return "\n".join(out) + "\n"

    def checklist(self) -> str:
        return "\n".join(f"- [{self.r.choice([' ', 'x'])}] {self.pick(TASKS)}（{self.person()}）"
                         for _ in range(self.r.randint(3, 7))) + "\n"

    def steps(self) -> str:
        out = []
        for i in range(1, self.r.randint(3, 6)):
            out.append(f"{i}. {self.pick(TASKS)}: {self.sentence()}")
            if self.r.random() < 0.5:
                out.append(f"   - 確認 (Check): {self.pick(CHECKS)}")
            if self.r.random() < 0.45:
                out.extend(["", self.fence("   "), ""])
        return "\n".join(out) + "\n"

    def caution(self) -> str:
        head = "**Caution**" if self.en else "**注意 (Caution)**"
        return f"> {head}: {self.sentence()}\n>\n> - {self.pick(CHECKS)}\n"

    def table(self, header: list[str], rows: list[list[str]]) -> str:
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("--" for _ in header) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"

    def monitor_table(self, rows: int, start: int) -> str:
        r = self.r
        body = []
        for i in range(start, start + rows):
            item, threshold = r.choice(ITEMS)
            threshold = threshold.format(
                a=r.randint(60, 95), b=r.choice([200, 400, 900, 1000]),
                c=r.choice([0.1, 0.5, 1, 5]), m=r.choice([3, 5, 10, 15]),
                n=r.randint(100, 5000), k=r.randint(1, 3), d=r.randint(7, 30))
            action = self.pick(ACTIONS)
            action += f"（[RB-{r.randint(1, 60):02d}](https://wiki.example.com/rb/{i})）"
            body.append([f"M-{i:03d}", self.pick(TARGETS), item, threshold, r.choice(LEVELS),
                         action, r.choice(SLIS)])
        header = ["監視ID", "対象", "項目", "閾値", "通知レベル", "アクション", "SLI"]
        return self.table(header, body)

    def timeline(self, rows: int) -> str:
        minute = 60
        body = []
        for _ in range(rows):
            minute += self.r.choice([5, 10, 15, 20])
            body.append([f"{minute // 60:02d}:{minute % 60:02d}", self.pick(TASKS), self.person(),
                         self.pick(CHECKS)])
        return self.table(["時刻", "作業項目", "担当", "確認項目"], body)

    def escalation(self) -> str:
        rows = [[f"{i}次", f"{self.pick(LEVELS)} が {self.r.randint(5, 30)}分継続", self.person(),
                 self.r.choice(["電話", "Slack `#incident`", "PagerDuty", "メール"]),
                 f"{self.r.randint(5, 30)}分以内"] for i in range(1, self.r.randint(3, 5))]
        return self.table(["段階", "条件", "連絡先", "連絡手段", "目安時間"], rows)

    def revisions(self) -> str:
        rows = [[f"1.{i}", f"2026/{self.r.randint(1, 11):02d}/{self.r.randint(1, 28):02d}",
                 self.r.choice(["初版作成", "監視項目を追加", "Rollback steps updated",
                                "連絡網を更新"]),
                 self.person()] for i in range(self.r.randint(2, 5))]
        return self.table(["版", "日付", "変更内容", "作成者"], rows)


def _sub(number: str, title: str, *pieces: Callable[[], str]) -> str:
    return "\n".join([f"### {number} {title}", "", *(piece() for piece in pieces)])


def _front_matter(w: Writer, kind: str, title: str) -> list[str]:
    return ["---", f"title: {title}", f"service: {w.svc}", f"owner: {w.person()}",
            f"doc_kind: {kind}", "tags: [ops, prod]", "---",
            "<!-- 社外秘 (Confidential): 社内関係者以外への開示を禁ずる -->", ""]


def _chapter(w: Writer, number: str, ja: str, en: str) -> str:
    prefix = f"{number}. " if number else ""
    return f"## {prefix}{en} ({ja})\n" if w.en else f"## {prefix}{ja} ({en})\n"


def release_doc(w: Writer) -> Doc:
    r = w.r
    version = f"v{r.randint(1, 5)}.{r.randint(0, 9)}.0"
    title = f"{'Release Procedure' if w.en else 'リリース手順書'} — {w.svc} {version}"
    head = [*_front_matter(w, "release", title), f"# {title}", "",
            f"**リリース対象バージョン**: {version}  ",
            f"**リリース予定日時**: 2026/12/{r.randint(1, 28):02d} 01:00 - 05:00  ",
            f"**作業責任者**: {w.person()}", f"<!-- TODO({w.person()}): 承認者を確定する -->", ""]
    doc = Doc(head)
    doc.chapters = [
        ("1", _chapter(w, "1", "リリース概要", "Overview"), [w.paragraph(), w.bullets()]),
        ("2", _chapter(w, "2", "事前確認・準備", "T-1 day"),
         [w.checklist(), w.steps(), w.caution()]),
        ("3", _chapter(w, "3", "リリース当日の手順", "T-0"),
         [w.timeline(r.randint(8, 20)), w.steps()]),
        ("4", _chapter(w, "4", "切り戻し手順", "Rollback"), [w.paragraph(), w.steps()]),
        ("5", _chapter(w, "5", "リリース後確認", "Post-release"),
         [w.monitor_table(r.randint(5, 12), 1)]),
        ("6", _chapter(w, "6", "連絡網", "Contacts"), [w.escalation()]),
        ("", _chapter(w, "", "改訂履歴", "Revision history"), [w.revisions()]),
    ]
    doc.grow = {"1": ("リリース対象", [w.paragraph, w.bullets], 1),
                "2": ("作業詳細", [w.steps, w.caution, w.paragraph], 1),
                "3": ("ステップ", [w.steps, w.bullets], 1),
                "4": ("切り戻し判断", [w.bullets, w.steps], 1)}
    return doc


def operation_doc(w: Writer) -> Doc:
    r = w.r
    title = f"{'Operation Design' if w.en else '運用設計書'} — {w.svc}"
    doc = Doc([*_front_matter(w, "operation", title), f"# {title}", "", w.paragraph()])
    monitors = r.randint(20, max(20, min(200, w.remaining // 600)))
    doc.chapters = [
        ("1", _chapter(w, "1", "運用方針", "SRE Principles"), [w.paragraph(), w.bullets()]),
        ("2", _chapter(w, "2", "監視設計", "Observability"),
         [w.paragraph(), w.monitor_table(monitors, 1)]),
        ("3", _chapter(w, "3", "定常作業", "Routine Work"), [w.checklist()]),
        ("4", _chapter(w, "4", "障害対応", "Incident Management"),
         [w.escalation(), w.steps(), w.caution()]),
        ("5", _chapter(w, "5", "バックアップ・DR", "Backup and DR"),
         [w.paragraph(), w.bullets()]),
        ("6", _chapter(w, "6", "運用体制・連絡網", "Team and contacts"), [w.escalation()]),
        ("", _chapter(w, "", "改訂履歴", "Revision history"), [w.revisions()]),
    ]
    counter = [monitors + 1]

    def more_monitors() -> str:
        rows = r.randint(20, max(20, min(200, w.remaining // 250)))
        counter[0] += rows
        return w.monitor_table(rows, counter[0] - rows)

    # A monitor table is ~20x the size of the other pieces: pick it rarely (weight 1 vs 6) so
    # tables stay near half of a large doc's bytes rather than nearly all of them.
    doc.grow = {"2": ("監視項目一覧（サブシステム）", [w.paragraph, more_monitors], 1),
                "3": ("日次・週次作業", [w.checklist, w.steps], 6),
                "4": ("対応フロー", [w.steps, w.caution], 6),
                "5": ("バックアップ", [w.bullets, w.steps], 6)}
    return doc


def _grow(w: Writer, doc: Doc, target: int) -> None:
    """Append numbered subsections to the growable chapters until the doc reaches ``target``."""
    present = {number for number, _, _ in doc.chapters}
    keys = sorted(k for k in doc.grow if k in present and k not in doc.frozen)
    if not keys:
        return
    chances = [doc.grow[k][2] for k in keys]
    index = {number: i for i, (number, _, _) in enumerate(doc.chapters)}
    size = doc.size()
    while size < target:
        w.remaining = target - size
        number = w.r.choices(keys, chances)[0]
        doc.numbers[number] = doc.numbers.get(number, 0) + 1
        name, makers, _ = doc.grow[number]
        chunk = _sub(f"{number}.{doc.numbers[number]}", name, *makers) + "\n"
        doc.chapters[index[number]][2].append(chunk)
        size += len(chunk.encode()) + 1


def _defects(w: Writer, doc: Doc) -> None:
    """About one doc in three gets a defect the outline and placeholder rules should catch."""
    r = w.r
    roll = r.random()
    if roll < 0.08:
        del doc.chapters[r.randrange(1, 6)]
    elif roll < 0.16:
        number, _, body = doc.chapters[r.randrange(0, 6)]
        body[:] = []
        doc.frozen.add(number)
    elif roll < 0.24:
        i = r.randrange(0, 5)
        doc.chapters[i], doc.chapters[i + 1] = doc.chapters[i + 1], doc.chapters[i]
    elif roll < 0.34:
        doc.chapters[r.randrange(0, 6)][2].insert(0, "TBD（要確認 / to be confirmed）\n")


def make_doc(kind: str, seed: str, target_bytes: int) -> str:
    """One doc of about ``target_bytes`` (never much less; the base doc may be larger)."""
    rng = random.Random(seed)
    w = Writer(rng, rng.choice(SERVICES), en=rng.random() < 0.2)
    w.remaining = target_bytes
    doc = release_doc(w) if kind == "release" else operation_doc(w)
    _defects(w, doc)
    _grow(w, doc, target_bytes)
    return doc.text()


def _names(index: int, kind: str) -> str:
    if index % 5 == 4:
        return "16_リリース手順書.md" if kind == "release" else "17_運用設計書.md"
    return "16_Release_Procedure.md" if kind == "release" else "17_Operation_Design.md"


def generate(out: Path, docs: int, total_kb: int, kind: str, seed: int) -> list[Path]:
    """Write ``docs`` docs totalling about ``total_kb`` KB under ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    mean = total_kb * 1000 / docs
    # Sizes spread 0.4x-1.8x around the mean, rescaled so the total matches.
    weights = [rng.uniform(0.4, 1.8) for _ in range(docs)] if docs > 1 else [1.0]
    scale = total_kb * 1000 / sum(weights)
    paths = []
    for i, weight in enumerate(weights):
        doc_kind = kind if kind != "mixed" else ("release", "operation")[i % 2]
        target = int(weight * scale if docs > 1 else mean)
        folder = out / f"svc-{i // 2 + 1:03d}" if docs > 1 else out
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / _names(i // 2, doc_kind)
        path.write_text(make_doc(doc_kind, f"{seed}:{i}", target), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def describe(paths: list[Path]) -> dict[str, int]:
    """Shape of a corpus: docs, bytes, lines, headings, table rows, fences."""
    stats = {"docs": len(paths), "bytes": 0, "lines": 0, "headings": 0, "table_rows": 0,
             "fences": 0}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        stats["bytes"] += len(text.encode())
        stats["lines"] += text.count("\n")
        stats["headings"] += len(re.findall(r"(?m)^#{1,6} ", text))
        stats["table_rows"] += len(re.findall(r"(?m)^\| (?!--)", text))
        stats["fences"] += len(re.findall(r"(?m)^\s*```\w", text))
    return stats


def standard(root: Path) -> dict[str, dict[str, int]]:
    return {name: describe(generate(root / name, docs, kb, kind, seed))
            for name, (docs, kb, kind, seed) in STANDARD.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standard", type=Path, metavar="ROOT",
                        help="write the four benchmark corpora under ROOT")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--docs", type=int, default=1)
    parser.add_argument("--total-kb", type=int, default=10)
    parser.add_argument("--kind", choices=["release", "operation", "mixed"], default="mixed")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.standard:
        print(json.dumps(standard(args.standard), indent=2))
    elif args.out:
        print(json.dumps(describe(generate(args.out, args.docs, args.total_kb, args.kind,
                                           args.seed)), indent=2))
    else:
        parser.error("give --standard ROOT or --out DIR")
    return 0


if __name__ == "__main__":
    sys.exit(main())
