"""The headings and labels of the `opslint diff` reports (text and Markdown), ja and en."""

from __future__ import annotations

__all__ = ["label"]

_LABELS: dict[str, tuple[str, str]] = {  # key: (ja, en)
    "title": ("opslint diff: コミットメントの変化", "opslint diff: what the change does to "
              "the commitments"),
    "range": ("比較: {base} → {head}", "Compared: {base} → {head}"),
    "totals": ("弱化 {weakened} / 強化 {strengthened} / 変更 {neutral}、指摘 +{introduced} "
               "−{resolved}、質問 +{added} −{answered}",
               "{weakened} weakened, {strengthened} strengthened, {neutral} changed; "
               "findings +{introduced} −{resolved}; questions +{added} −{answered}"),
    "nothing": ("コミットメント・指摘・質問に変化はありません。",
                "No commitment, finding or question changed."),
    "weakened": ("弱化したコミットメント", "Weakened commitments"),
    "other": ("その他のコミットメントの変化", "Other commitment changes"),
    "documents": ("文書の追加・削除・名前変更", "Documents added, removed or renamed"),
    "introduced": ("新たな指摘", "Findings introduced"),
    "resolved": ("解消された指摘", "Findings resolved"),
    "q_added": ("新たな未確認事項（ゲート別）", "Open questions added (per gate)"),
    "q_answered": ("回答された未確認事項（ゲート別）", "Open questions answered (per gate)"),
    "col_commitment": ("コミットメント", "Commitment"),
    "col_change": ("変化", "Change"),
    "col_old": ("変更前", "Before"),
    "col_new": ("変更後", "After"),
    "col_where": ("場所", "Where"),
    "col_direction": ("方向", "Direction"),
    "col_rule": ("規則", "Rule"),
    "col_message": ("内容", "Message"),
    "col_gate": ("ゲート", "Gate"),
    "col_question": ("質問", "Question"),
    "added": ("追加", "added"),
    "removed": ("削除", "removed"),
    "renamed": ("名前変更", "renamed"),
    "changed": ("変更", "changed"),
    "gate": ("ゲート{gate}", "Gate {gate}"),
    "more": ("{count} 件（クリックで表示）", "{count} items (click to show)"),
    "rest": ("ほか {count} 件（すべては `--format json` で）",
             "… and {count} more (all of them: `--format json`)"),
}


def label(key: str, lang: str, **values: object) -> str:
    ja, en = _LABELS[key]
    return (ja if lang == "ja" else en).format(**values)
