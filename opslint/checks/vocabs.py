"""Every vocabulary the fact readers and checks read as a model: which file (and key) of
rules/vocab/ and which model class (engine/paramspec.py ``VocabModel``).

This table is the registry of vocabulary models, as checks/kinds.py is of check kinds.
Loading the vocabularies validates every entry with pydantic, so a broken vocabulary fails
when the rules load (or the rules cache is filled) with an error naming its file and key;
the loaded (and cached) vocabulary holds the validated frozen dataclasses, and a reader asks
for one by name (``vocab.model("routine", RoutineVocab)``) without validating again. Model
classes live in light modules (facts readers, ``<family>/vocab_models.py``): importing them
imports no check code and no pydantic.
"""

from __future__ import annotations

from opslint.engine.paramspec import VocabModel

__all__ = ["VOCAB_MODELS"]

_PART = "opslint.facts.parts:Part"

VOCAB_MODELS: tuple[VocabModel, ...] = (
    # facts: the semantic model's readers
    VocabModel("tables", None, "opslint.facts.table_roles:Roles"),
    VocabModel("polarity", None, "opslint.facts.polarity_cues:PolaritySpec"),
    # parts: named things a scope should mention (facts/parts.py); the mappings rules and
    # answered_by_context name
    VocabModel("backup", "parts", _PART, each=True),
    VocabModel("incident", "parts", _PART, each=True),
    VocabModel("incident", "postmortem_parts", _PART, each=True),
    VocabModel("monitoring", "parts", _PART, each=True),
    VocabModel("monitoring", "levels", _PART, each=True),
    VocabModel("routine", "parts", _PART, each=True),
    VocabModel("slo", "parts", _PART, each=True),
    VocabModel("slo", "sli_kinds", _PART, each=True),
    # checks
    VocabModel("incident", None, "opslint.checks.shared.vocab_models:IncidentVocab"),
    VocabModel("release", None, "opslint.checks.rel.vocab_models:ReleaseVocab"),
    VocabModel("routine", None, "opslint.checks.ops.vocab_models:RoutineVocab"),
    VocabModel("routine", "effort", "opslint.checks.ops.vocab_models:EffortVocab"),
    VocabModel("routine", "obligations", "opslint.checks.ops.vocab_models:ObligationVocab"),
    VocabModel("backup", None, "opslint.checks.bdr.vocab_models:BackupVocab"),
    VocabModel("gate_subjects", "parts", "opslint.checks.gate.vocab_models:SubjectPart",
               each=True),
    VocabModel("secrets", "kinds", "opslint.checks.sec.vocab_models:KindSpec", each=True),
)
