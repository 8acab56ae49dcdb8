"""Builders shared by the report, dashboard and end-to-end tests (a small invented scenario)."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

from detente.corpus.store import Store
from detente.domain.corpus import Claim, Conflict, ConflictSide, Document, Fact

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "sample.yaml"
PAYLOAD_SCRIPT = "<script>alert('x')</script>"
PAYLOAD_IMG = '<img src=x onerror="alert(1)">'


def copy_sample(folder: Path) -> Path:
    """The sample scenario and its source documents, copied into ``folder``."""
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    return folder / "sample.yaml"


def span(folder: Path, doc: str, words: str) -> tuple[int, int]:
    text = (folder / "sources" / doc).read_text(encoding="utf-8")
    start = text.index(words)
    return start, start + len(words)


def hostile_sample(folder: Path) -> Path:
    """The sample with script and onerror payloads in the title, a party's name and an article."""
    path = copy_sample(folder)
    article = folder / "sources" / "harbour-talks.txt"
    text = article.read_text(encoding="utf-8")
    quote = f"The mediator wrote {PAYLOAD_SCRIPT} and {PAYLOAD_IMG} in a note."
    start = len(text)
    article.write_text(text + quote + "\n", encoding="utf-8")
    yaml = path.read_text(encoding="utf-8")
    yaml = yaml.replace("title: Lake Harbour talks", f'title: "Lake {PAYLOAD_SCRIPT} talks"')
    yaml = yaml.replace("name: Mediator", f"name: '{PAYLOAD_IMG}'")
    yaml = yaml.replace(
        "  - actor: mediator\n    issue: harbour\n    position: 55\n    salience: 30\n",
        "  - actor: mediator\n    issue: harbour\n    position: 55\n    salience: 30\n"
        f"    evidence: [{{doc: harbour-talks.txt, start: {start}, end: {start + len(quote)}}}]\n",
    )
    path.write_text(yaml, encoding="utf-8")
    return path


def _document(folder: Path, doc_id: str, outlet: str, date: str) -> Document:
    text = unicodedata.normalize("NFC", (folder / "sources" / doc_id).read_text(encoding="utf-8"))
    return Document(
        id=doc_id,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        outlet=outlet,
        date=date,  # type: ignore[arg-type]
        title=doc_id,
    )


def claim(folder: Path, doc: str, words: str, actor: str, issue: str, stance: str) -> Claim:
    """A machine claim on the span ``words`` of one of the sample's articles."""
    start, end = span(folder, doc, words)
    return Claim(
        doc=doc,
        start=start,
        end=end,
        sentence=words,
        actor=actor,
        issue=issue,
        stance=stance,  # type: ignore[arg-type]
        confidence=0.7,
        cue=words.split()[1],
    )


def review_claims(folder: Path) -> list[Claim]:
    """Three claims to review: two point the other way from the sample's positions
    (Southland at 40 "would accept" on the harbour; the mediator at 30 proposing a pause),
    one agrees (Southland at 45 insisting on half the quota)."""
    return [
        claim(
            folder,
            "harbour-talks.txt",
            "Southland would accept joint patrols",
            "southland",
            "harbour",
            "conditional",
        ),
        claim(
            folder,
            "harbour-talks.txt",
            "The mediator proposed a 30-day pause",
            "mediator",
            "pause",
            "for",
        ),
        claim(
            folder,
            "fishing-quota.txt",
            "Southland insists on keeping at least half",
            "southland",
            "quota",
            "against",
        ),
    ]


def build_store(
    folder: Path, db: Path, claims: list[Claim] | None = None, facts: list[Fact] | None = None
) -> Path:
    """A real corpus store over the sample's two articles, with one claim (or ``claims``) and
    one conflict (and ``facts``)."""
    docs = [
        _document(folder, "harbour-talks.txt", "Lakeside Courier", "2025-03-18"),
        _document(folder, "fishing-quota.txt", "Valley Post", "2025-03-21"),
    ]
    sentences = []
    for doc in docs:
        offset = 0
        for index, line in enumerate(doc.text.split("\n")):
            if line.strip():
                sentences.append((doc.id, index, offset, offset + len(line), line))
            offset += len(line) + 1
    claim_start, claim_end = span(
        folder, "harbour-talks.txt", "Southland would accept joint patrols"
    )
    one = Claim(
        doc="harbour-talks.txt",
        start=claim_start,
        end=claim_end,
        sentence=docs[0].text[claim_start:claim_end],
        actor="southland",
        issue="harbour",
        stance="conditional",
        confidence=0.8,
        cue="would accept",
    )
    thirty = span(folder, "harbour-talks.txt", "30-day pause")
    twenty = span(folder, "fishing-quota.txt", "20 days")
    conflict = Conflict(
        kind="number",
        subject="length of the pause on naval exercises",
        sides=(
            ConflictSide(value="30 days", sources=(("harbour-talks.txt", *thirty),)),
            ConflictSide(value="20 days", sources=(("fishing-quota.txt", *twenty),)),
        ),
    )
    with Store(db) as store:
        store.add_documents(docs)
        store.replace_extraction(
            [d.id for d in docs], sentences, [], claims or [one], facts or [], [conflict]
        )
    return db


def tuesday_fact(folder: Path) -> Fact:
    """The date the fact step reads in the harbour article: "on Tuesday" of 18 March 2025 (a
    Tuesday), the day Northland and Southland met."""
    start, end = span(folder, "harbour-talks.txt", "on Tuesday")
    return Fact(
        doc="harbour-talks.txt",
        start=start,
        end=end,
        kind="date",
        value="2025-03-18",
        text="on Tuesday",
    )
