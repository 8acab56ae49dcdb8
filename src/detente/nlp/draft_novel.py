"""Issues the catalogue does not know: clusters of the position sentences no drafted issue holds.

A negotiation brings its own questions (automated cranes at the ports, a transit corridor, a
country's constitution), and ``data/issue_catalogue.yaml`` only knows the common ones. The
sentences where a party takes a position but that fit no drafted issue are embedded with the
pipeline's MiniLM model and grouped by average-linkage clustering on cosine distance (scipy,
no randomness: the same sentences give the same issues). A group becomes a candidate issue only
when it is worth a person's time: at least ``MIN_SENTENCES`` sentences, ``MIN_PARTIES`` parties
with a stance in them, a mean pairwise similarity of at least ``MIN_COHERENCE``, a name made of
words the sentences share, and not the same question as a drafted issue (its centroid closer
than ``SAME_AS_DRAFTED`` to that issue's sentences).

Its name is the run of words of one of its sentences that most of the group shares and the rest
of the corpus uses least ("automated cranes", "the transit route"); its proposition is what the
sentence closest to the group's centre says after its stance cue ("a ban on automated cranes at
all ports"). Both are drafts: the issue, its 0-100 axis and its positions are marked REVIEW.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from detente.domain import Claim, Issue, slugify
from detente.nlp.datafiles import read_data, words
from detente.nlp.lexicon import AGAINST_VERBS, FOR_VERBS, SPEECH_VERBS, WEAK_VERBS
from detente.nlp.vocabulary import STOPWORDS, stem

ALGORITHM = "draft_novel.v1"
ORIGIN = "not in the catalogue"
CLUSTER_DISTANCE = 0.55  # cosine distance at which average linkage stops joining groups
MIN_SENTENCES = 3
MIN_PARTIES = 2
MIN_COHERENCE = 0.45  # mean pairwise cosine similarity of a group's sentences
SAME_AS_DRAFTED = 0.8  # centroid similarity above which a group restates a drafted issue
MAX_NOVEL = 8
NAME_WORDS = (2, 5)  # shortest and longest name, in words
PROPOSITION_WORDS = 22
Embed = Callable[[list[str]], np.ndarray]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d.,%]*")
_WORDS = read_data("draft_novel.yaml")
_SAYING = words(_WORDS["saying"])  # who spoke, how or when: never part of a name
# A name does not start with a verb a stance is read from ("suspend its rule" is "its rule").
_CUE_STEMS = frozenset(stem(w) for w in FOR_VERBS | AGAINST_VERBS | SPEECH_VERBS | WEAK_VERBS)
_INNER = words(_WORDS["inner"])  # the only small words inside a name
# Where the clause a stance cue governs ends.
_CLAUSE_END = re.compile(
    r"[;:\u2014]|,\s+(?:but|while|and|although|though|which|who|as|after|before|saying|"
    r"according)\b|\s+(?:but|while|although|though|unless)\s|,\s*[\"\u201d]|[\"\u201d],|\.\s*$|"
    r",\s+(?:the\s+)?\w+\s+(?:said|says|told|added)\b",
    re.I,
)
_CLAUSE_START = re.compile(
    r"(?:^|[,;:\u2014\"\u201c]\s*|\b(?:that|to|for|on|over|about|against|whether)\s+|\b(?:"
    + "|".join(sorted(w for w in FOR_VERBS | AGAINST_VERBS | SPEECH_VERBS if len(w) > 2))
    + r")\w*\s+)",
    re.I,
)
_LEADING = re.compile(
    r"^(?:that|to|for|on|of|with|it\s+would|it\s+will|there\s+(?:be|was))\s+", re.I
)


@dataclass(frozen=True)
class NovelIssue:
    issue: Issue
    claims: tuple[Claim, ...]  # one per party and sentence, keyed by the new issue's id
    sentences: int
    parties: tuple[str, ...]
    coherence: float


def _words(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence)


def _key(word: str) -> str:
    return stem(word.lower().replace("\u2019", "'").removesuffix("'s"))


def _content(word: str, ignore: frozenset[str]) -> bool:
    low = word.lower().replace("\u2019", "'").removesuffix("'s")
    return (
        low not in STOPWORDS
        and low not in _SAYING
        and _key(word) not in ignore
        and len(low) >= 3
        and not low[0].isdigit()
    )


def _name(
    texts: Sequence[str], background: Counter[str], total: int, ignore: frozenset[str]
) -> tuple[str, int] | None:
    """The best run of words of one of ``texts`` that most of them share: (name, text index).

    A run starts and ends with a content word (no party names, no saying words); it scores
    the squared share of the texts holding all its content words times how rare those words are in
    the rest of the corpus, longer runs a little more. None when no run is shared by two texts.
    """
    keys = [{_key(w) for w in _words(t) if _content(w, ignore)} for t in texts]
    best: tuple[float, str, int] | None = None
    low, high = NAME_WORDS
    for index, text in enumerate(texts):
        words = _words(text)
        for begin in range(len(words)):
            if not _content(words[begin], ignore):
                continue
            for size in range(low, high + 1):
                run = words[begin : begin + size]
                if len(run) < size or not _content(run[-1], ignore):
                    continue
                if _key(run[0]) in _CUE_STEMS or not all(
                    _content(w, ignore) or w.lower() in _INNER for w in run
                ):
                    continue
                needed = {_key(w) for w in run if _content(w, ignore)}
                holding = sum(needed <= k for k in keys)
                if holding < max(2, math.ceil(len(texts) / 2)):
                    continue
                rarity = sum(math.log((1 + total) / (1 + background[k])) for k in needed)
                score = (holding / len(texts)) ** 2 * rarity * (1 + 0.1 * size)
                if best is None or score > best[0]:
                    best = (score, " ".join(run), index)
    return (best[1], best[2]) if best else None


def _holds(sentence: str, name: str) -> bool:
    """Whether the words of ``name`` stand in ``sentence`` in a row."""
    run = [w.lower() for w in _words(name)]
    words = [w.lower() for w in _words(sentence)]
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def _proposition(sentence: str, name: str) -> str:
    """The clause of ``sentence`` that holds ``name``: from the word after the last stance
    cue, "that" or comma before the name to the end of that clause; the name alone else."""
    text = " ".join(sentence.split()).replace("\u2019", "'")
    at = re.search(r"\b" + r"\W+".join(re.escape(w) for w in _words(name)) + r"\b", text, re.I)
    if at is None:
        return f"Agreement on {name[:1].lower() + name[1:]}."
    before = text[: at.start()]
    cuts = [m.end() for m in _CLAUSE_START.finditer(before)]
    begin = cuts[-1] if cuts else 0
    rest = text[at.end() :]
    stop = _CLAUSE_END.search(rest)
    clause = before[begin:] + text[at.start() : at.end()] + (rest[: stop.start()] if stop else rest)
    clause = _LEADING.sub("", clause.strip(" ,\"'\u201c\u201d")).strip(" ,\"'\u201c\u201d")
    words = clause.split()[:PROPOSITION_WORDS]
    if len(words) < 3:
        return f"Agreement on {name[:1].lower() + name[1:]}."
    clause = " ".join(words)
    return clause[:1].upper() + clause[1:].rstrip(",.") + "."


def _coherence(vectors: np.ndarray) -> float:
    n = len(vectors)
    if n < 2:
        return 1.0
    similarity = vectors @ vectors.T
    return float((similarity.sum() - np.trace(similarity)) / (n * (n - 1)))


def _groups(vectors: np.ndarray) -> list[list[int]]:
    if len(vectors) < 2:
        return [list(range(len(vectors)))]
    labels = fcluster(
        linkage(vectors, method="average", metric="cosine"), CLUSTER_DISTANCE, "distance"
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        groups[int(label)].append(row)
    return sorted(groups.values(), key=lambda rows: (-len(rows), rows[0]))


def _one_per_party(claims: Sequence[Claim]) -> dict[tuple[str, int], dict[str, Claim]]:
    """(doc, start) -> party -> its most confident claim on that sentence."""
    sentences: dict[tuple[str, int], dict[str, Claim]] = defaultdict(dict)
    for claim in sorted(claims, key=lambda c: (c.doc, c.start, c.actor, -c.confidence, c.issue)):
        sentences[(claim.doc, claim.start)].setdefault(claim.actor, claim)
    return sentences


def novel_issues(
    unplaced: Sequence[Claim],
    drafted: Mapping[str, Sequence[str]],
    embed: Embed,
    ignore: frozenset[str],
    taken: set[str],
    limit: int = MAX_NOVEL,
) -> list[NovelIssue]:
    """Candidate issues from the claims (keyed by drafted party) on sentences no issue holds.

    ``drafted`` maps each drafted issue to its claims' sentences (a group that restates one
    is dropped); ``ignore`` holds the stems of party names; ``taken`` the ids in use.
    """
    by_sentence = _one_per_party(unplaced)
    keys = sorted(by_sentence)
    if len(keys) < MIN_SENTENCES or limit <= 0:
        return []
    texts = [next(iter(by_sentence[k].values())).sentence for k in keys]
    vectors = np.asarray(embed(texts), dtype=np.float64)
    centres = {
        issue: _unit(np.asarray(embed(list(sentences)), dtype=np.float64).mean(axis=0))
        for issue, sentences in drafted.items()
        if sentences
    }
    background: Counter[str] = Counter()
    for text in texts:
        background.update({_key(w) for w in _words(text) if _content(w, ignore)})
    found: list[NovelIssue] = []
    for rows in _groups(vectors):
        parties = sorted({p for r in rows for p in by_sentence[keys[r]]})
        coherence = _coherence(vectors[rows])
        if len(rows) < MIN_SENTENCES or len(parties) < MIN_PARTIES or coherence < MIN_COHERENCE:
            continue
        centre = _unit(vectors[rows].mean(axis=0))
        if any(float(centre @ c) >= SAME_AS_DRAFTED for c in centres.values()):
            continue
        named = _name([texts[r] for r in rows], background, len(texts), ignore)
        if named is None:
            continue
        found.append(
            _issue(named, rows, keys, texts, vectors, centre, by_sentence, taken, coherence)
        )
        if len(found) >= limit:
            break
    return found


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _issue(
    named: tuple[str, int],
    rows: list[int],
    keys: list[tuple[str, int]],
    texts: list[str],
    vectors: np.ndarray,
    centre: np.ndarray,
    by_sentence: Mapping[tuple[str, int], Mapping[str, Claim]],
    taken: set[str],
    coherence: float,
) -> NovelIssue:
    name, _ = named
    holding = [r for r in rows if _holds(texts[r], name)] or rows
    closest = max(holding, key=lambda r: (float(vectors[r] @ centre), -r))
    label = name[:1].upper() + name[1:]
    issue_id = unique_id(slugify(name)[:40].strip("_") or "issue", taken)
    claims = tuple(
        claim.model_copy(update={"issue": issue_id})
        for r in rows
        for claim in by_sentence[keys[r]].values()
    )
    parties = tuple(sorted({c.actor for c in claims}))
    issue = Issue(
        id=issue_id,
        name=label,
        proposition=_proposition(texts[closest], name),
        anchors={
            0.0: f"{label} rejected outright",
            50.0: f"{label} in part or on conditions",
            100.0: f"{label} agreed in full",
        },
        description=(
            f"Drafted by {ALGORITHM} from {len(rows)} sentences no catalogue issue holds "
            f"(coherence {coherence:.2f}); {ORIGIN}: check the name, the proposition and the "
            "axis, and which side each party's claims take on it."
        ),
    )
    return NovelIssue(issue, claims, len(rows), parties, round(coherence, 2))


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... when taken; the id is then taken."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate
