"""The scenario types on their own: ids, scales, red lines, references, look-ups."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from detente.domain import Actor, EvidenceRef, Issue, Position, Scale, Scenario, Source
from detente.domain.scenario import is_slug, reference_problems, slugify


def _scenario(**overrides: object) -> Scenario:
    fields: dict[str, object] = {
        "title": "Two-party toy",
        "sources": (Source(id="a.txt"),),
        "actors": (Actor(id="north", name="North"), Actor(id="south", name="South")),
        "issues": (Issue(id="border", name="Border", proposition="Open the border"),),
        "positions": (
            Position(actor="south", issue="border", position=80, salience=50),
            Position(actor="north", issue="border", position=20, salience=70),
        ),
    }
    fields.update(overrides)
    return Scenario(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("United States", "united_states"),
        ("Zaporizhzhia NPP", "zaporizhzhia_npp"),
        ("175 prisoners", "x_175_prisoners"),
        ("Ölförderung!", "olforderung"),
        ("!!!", "x"),
    ],
)
def test_slugify_gives_a_valid_slug(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert is_slug(slug)


def test_slug_length_is_bounded() -> None:
    assert len(slugify("a" * 200)) == 64
    assert not is_slug("a" * 65)
    assert not is_slug("Upper")


def test_scale_round_trips_between_axis_and_original_units() -> None:
    years = Scale(low=2030, high=2050, unit="year")
    assert years.to_original(0) == 2030
    assert years.to_original(25) == 2035
    assert years.to_axis(2045) == 75
    assert math.isclose(years.to_axis(years.to_original(37.5)), 37.5)
    reversed_scale = Scale(low=10, high=0)
    assert reversed_scale.to_original(100) == 0


def test_scale_with_equal_bounds_is_refused() -> None:
    with pytest.raises(ValidationError, match="must differ"):
        Scale(low=3, high=3)


def test_issue_converts_to_its_own_scale_and_is_native_without_one() -> None:
    native = Issue(id="a", name="A", proposition="p")
    scaled = Issue(id="b", name="B", proposition="p", scale=Scale(low=0, high=10))
    assert native.to_original(42) == 42
    assert native.original_bounds() == (0.0, 100.0)
    assert scaled.to_original(42) == pytest.approx(4.2)
    assert scaled.original_bounds() == (0, 10)


def test_issue_sorts_anchors_and_options_and_refuses_bad_ones() -> None:
    issue = Issue(
        id="a", name="A", proposition="p", anchors={100: "all", 0: "none"}, options=(50, 0, 100)
    )
    assert list(issue.anchors) == [0, 100]
    assert issue.options == (0, 50, 100)
    with pytest.raises(ValidationError, match="off the 0–100 axis"):
        Issue(id="a", name="A", proposition="p", anchors={120: "too far"})
    with pytest.raises(ValidationError, match="distinct"):
        Issue(id="a", name="A", proposition="p", options=(10, 10))
    with pytest.raises(ValidationError, match="at least two"):
        Issue(id="a", name="A", proposition="p", options=(10,))


@pytest.mark.parametrize(
    ("position", "red_line", "outcome", "accepted"),
    [
        (20, 40, 35, True),
        (20, 40, 45, False),
        (20, 40, 0, True),  # beyond the ideal point on the far side: never excluded
        (80, 60, 65, True),
        (80, 60, 55, False),
        (80, 60, 100, True),
        (50, None, 0, True),
    ],
)
def test_red_line_bounds_concessions_on_its_own_side(
    position: float, red_line: float | None, outcome: float, accepted: bool
) -> None:
    held = Position(actor="a", issue="b", position=position, salience=50, red_line=red_line)
    assert held.accepts(outcome) is accepted


def test_no_infinite_or_nan_numbers() -> None:
    with pytest.raises(ValidationError):
        Actor(id="a", name="A", capability=math.inf)
    with pytest.raises(ValidationError):
        Position(actor="a", issue="b", position=math.nan, salience=50)


def test_evidence_span_must_be_ordered() -> None:
    assert EvidenceRef(doc="a.txt", start=3, end=9).end == 9
    with pytest.raises(ValidationError, match="greater than start"):
        EvidenceRef(doc="a.txt", start=9, end=9)


def test_positions_on_follow_the_actor_order() -> None:
    scenario = _scenario()
    assert [p.actor for p in scenario.positions_on("border")] == ["north", "south"]
    assert scenario.position("south", "border").position == 80  # type: ignore[union-attr]
    assert scenario.position("south", "nowhere") is None
    assert scenario.actor("north").name == "North"
    with pytest.raises(KeyError):
        scenario.issue("nowhere")


def test_scenario_refuses_unknown_references_with_their_path() -> None:
    with pytest.raises(ValidationError, match=r"\[positions\.0\.actor\] unknown actor 'east'"):
        _scenario(positions=(Position(actor="east", issue="border", position=1, salience=1),))
    with pytest.raises(ValidationError, match=r"unknown source 'b\.txt'"):
        _scenario(
            positions=(
                Position(
                    actor="north",
                    issue="border",
                    position=1,
                    salience=1,
                    evidence=(EvidenceRef(doc="b.txt", start=0, end=4),),
                ),
            )
        )


def test_reference_problems_work_on_raw_documents_in_order() -> None:
    problems = reference_problems(
        {"sources": [], "actors": ["a", "a", 7], "issues": ["x"]},
        [("a", "x", []), None, ("a", "x", ["gone.txt"]), ("b", "y", [])],
    )
    assert [p.kind for p in problems] == [
        "duplicate_id",
        "second_position",
        "unknown_reference",
        "unknown_reference",
        "unknown_reference",
    ]
    assert problems[0].path == ("actors", 1, "id")
    assert problems[2].path == ("positions", 2, "evidence", 0, "doc")
    assert problems[3].known == ("a",)
