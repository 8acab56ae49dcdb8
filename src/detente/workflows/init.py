"""Draft a scenario from nothing: articles in, a draft scenario and its review list out.

Extraction runs against the catalogue scenario (every gazetteer party, every catalogue issue);
:func:`detente.nlp.draft.draft_scenario` keeps the parties and issues the claims support, and a
claim's sentence states a red line when it matches the corpus's red-line cues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from detente.corpus.store import Store
from detente.corpus.timeline import cue_label
from detente.domain import Claim, Document
from detente.io.atomic import write_atomic
from detente.io.scenario_yaml import parse_yaml_text, validate_document
from detente.nlp.draft import Draft, draft_scenario
from detente.nlp.draft_catalogue import catalogue_scenario
from detente.nlp.draft_review import ReviewItem, draft_yaml, review_items
from detente.nlp.embed import default_embedder
from detente.nlp.pipeline import ExtractionResult, Progress
from detente.nlp.stance_model import STANCE_V1, STANCE_V2
from detente.workflows.extract import extract


@dataclass(frozen=True)
class DraftRun:
    draft: Draft
    review: list[ReviewItem]
    extraction: ExtractionResult
    text: str  # the YAML of the draft, review list included


def states_limit(sentence: str) -> bool:
    """Whether a sentence states a limit ("red line", "never", "will not accept")."""
    return cue_label(sentence, "red_line_cues.yaml") is not None


def extract_for_draft(
    documents: list[Document],
    *,
    use_embeddings: bool = True,
    progress: Progress | None = None,
) -> tuple[ExtractionResult, list[Claim]]:
    """The extraction a draft reads: its result and the claims of both stance readings."""
    scenario = catalogue_scenario()
    # Drafting reads claims with stance.v2, not the default stance.v3: the catalogue's issue
    # boundaries were set while reading stance.v2 drafts, and the draft figures in the README
    # (issues found, junk) were measured with it; stance.v3 drafts found fewer of the
    # flagship's issues (seeds: 15 of 20, 3 junk).
    result = extract(
        documents, scenario, use_embeddings=use_embeddings, progress=progress, stance=STANCE_V2
    )
    claims = list(result.claims)
    if use_embeddings:
        # The rules (stance.v1) read claims the learned step leaves out; both go in, and the
        # keyword check of draft.supported weeds out what neither reading supports.
        rules = extract(documents, scenario, use_embeddings=use_embeddings, stance=STANCE_V1)
        seen = {(c.doc, c.start, c.actor, c.issue) for c in claims}
        claims += [c for c in rules.claims if (c.doc, c.start, c.actor, c.issue) not in seen]
        # Without a scenario the rules read every sentence where a party takes a stance, not
        # only those near a catalogue issue: where the issues outside the catalogue are found.
        # Their issues are discover.v1's guesses, which no drafted issue keeps.
        said = {(c.doc, c.start) for c in claims}
        open_reading = extract(documents, None, use_embeddings=True)
        claims += [c for c in open_reading.claims if (c.doc, c.start) not in said]
    return result, claims


def draft_from_extraction(
    documents: list[Document],
    result: ExtractionResult,
    claims: list[Claim],
    *,
    parties: Sequence[str] | None = None,
    use_embeddings: bool = True,
    novel_issues: bool = True,
) -> DraftRun:
    """The draft of an extraction; issues outside the catalogue need the MiniLM embeddings."""
    embed = default_embedder().encode if use_embeddings and novel_issues else None
    draft = draft_scenario(
        claims,
        documents,
        result.mentions,
        parties=parties,
        states_limit=states_limit,
        embed=embed,
    )
    review = review_items(draft, result.mentions)
    text = draft_yaml(draft, review)
    validate_document(parse_yaml_text(text, "draft"), "draft")  # nothing invalid is ever written
    return DraftRun(draft, review, result, text)


def draft_from_documents(
    documents: list[Document],
    *,
    parties: Sequence[str] | None = None,
    use_embeddings: bool = True,
    progress: Progress | None = None,
) -> DraftRun:
    """The draft scenario of ``documents``; its YAML text is validated before it is returned."""
    result, claims = extract_for_draft(documents, use_embeddings=use_embeddings, progress=progress)
    return draft_from_extraction(
        documents, result, claims, parties=parties, use_embeddings=use_embeddings
    )


def write_draft(run: DraftRun, out: Path) -> Path:
    return write_atomic(out, run.text)


def store_draft(run: DraftRun, documents: list[Document], db: Path) -> None:
    """The articles and the draft's claims (keyed by drafted party and issue) into a store,
    so that ``detente timeline`` and ``detente report --corpus`` read the draft's terms."""
    party_of = {m: g.id for g in run.draft.parties for m in g.members}
    result = run.extraction
    mentions = [
        (doc, start, end, text, party_of.get(actor, actor) if actor else None, kind, canonical)
        for doc, start, end, text, actor, kind, canonical in result.mentions
    ]
    # Stance conflicts were found between catalogue-issue claims; the draft re-reads those.
    conflicts = [c for c in result.conflicts if c.kind != "stance"]
    with Store(db) as store:
        store.add_documents(documents)
        store.replace_extraction(
            [d.id for d in documents],
            result.sentences,
            mentions,
            run.draft.claims,
            result.facts,
            conflicts,
        )
