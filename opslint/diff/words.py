"""The words `opslint diff` uses for commitment kinds, fields and directions, ja and en."""

from __future__ import annotations

__all__ = ["direction_label", "field_label", "kind_label"]

_DIRECTIONS = {
    "ja": {"strengthened": "強化", "weakened": "弱化", "neutral": "変更"},
    "en": {"strengthened": "strengthened", "weakened": "weakened", "neutral": "changed"},
}
_KINDS = {
    "ja": {"slo": "SLO"},
    "en": {"slo": "SLO"},
}
_FIELDS = {
    "ja": {"": "", "target": "目標値"},
    "en": {"": "", "target": "target"},
}


def _lang(lang: str) -> str:
    return "ja" if lang == "ja" else "en"


def direction_label(direction: str, lang: str) -> str:
    return _DIRECTIONS[_lang(lang)].get(direction, direction)


def kind_label(kind: str, lang: str) -> str:
    return _KINDS[_lang(lang)].get(kind, kind)


def field_label(field: str, lang: str) -> str:
    return _FIELDS[_lang(lang)].get(field, field)
