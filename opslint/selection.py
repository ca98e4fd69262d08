"""A config's rule selection and per-rule settings, checked against the rules and applied.

Selectors (``select``, ``ignore``, ``extend-select``, ``extend-ignore``, the lists of
``per-file-ignores``, the keys of ``[rules.*]``, ``--select`` and ``--ignore``) must each
name at least one rule: a full id, a prefix of ids (``REL``, ``REL0``), a rule name, or
``ALL`` (engine/selectors.py). An unknown one is a ``ConfigError`` (exit 2) naming it and
the closest known selector, instead of a run that silently checks nothing.

``[rules.REL001]`` sets a rule's ``severity``; its other keys are the parameters of the
rule's check kind, validated by that kind's model (checks/<family>/params.py) over the
rule file's own, so they can only be given for one rule (its id or name). When several
keys name a rule (``[rules.MON]`` and ``[rules.MON003]``) the most specific one wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from opslint.config import Config, ConfigError, RuleSettings
from opslint.configfile import key_name, plain_errors, shown
from opslint.engine.selectors import selected, specificity

if TYPE_CHECKING:
    from opslint.engine.registry import Rule
    from opslint.lint import Bundle

__all__ = ["apply_command_line", "check_config", "configured_rules", "effective_selection"]

_LISTS = {"select": "select", "ignore": "ignore", "extend-select": "extend_select",
          "extend-ignore": "extend_ignore"}
_VALID = ("a rule id, a prefix of ids such as REL or REL0, a rule name, or ALL; "
          "`opslint rules` lists them")


def effective_selection(config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(select, ignore) with the extend-* lists added; an empty select selects every rule."""
    select = (*config.select, *config.extend_select) if config.select else ()
    return select, (*config.ignore, *config.extend_ignore)


def _known(catalogue: Sequence[tuple[str, str]]) -> list[str]:
    """Every valid selector (for suggestions): ids, names, families and ALL."""
    ids = [i for i, _ in catalogue]
    families = sorted({i.rstrip("0123456789") for i in ids})
    return [*ids, *(n for _, n in catalogue), *families, "ALL"]


def _valid(selector: str, catalogue: Sequence[tuple[str, str]]) -> bool:
    return any(specificity(selector, i, n) is not None for i, n in catalogue)


def _shared_start(one: str, other: str) -> int:
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def _unknown(selector: str, catalogue: Sequence[tuple[str, str]]) -> str:
    candidates = _known(catalogue)
    import difflib  # only to suggest a name: a run with valid selectors never needs it

    close = difflib.get_close_matches(selector, candidates, n=8, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(selector.upper(), candidates, n=8, cutoff=0.6)
    # Among equally close ones, the one sharing the longest start (REL01X: REL019, not REL051).
    close.sort(key=lambda c: -_shared_start(c, selector.upper()))
    hint = f"; did you mean '{close[0]}'?" if close else f" (expected {_VALID})"
    return f"unknown rule '{selector}'{hint}"


def check_config(config: Config, bundle: Bundle,
                 command_line: Mapping[str, Sequence[str]] | None = None) -> None:
    """Raise ``ConfigError`` for every selector that names no rule and every bad
    ``[rules.*]`` setting; cheap on a cached run unless ``[rules.*]`` gives parameters."""
    command_line = command_line or {}
    entries: list[tuple[str, str, str]] = []  # (where, key, selector)
    for key, attr in _LISTS.items():
        for selector in getattr(config, attr):
            if selector in command_line.get(key, ()):
                entries.append((f"--{key}", "", selector))
            else:
                entries.append((config.origins.get(key, _default(config)), key, selector))
    for pattern, codes in config.per_file_ignores.items():
        where = config.origins.get(f"per-file-ignores.{pattern}", _default(config))
        entries.extend((where, f'per-file-ignores."{pattern}"', code) for code in codes)
    for name in config.rules:
        entries.append((config.origins.get(f"rules.{name}", _default(config)), f"rules.{name}",
                        name))
    if not entries:
        return
    catalogue = bundle.catalogue()
    problems = []
    for where, key, selector in entries:
        if not _valid(selector, catalogue):
            named = f"key '{key_name(where, key)}': " if key else ""
            problems.append(f"{shown(where)}: {named}{_unknown(selector, catalogue)}")
    for name, settings in config.rules.items():
        several = not any(name in pair for pair in catalogue) and _valid(name, catalogue)
        if settings.options() and several:
            where = config.origins.get(f"rules.{name}", _default(config))
            problems.append(
                f"{shown(where)}: key '{key_name(where, 'rules.' + name)}' names several rules; "
                f"parameters ({', '.join(settings.options())}) are set for one rule at a "
                f"time, by its id or name (only severity can be set for a prefix)")
    if problems:
        raise ConfigError("\n".join(problems))
    if any(s.options() for s in config.rules.values()):
        _configure(bundle, config)  # raises for a parameter the rule's kind refuses


def _default(config: Config) -> str:
    return config.source or "config"


def apply_command_line(config: Config, bundle: Bundle, select: Sequence[str],
                       ignore: Sequence[str]) -> Config:
    """``--select`` replaces the config's select and extend-select; ``--ignore`` adds to its
    ignore. Every selector, from the files and the command line, is then checked."""
    updates: dict[str, Any] = {}
    origins = dict(config.origins)
    if select:
        updates.update(select=list(select), extend_select=[])
        origins["select"] = "command line (--select)"
        origins.pop("extend-select", None)
    if ignore:
        updates["ignore"] = [*config.ignore, *ignore]
        before = origins.get("ignore")
        origins["ignore"] = f"{before}, command line (--ignore)" if before else \
            "command line (--ignore)"
    if updates:
        config = config.model_copy(update={**updates, "origins": origins})
    check_config(config, bundle, {"select": select, "ignore": ignore})
    return config


def _settings_for(rule: Rule, rules: Mapping[str, RuleSettings]
                  ) -> tuple[str | None, RuleSettings | None, str | None]:
    """The most specific ``[rules.*]`` entry naming a rule that sets its severity, and the
    entry naming it exactly (its parameters)."""
    best: tuple[int, str] | None = None
    exact: str | None = None
    for key, settings in rules.items():
        rank = specificity(key, rule.id, rule.spec.name)
        if rank is None:
            continue
        if key in (rule.id, rule.spec.name):
            exact = key
        if settings.severity is not None and (best is None or rank > best[0]):
            best = (rank, key)
    severity = rules[best[1]].severity if best else None
    return severity, rules[exact] if exact else None, exact


def _configure(bundle: Bundle, config: Config) -> tuple[Rule, ...]:
    """Every rule with its ``[rules.*]`` severity and parameters applied."""
    if not config.rules:
        return bundle.rules
    from opslint.engine.findings import Severity

    out = []
    for rule in bundle.rules:
        severity, exact, key = _settings_for(rule, config.rules)
        if severity is not None:
            rule = replace(rule, spec=rule.spec.model_copy(
                update={"severity": Severity(severity)}))
        if exact is not None and key is not None and exact.options():
            rule = replace(rule, params=_params(rule, exact.options(), bundle, config, key))
        out.append(rule)
    return tuple(out)


def _params(rule: Rule, options: dict[str, Any], bundle: Bundle, config: Config,
            key: str) -> Any:
    from pydantic import ValidationError

    from opslint.engine.paramspec import param_fields, validate_params
    from opslint.engine.references import References, check_references

    where = shown(config.origins.get(f"rules.{key}", _default(config)))
    dotted = key_name(where, f"rules.{key}")
    if rule.check is None:
        raise ConfigError(f"{where}: key '{dotted}': {rule.id} is the engine's own rule and "
                          f"takes no parameters, only severity")
    model = rule.check.params
    fields = set(param_fields(model))
    for option in options:
        if option not in fields:
            import difflib

            close = difflib.get_close_matches(option, sorted(fields), n=1, cutoff=0.6)
            known = (f"did you mean '{close[0]}'?" if close else
                     f"{rule.id} ({rule.check.name}) takes "
                     + (", ".join(sorted(fields)) if fields else "no parameters")
                     + ", and severity")
            raise ConfigError(f"{where}: unknown key '{dotted}.{option}' for {rule.id}; "
                              f"{known}")
    try:
        params = validate_params(model, {**rule.spec.check.params(), **options})
    except ValidationError as error:
        raise ConfigError(plain_errors(error, model, {}, where, prefix=("rules", key))
                          ) from None
    problems = check_references(params, References(bundle.vocab, bundle.outlines))
    if problems:
        raise ConfigError("\n".join(f"{where}: " + p.replace("key 'check.", f"key '{dotted}.", 1)
                                    for p in problems))
    return params


_MEMO: list[tuple[Bundle, Config, tuple[list[Rule], dict[str, Rule]]]] = []


def configured_rules(bundle: Bundle, config: Config) -> tuple[list[Rule], dict[str, Rule]]:
    """The rules that run (selected, with ``[rules.*]`` applied) and the engine's own rules
    by role, as configured; computed once per bundle and config."""
    for known_bundle, known_config, result in _MEMO:
        if known_bundle is bundle and known_config is config:
            return result
    everything = _configure(bundle, config)
    select, ignore = effective_selection(config)
    rules = [r for r in everything if selected(r.id, r.spec.name, select, ignore)]
    by_id = {r.id: r for r in everything}
    meta = {role: by_id[rule.id] for role, rule in bundle.meta().items()}
    _MEMO[:] = [(bundle, config, (rules, meta))]
    return rules, meta
