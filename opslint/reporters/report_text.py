"""The words of opslint's own reports, as data (rules/vocab/report_text.yaml)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from opslint.engine.vocab import DataError
from opslint.engine.yamlio import load_yaml
from opslint.resources import rules_dir

__all__ = ["report_words"]


@functools.cache
def _all() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    path = rules_dir() / "vocab" / "report_text.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of report → language → words")
    return data


def report_words(report: str, lang: str) -> Mapping[str, str]:
    """The words of one report in one language ("ja" or "en")."""
    try:
        return _all()[report][lang]
    except KeyError:
        raise DataError(
            f"rules/vocab/report_text.yaml: no words for report {report!r} in {lang!r}"
        ) from None
