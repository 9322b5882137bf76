"""The inspected organisations a notice names, found in the office's tree or proposed.

A notice prints who was inspected as it likes: "石桥镇党委", "中共石桥镇委员会", "石桥镇",
or a town's villages ("柳塘村、桂花村党支部"). :func:`plan_targets` matches each name by
its full or short name within the office's subtree, ignoring the party-organ words
around the place (中共…委员会, 党委, 党支部 …); a name with no match becomes a proposal
for a new child organisation, shown in the preview and created only when the office
confirms. Nothing here writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhenggai.core.text import fold
from zhenggai.orgs.models import Organisation

# The party organ around a place's name; longest first so 总支部委员会 wins over 委员会.
_ORGAN = re.compile(
    r"(?:党总支部委员会|党支部委员会|总支部委员会|支部委员会|党工委|党委|党组|党总支|党支部"
    r"|委员会|总支部|支部)$"
)
_VILLAGE = re.compile(r"(?:村|社区|居委会|村委会)$")
_REGION = re.compile(r"(?:省|市|县|区|镇|乡|街道|旗)$")
_ENTERPRISE = re.compile(r"(?:公司|集团|学院|学校|大学|医院|中心)$")


def place_key(name: str) -> str:
    """The place a party organisation's name is about: "中共石桥镇委员会", "石桥镇党委"
    and "石桥镇" all give "石桥镇"."""
    key = fold(name)
    key = key.removeprefix("中国共产党").removeprefix("中共")
    stripped = _ORGAN.sub("", key)
    return stripped or key


def is_village(name: str) -> bool:
    return bool(_VILLAGE.search(place_key(name)))


def guess_kind(name: str) -> tuple[str, str]:
    """(kind, category) of a new organisation from how its name ends."""
    key, text = place_key(name), fold(name)
    kind = Organisation.Kind.COMMITTEE
    if text.endswith(("党支部", "支部委员会", "支部")):
        kind = Organisation.Kind.BRANCH
    elif text.endswith(("党总支", "总支部委员会", "总支部")):
        kind = Organisation.Kind.GENERAL_BRANCH
    elif text.endswith("党组"):
        kind = Organisation.Kind.LEADING_GROUP
    if _VILLAGE.search(key):
        category = Organisation.Category.VILLAGE
    elif _REGION.search(key):
        category = Organisation.Category.REGION
    elif _ENTERPRISE.search(key):
        category = Organisation.Category.ENTERPRISE
    else:
        category = Organisation.Category.DEPARTMENT
    return kind, category


@dataclass
class Target:
    """One inspected organisation as the notice names it: found, or to be created
    under ``parent`` when the office confirms."""

    name: str
    organisation: Organisation | None = None
    parent: Organisation | None = None
    kind: str = ""
    category: str = ""

    @property
    def village(self) -> bool:
        return is_village(self.name)

    def to_dict(self) -> dict:
        """For the staged import (JSON): ids, never objects."""
        return {
            "name": self.name,
            "organisation": self.organisation.pk if self.organisation else None,
            "parent": self.parent.pk if self.parent else None,
            "kind": self.kind,
            "category": self.category,
        }


def _best(found: list[Organisation], near: Organisation | None) -> Organisation:
    """Of several organisations of one name: the one under ``near``, else the highest."""
    if near is not None:
        under = [o for o in found if o.is_within(near)]
        if under:
            found = under
    return min(found, key=lambda o: (o.path.count("/"), o.pk))


def _by_suffix(
    place: str, by_place: dict[str, list[Organisation]], near: Organisation | None
) -> tuple[list[Organisation], Organisation | None]:
    """Organisations a longer name ends with: "青山镇东村" is 东村 under 青山镇 (the
    prefix, when it names an organisation, says where to look)."""
    for known, found in sorted(by_place.items(), key=lambda kv: -len(kv[0])):
        if len(known) >= 2 and len(place) > len(known) and place.endswith(known):
            above = by_place.get(place[: -len(known)])
            return found, (_best(above, near) if above else near)
    return [], near


def plan_targets(names: list[str], root: Organisation | None) -> list[Target]:
    """Match each printed name in ``root``'s subtree (everywhere when None, for an
    administrator); propose the rest as children of the matched non-village target
    (a town for its villages) or of ``root``."""
    scope = Organisation.objects.all()
    if root is not None:
        scope = scope.filter(root.subtree_q())
    by_name: dict[str, list[Organisation]] = {}
    by_place: dict[str, list[Organisation]] = {}
    for org in scope:
        for written in filter(None, (org.name, org.short_name)):
            by_name.setdefault(fold(written), []).append(org)
            by_place.setdefault(place_key(written), []).append(org)
    targets = [Target(name=name) for name in dict.fromkeys(n.strip() for n in names) if name]
    # Towns first, so that a village is looked for under its town.
    town: Organisation | None = None
    for target in sorted(targets, key=lambda t: t.village):
        near = town if target.village else root
        found = by_name.get(fold(target.name)) or by_place.get(place_key(target.name))
        if not found:
            found, near = _by_suffix(place_key(target.name), by_place, near)
        if found:
            target.organisation = _best(found, near)
            if not target.village and town is None:
                town = target.organisation
    for target in targets:
        if target.organisation is None:
            target.parent = (town if target.village else None) or root
            target.kind, target.category = guess_kind(target.name)
    return targets
