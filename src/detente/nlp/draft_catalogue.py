"""The issue catalogue (``data/issue_catalogue.yaml``) and the check that a claim's words speak
of its issue. The catalogue scenario is what extraction drafts against: every gazetteer party
as an actor, every catalogue entry as an issue (see docs/drafting.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from ruamel.yaml import YAML

from detente.domain import Actor, Claim, Issue, Scenario
from detente.nlp.gazetteer import GAZETTEER, build_phrases
from detente.nlp.issues import IssueIndex
from detente.nlp.vocabulary import terms

SUPPORT, SUPPORT_RANK = 0.4, 2
MIN_WORDS = 6
STATEMENT_ENDS = frozenset('.!?"”’)')
# Bodies joined or held under are words of an issue ("join NATO"), not only names of parties.
ISSUE_WORD_PARTIES = frozenset({"nato", "un", "eu"})


@dataclass(frozen=True)
class CatalogueIssue:
    id: str
    name: str
    proposition: str
    keywords: str
    anchors: dict[float, str]
    focus: tuple[re.Pattern[str], ...] = ()
    defaults: Mapping[str, str] = field(default_factory=dict)
    split_by_focus: bool = False  # one drafted issue per focus value (NATO vs EU membership)
    aliases: Mapping[str, str] = field(default_factory=dict)  # focus spellings -> one name
    # Terms (as vocabulary.terms gives them) that put a sentence on a neighbouring issue:
    # "a limited ceasefire" is not the complete one.
    exclude: frozenset[str] = frozenset()
    # ... unless the sentence also holds one of these: "rejected a full ceasefire but agreed to
    # a narrower one" is about the full one too.
    keep_if: re.Pattern[str] | None = None

    def focus_values(self, sentence: str) -> list[str]:
        """The focus values a sentence names, in order, spellings merged."""
        found = [m.group(1) for pattern in self.focus for m in pattern.finditer(sentence)]
        return [self.aliases.get(" ".join(v.split()), " ".join(v.split())) for v in found]

    def text(self, template: str, slots: Mapping[str, str] | None, *, capital: bool = True) -> str:
        """``template`` with its slots filled; with ``slots=None`` (the catalogue scenario the
        extraction matches against) {target} is dropped, so no party's name is a keyword."""
        if slots is None:
            template = template.replace("{target}'s ", "").replace("{target}", "")
        values = {"target": "the country", "focus": "it", **self.defaults, **(slots or {})}
        if values["target"].endswith("s"):  # "the United States' …", not "…States's"
            template = template.replace("{target}'s", "{target}'")
        filled = " ".join(template.format(**values).split())
        return filled[:1].upper() + filled[1:] if capital else filled

    def issue(self, slots: Mapping[str, str] | None = None, issue_id: str | None = None) -> Issue:
        """The entry as a scenario issue, its slots filled (with the defaults when not given)."""
        return Issue(
            id=issue_id or self.id,
            name=self.text(self.name, slots),
            proposition=self.text(self.proposition, slots),
            anchors={k: self.text(v, slots, capital=False) for k, v in self.anchors.items()},
            description=self.keywords if issue_id is None else None,
        )


def data_file(name: str) -> dict[str, Any]:
    text = resources.files("detente.nlp").joinpath("data", name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = YAML(typ="safe").load(text)
    return loaded


def _phrases(words: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words or phrases of a sentence, any case; None for none."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


@cache
def catalogue() -> tuple[CatalogueIssue, ...]:
    """The issue catalogue of ``data/issue_catalogue.yaml``."""
    entries = []
    for raw in data_file("issue_catalogue.yaml")["issues"]:
        entries.append(
            CatalogueIssue(
                id=raw["id"],
                name=raw["name"],
                proposition=raw["proposition"],
                keywords=" ".join(str(raw["keywords"]).split()),
                anchors={float(k): str(v) for k, v in raw["anchors"].items()},
                focus=tuple(re.compile(" ".join(p.split())) for p in raw.get("focus", ())),
                defaults=dict(raw.get("defaults", {})),
                split_by_focus=bool(raw.get("split_by_focus", False)),
                aliases=dict(raw.get("aliases", {})),
                exclude=frozenset(t for w in raw.get("exclude", ()) for t in terms(w)),
                keep_if=_phrases(raw.get("keep_if", ())),
            )
        )
    return tuple(entries)


def catalogue_scenario() -> Scenario:
    """Every gazetteer party and every catalogue issue: what the extraction drafts against."""
    return Scenario(
        title="Issue catalogue",
        actors=tuple(Actor(id=e.key, name=e.name) for e in GAZETTEER),
        issues=tuple(entry.issue() for entry in catalogue()),
    )


@cache
def _catalogue_index() -> IssueIndex:
    """The catalogue's keyword matcher; party names are not keywords, bodies joined are."""
    ignore = {
        w for p in build_phrases(None) if p.actor not in ISSUE_WORD_PARTIES for w in p.text.split()
    }
    return IssueIndex([e.issue() for e in catalogue()], ignore)


def is_statement(sentence: str) -> bool:
    """A sentence that can state a position: not a heading ("What Ukraine wants")."""
    text = sentence.strip()
    return len(text.split()) >= MIN_WORDS and text[-1:] in STATEMENT_ENDS


def _passes(
    scores: np.ndarray, column: int, exclude: frozenset[str], words: frozenset[str]
) -> bool:
    own = scores[column]
    return own >= SUPPORT and int((scores > own).sum()) < SUPPORT_RANK and not exclude & words


def supported(claims: Iterable[Claim]) -> list[Claim]:
    """Claims on sentences that state something and whose words speak of their issue.

    The stance step may tie one sentence to several issues by meaning alone; a drafted issue
    keeps a claim only when the issue is among the ``SUPPORT_RANK`` best keyword matches of the
    sentence and scores at least ``SUPPORT`` there, and the sentence holds none of the terms
    that put it on a neighbouring issue. (Moving a failing claim to the sentence's best match
    instead was tried: on the seeds it found fewer flagship issues and made more junk.)
    """
    index = _catalogue_index()
    column = {issue.id: k for k, issue in enumerate(index.issues)}
    excluded = {e.id: e.exclude for e in catalogue()}
    keep_if = {e.id: e.keep_if for e in catalogue()}
    kept = []
    for claim in claims:
        if claim.issue not in column or not is_statement(claim.sentence):
            continue
        words = frozenset(terms(claim.sentence))
        scores = index.lexical_scores(claim.sentence)
        keeps = keep_if[claim.issue]
        exclude = frozenset() if keeps and keeps.search(claim.sentence) else excluded[claim.issue]
        if _passes(scores, column[claim.issue], exclude, words):
            kept.append(claim)
    return kept
