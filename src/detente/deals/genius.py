"""Export a deal space as a Genius domain plus one Genius utility-space file per actor.

The files follow the XML layout that Genius and NegMAS read (``load_genius_domain_from_folder``
tells them apart by root element): ``<negotiation_template>`` for the domain, with one discrete
``<issue>`` per analysed issue and one ``<item>`` per option, and ``<utility_space>`` per
actor, with per-item ``evaluation`` values, per-issue ``<weight>`` values summing to 1, and a
``<reservation>`` value.

Genius divides each issue's evaluations by their maximum. To reproduce detente's utilities the
export writes evaluation = v(option) and weight = w_ij · max_o v(o), scaled so that the
weights sum to 1; the loaded utility is therefore U_i / c_i with c_i = Σ_j w_ij · max_o v_ij(o)
(c_i = 1 when every actor's position is one of the options), a positive rescaling that keeps
every preference, the frontier and the Nash point. The reservation value is scaled alike.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from detente.deals.space import DealSpace

DOMAIN_FILE = "domain.xml"


def _value_label(value: float) -> str:
    return f"{value:g}"


def profile_file(actor: str) -> str:
    return f"profile-{re.sub(r'[^a-z0-9_.-]', '_', actor)}.xml"


# Every name profile_file can produce, and no other: only these count as an export's own files.
_PROFILE_NAME = re.compile(r"profile-[a-z0-9_.-]+\.xml")


def _objective(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(
        parent,
        "objective",
        index="0",
        etype="objective",
        type="objective",
        description="",
        name=name,
    )


def _issue(objective: ET.Element, j: int, issue: str) -> ET.Element:
    """The ``<issue>`` element of the j-th issue (Genius counts issues from 1)."""
    return ET.SubElement(
        objective,
        "issue",
        index=str(j + 1),
        etype="discrete",
        type="discrete",
        vtype="discrete",
        name=issue,
    )


def domain_xml(space: DealSpace) -> str:
    root = ET.Element("negotiation_template")
    utility = ET.SubElement(root, "utility_space", number_of_issues=str(len(space.issues)))
    objective = _objective(utility, "root")
    for j, issue in enumerate(space.issues):
        node = _issue(objective, j, issue)
        for k, option in enumerate(space.options[j]):
            label = _value_label(float(option))
            ET.SubElement(node, "item", index=str(k + 1), value=label, cost="0", description=label)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"


def profile_scale(space: DealSpace) -> np.ndarray:
    """c_i: the factor by which the exported utilities are smaller than detente's."""
    peaks = np.stack(
        [table.max(axis=0) for table in space.contributions], axis=1
    )  # (actors, issues)
    return np.asarray(peaks.sum(axis=1))


def profile_xml(space: DealSpace, actor: str) -> str:
    i = space.actors.index(actor)
    peaks = np.array([table[:, i].max() for table in space.contributions])
    scale = peaks.sum()
    root = ET.Element("utility_space", type="any", number_of_issues=str(len(space.issues)))
    objective = _objective(root, "any")
    for j, issue in enumerate(space.issues):
        node = _issue(objective, j, issue)
        column = space.contributions[j][:, i]
        evaluations = column / peaks[j] if peaks[j] > 0 else np.ones_like(column)
        for k, option in enumerate(space.options[j]):
            ET.SubElement(
                node,
                "item",
                index=str(k + 1),
                value=_value_label(float(option)),
                evaluation=repr(float(evaluations[k])),
            )
    for j, peak in enumerate(peaks):
        ET.SubElement(objective, "weight", index=str(j + 1), value=repr(float(peak / scale)))
    ET.SubElement(root, "reservation", value=repr(float(space.reservation[i] / scale)))
    ET.SubElement(root, "discount_factor", value="1.0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"


def stale_profiles(space: DealSpace, outdir: str | Path) -> list[Path]:
    """Profiles in ``outdir`` named like an export's but for actors not in ``space``.

    NegMAS loads every profile in the folder, so those a previous export left would join the
    negotiation; files named otherwise are not the export's and are never touched.
    """
    folder = Path(outdir)
    if not folder.is_dir():
        return []
    current = {profile_file(actor) for actor in space.actors}
    return sorted(
        path
        for path in folder.iterdir()
        if _PROFILE_NAME.fullmatch(path.name) and path.name not in current and path.is_file()
    )


def genius_files(space: DealSpace, outdir: str | Path) -> dict[Path, str]:
    """The domain and one profile per actor, by the path each is written to in ``outdir``."""
    folder = Path(outdir)
    files = {folder / DOMAIN_FILE: domain_xml(space)}
    for actor in space.actors:
        files[folder / profile_file(actor)] = profile_xml(space, actor)
    return files
