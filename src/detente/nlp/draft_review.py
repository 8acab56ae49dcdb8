"""The review list of a drafted scenario, and the draft as YAML with that list in its comments.

Every item is something the draft could not know or only guessed: how parties were grouped
and who was left out, what each issue rests on, positions with claims on both sides, red lines
drafted from a stated limit, and capability, which the draft never sets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from detente.io.scenario_yaml import dump_document, scenario_to_document
from detente.nlp.draft import ALGORITHM, Draft, Mentions
from detente.nlp.draft_novel import ORIGIN

CAPABILITY_MARKER = "REVIEW: not drafted; set this party's clout (all parties start equal at 1)"
NOVEL_MARKER = "REVIEW: not in the catalogue; name, proposition and axis drafted from its sentences"
EXCERPT = 90
UNPLACED_SHOWN = 5
# Names of places of work the commentator finder also returns ("Spogli Institute").
INSTITUTION_WORDS = frozenset(
    ["University", "Institute", "Center", "Centre", "School", "College", "Council"]
)


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # "draft", "party", "non-party", "issue", "position", "capability", "red line"
    subject: str
    text: str

    def line(self) -> str:
        return f"[{self.kind}] {self.subject}: {self.text}"


def _excerpt(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def review_items(draft: Draft, mentions: Mentions = ()) -> list[ReviewItem]:
    """What the analyst has to check, in the order of the file."""
    scenario = draft.scenario
    items = [
        ReviewItem(
            "draft",
            "this file",
            f"a DRAFT written by detente {ALGORITHM} from {len(scenario.sources)} article(s) "
            "with claims; nothing in it is checked. Work through this list, then delete it.",
        )
    ]
    names = {a.id: a.name for a in scenario.actors}
    for group in draft.parties:
        if group.id not in names:
            continue
        said = f"; speakers: {', '.join(group.speakers)}" if group.speakers else ""
        items.append(ReviewItem("party", group.id, "; ".join(group.evidence) + said))
    for other in draft.non_parties:
        counted = f", {other.claims} claim(s) on {other.issues} issue(s)" if other.claims else ""
        items.append(ReviewItem("non-party", other.actor, f"{other.name}{counted}: {other.reason}"))
    commentators = Counter(
        text
        for _d, _s, _e, text, _a, kind, _c in mentions
        if kind == "commentator" and not set(text.split()) & INSTITUTION_WORDS
    )
    if commentators:
        quoted = ", ".join(n for n, _ in commentators.most_common(6))
        items.append(
            ReviewItem(
                "non-party",
                "commentators",
                f"{len(commentators)} quoted analysts or former officials ({quoted}) are not "
                "parties; their words were not read as positions",
            )
        )
    items += _issue_items(draft)
    items += _position_items(draft)
    items.append(
        ReviewItem(
            "capability",
            "all parties",
            "capability is not drafted: every party has 1 (equal clout). Set each one; the "
            "models weigh positions by it.",
        )
    )
    return items


def _issue_items(draft: Draft) -> list[ReviewItem]:
    items = []
    for drafted in draft.issues:
        parties = sorted({c.actor for c in drafted.claims})
        docs = len({c.doc for c in drafted.claims})
        said = f"{len(drafted.claims)} claims by {', '.join(parties)} in {docs} article(s)"
        if drafted.origin == ORIGIN:
            sentences = len({(c.doc, c.start) for c in drafted.claims})
            text = (
                f"{drafted.issue.name!r}: not in the catalogue: {sentences} sentences no "
                f"catalogue issue holds, grouped by meaning ({said}). Its name, proposition "
                "and axis are drafted from those sentences, and each position takes the side "
                "of its claims there: check that it is one question and which way each party "
                "leans, or merge it into an issue it restates"
            )
        else:
            text = (
                f"{drafted.issue.name!r}: {said}, from catalogue issue {drafted.origin!r}. "
                "Check the name, the proposition and the anchors of the axis"
            )
        if len(parties) == 1:
            text += "; only one party speaks to it: keep it only if others have a stake"
        items.append(ReviewItem("issue", drafted.issue.id, text))
    if draft.unplaced:
        shown = "; ".join(
            f"\u201c{_excerpt(c.sentence)}\u201d ({c.doc})" for c in draft.unplaced[:UNPLACED_SHOWN]
        )
        items.append(
            ReviewItem(
                "issue",
                "not placed",
                f"{len(draft.unplaced)} sentence(s) where a party takes a position fit no drafted "
                f"issue; an issue the catalogue does not know may be among them: {shown}",
            )
        )
    if draft.left_out:
        listed = ", ".join(f"{issue} ({n})" for issue, n in draft.left_out)
        items.append(
            ReviewItem("issue", "left out", f"too few claims to draft: {listed}; add by hand")
        )
    return items


def _position_items(draft: Draft) -> list[ReviewItem]:
    items = []
    for drafted in draft.positions:
        pos = drafted.position
        subject = f"{pos.actor} on {pos.issue}"
        if drafted.mixed:
            split = ", ".join(f"{n} {s}" for s, n in drafted.split.items())
            side = "the middle (evenly split)" if pos.position == 50 else "the larger side"
            items.append(
                ReviewItem(
                    "position",
                    subject,
                    f"claims on both sides ({split}); the position follows {side}, not an "
                    "average: read the evidence and decide",
                )
            )
        if drafted.red_line_claim is not None:
            claim = drafted.red_line_claim
            items.append(
                ReviewItem(
                    "red line",
                    subject,
                    f"drafted at {pos.red_line:g} from a stated limit in {claim.doc}: "
                    f"\u201c{_excerpt(claim.sentence)}\u201d; set it where the limit lies",
                )
            )
    return items


def draft_yaml(draft: Draft, review: Sequence[ReviewItem]) -> str:
    """The draft scenario as YAML: the review list on top, markers where values need a person."""
    document = scenario_to_document(draft.scenario)
    header = [
        f"DRAFT scenario written by detente {ALGORITHM}: review everything before use.",
        "",
        "Review list:",
        *(f"- {item.line()}" for item in review),
    ]
    document.yaml_set_start_comment("\n".join(header))
    for actor in document["actors"]:
        actor.yaml_add_eol_comment(CAPABILITY_MARKER, "capability")
    novel = {d.issue.id for d in draft.issues if d.origin == ORIGIN}
    for issue in document["issues"]:
        if issue["id"] in novel:
            issue.yaml_add_eol_comment(NOVEL_MARKER, "anchors")
    flagged = {(d.position.actor, d.position.issue) for d in draft.positions if d.mixed}
    for entry in document.get("positions", []):
        if (entry["actor"], entry["issue"]) in flagged:
            entry.yaml_add_eol_comment("REVIEW: claims on both sides", "position")
        if entry.get("red_line") is not None:
            entry.yaml_add_eol_comment("REVIEW: drafted from a stated limit", "red_line")
    return dump_document(document)
