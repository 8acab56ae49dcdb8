"""The extraction pipeline: documents in, claims, facts and conflicts out.

A pipeline is a list of registered steps (:mod:`detente.nlp.step_registry`), by default
segment.v1 → parse.v1 → actors.v1 → cues.v1 → issues.v1 → stance.v2 → facts.v1 →
conflicts.v2. Documents are processed in chunks so memory stays flat on large corpora:
consecutive chunk steps run chunk by chunk, corpus steps once over the whole run (see
:mod:`detente.nlp.step`). Each claim records the ids of the steps that made or changed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from detente.domain import Claim, Conflict, Document, Fact, Scenario
from detente.errors import DetenteError
from detente.nlp.context import SPACY_MODEL, Context, load_spacy
from detente.nlp.embed import Embedder
from detente.nlp.records import MentionRow, SentenceRow
from detente.nlp.step import Chunk, Run, Step, StepFactory
from detente.nlp.step_registry import DEFAULT_STANCE, check_steps, default_steps

__all__ = ["SPACY_MODEL", "ExtractionResult", "Pipeline", "Progress", "load_spacy"]

ALGORITHM = "extract.v1"
DOCS_PER_CHUNK = 160
Progress = Callable[[int], None]


@dataclass
class ExtractionResult:
    scenario: Scenario | None
    documents: list[Document]
    sentences: list[SentenceRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    steps: tuple[str, ...] = ()  # ids of the steps that ran, in order


class Pipeline:
    """Steps over a shared context: the scenario (or none, to propose one) and the models.

    ``stance`` picks the stance step of the default list (an id or a step factory);
    ``steps`` replaces the whole list (ids or factories, in order).
    """

    def __init__(
        self,
        scenario: Scenario | None,
        *,
        model: str = SPACY_MODEL,
        embedder: Embedder | None = None,
        use_embeddings: bool = True,
        stance: str | StepFactory = DEFAULT_STANCE,
        steps: Sequence[str | StepFactory] | None = None,
    ) -> None:
        entries = steps if steps is not None else default_steps(scenario is not None, stance)
        factories = check_steps(entries)
        self.context = Context(
            scenario, model=model, embedder=embedder, use_embeddings=use_embeddings
        )
        self.steps: list[Step] = [make(self.context) for make in factories]
        if any(step.keyword_issues for step in self.steps):
            self.context.embed_scopes = False
        ids = [step.id for step in self.steps]
        # What each step's claims record: the steps run up to and including it.
        self._made_by = [tuple(ids[: k + 1]) for k in range(len(ids))]

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)

    def run(
        self, documents: Iterable[Document], progress: Progress | None = None
    ) -> ExtractionResult:
        done = self.process(documents, progress)
        return ExtractionResult(
            done.scenario,
            done.documents,
            done.sentence_rows(),
            done.mention_rows(),
            done.claims,
            done.facts,
            done.conflicts,
            self.step_ids,
        )

    def process(self, documents: Iterable[Document], progress: Progress | None = None) -> Run:
        """Every step over ``documents``; the run with its records, claims, facts, conflicts."""
        docs = list(documents)
        if not docs:
            raise DetenteError("DT403", "no documents to extract from", hint="ingest some first")
        chunks = [
            Chunk(number, docs[begin : begin + DOCS_PER_CHUNK])
            for number, begin in enumerate(range(0, len(docs), DOCS_PER_CHUNK))
        ]
        run = Run(docs, chunks, self.context.scenario, {d.id: d.text for d in docs})
        first_pass = True
        for group in self._groups():
            if self.steps[group[0]].scope == "corpus":
                self._apply(group[0], run, run.whole())
                continue
            for chunk in run.chunks:
                for position in group:
                    self._apply(position, run, chunk)
                for record in chunk.records:
                    record.parsed = None  # free the parses early
                if progress is not None and first_pass:
                    progress(len(chunk.documents))
            first_pass = False
        return run

    def _groups(self) -> list[list[int]]:
        """Step positions: each corpus step alone, consecutive chunk steps together."""
        groups: list[list[int]] = []
        for position, step in enumerate(self.steps):
            joins = step.scope == "chunk" and groups and self.steps[groups[-1][-1]].scope == "chunk"
            if joins:
                groups[-1].append(position)
            else:
                groups.append([position])
        return groups

    def _apply(self, position: int, run: Run, chunk: Chunk) -> None:
        """Run one step; the claims it adds or replaces record it (and the steps before)."""
        step = self.steps[position]
        before = list(run.claims)  # kept alive so that no new claim can reuse an old id()
        seen = {id(claim) for claim in before}
        step(run, chunk)
        if all(id(claim) in seen for claim in run.claims):
            return
        made = self._made_by[position]
        run.claims = [
            claim
            if id(claim) in seen
            else claim.model_copy(
                update={"steps": (*claim.steps, step.id) if claim.steps else made}
            )
            for claim in run.claims
        ]
