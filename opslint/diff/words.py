"""The words `opslint diff` uses for commitment kinds, fields and directions, ja and en."""

from __future__ import annotations

__all__ = ["direction_label", "field_label", "kind_label"]

_DIRECTIONS = {
    "ja": {"strengthened": "強化", "weakened": "弱化", "neutral": "変更"},
    "en": {"strengthened": "strengthened", "weakened": "weakened", "neutral": "changed"},
}
_KINDS = {
    "ja": {
        "slo": "SLO",
        "sli": "SLI",
        "error_budget": "エラーバジェット",
        "budget_policy": "エラーバジェットの運用ルール",
        "monitor": "監視項目",
        "alert_route": "アラートの通知先",
        "escalation": "エスカレーション",
        "on_call": "オンコール",
        "contact": "連絡先の役割",
        "severity": "インシデントの重大度",
        "rto": "RTO",
        "rpo": "RPO",
        "nfr": "非機能要件",
        "backup": "バックアップ",
        "dr_strategy": "DR 方式",
        "recovery_time": "復旧の所要時間",
        "audit_log": "監査ログ",
        "deploy_strategy": "デプロイ方式",
        "release_window": "リリース作業枠",
        "rollback_criterion": "切り戻し基準",
        "release_owner": "作業責任者",
        "decider": "判断者",
        "approver": "承認者",
    },
    "en": {
        "slo": "SLO",
        "sli": "SLI",
        "error_budget": "error budget",
        "budget_policy": "error budget policy",
        "monitor": "monitor",
        "alert_route": "alert route",
        "escalation": "escalation",
        "on_call": "on-call role",
        "contact": "contact role",
        "severity": "incident severity",
        "rto": "RTO",
        "rpo": "RPO",
        "nfr": "non-functional requirement",
        "backup": "backup",
        "dr_strategy": "DR strategy",
        "recovery_time": "recovery time",
        "audit_log": "audit log",
        "deploy_strategy": "deploy strategy",
        "release_window": "release window",
        "rollback_criterion": "rollback criterion",
        "release_owner": "release owner",
        "decider": "decision owner",
        "approver": "approver",
    },
}
_FIELDS = {
    "ja": {
        "": "",
        "target": "目標値",
        "window": "期間",
        "budget": "許容量",
        "trigger": "発動条件",
        "action": "措置",
        "id": "ID",
        "threshold": "閾値",
        "level": "レベル",
        "channel": "通知先",
        "sli": "SLI との対応",
        "delay": "経過時間",
        "response": "初動目標",
        "value": "目標値",
        "method": "方式",
        "frequency": "頻度",
        "retention": "保持期間",
        "hot_retention": "即時検索できる期間",
        "strategy": "方式",
        "failover": "フェイルオーバー",
        "restore": "リストア",
        "deadline": "期限",
        "members": "担当者",
        "role": "役割",
    },
    "en": {
        "": "",
        "target": "target",
        "window": "window",
        "budget": "budget",
        "trigger": "trigger",
        "action": "action",
        "id": "ID",
        "threshold": "threshold",
        "level": "level",
        "channel": "channel",
        "sli": "SLI link",
        "delay": "after",
        "response": "response time",
        "value": "value",
        "method": "method",
        "frequency": "frequency",
        "retention": "retention",
        "hot_retention": "searchable retention",
        "strategy": "strategy",
        "failover": "failover",
        "restore": "restore",
        "deadline": "deadline",
        "members": "held by",
        "role": "role",
    },
}


def _lang(lang: str) -> str:
    return "ja" if lang == "ja" else "en"


def direction_label(direction: str, lang: str) -> str:
    return _DIRECTIONS[_lang(lang)].get(direction, direction)


def kind_label(kind: str, lang: str) -> str:
    return _KINDS[_lang(lang)].get(kind, kind)


def field_label(field: str, lang: str) -> str:
    return _FIELDS[_lang(lang)].get(field, field)
