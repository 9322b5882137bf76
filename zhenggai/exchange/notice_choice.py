"""What the office decides in a notice import's preview, besides the problems themselves:
which inspection to fill (a new one, or the one an earlier import of the same notice
made), which organisation was inspected, which organisations the round covered, and the
form of the round. Nothing is written here; :func:`~.notice_import.do_confirm_notice_import`
does it on confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhenggai.inspections.models import Inspection, NoticeImport
from zhenggai.inspections.targets import Target, plan_targets
from zhenggai.orgs.models import Organisation

from .notice_import import earlier_import

_CHOOSE = "请选择被巡察党组织：通报中写明的组织，或本单位管辖范围内的组织。"


@dataclass
class Option:
    value: str
    label: str


@dataclass
class ImportChoice:
    """The choices of one staged import, with the defaults the notice suggests.

    For a new inspection the inspected organisation is never silently the user's own:
    it is the first organisation the notice names (found in the office's tree, or to be
    created as a child), and when the notice names none the office must pick one.
    """

    staged: NoticeImport
    targets: list[Target] = field(default_factory=list)
    earlier: NoticeImport | None = None
    inspection: Inspection | None = None
    organisation: Organisation | Target | None = None
    variant: str = Inspection.Variant.REGULAR
    update: bool = False

    def __post_init__(self) -> None:
        self.inspection = self.staged.inspection
        if self.inspection is not None:
            return
        names = (self.staged.parsed.get("inspection") or {}).get("targets") or []
        self.targets = plan_targets(names, self.staged.organisation)
        self.earlier = earlier_import(self.staged)
        self.update = self.earlier is not None
        self.organisation = next((t for t in self.targets if not t.village), None)
        if self.organisation is None and len(self.targets) == 1:
            self.organisation = self.targets[0]
        elif self.organisation is None and self.targets:
            # Several villages: the round belongs to the town they are under.
            first = self.targets[0]
            self.organisation = first.organisation.parent if first.organisation else first.parent
        if any(t.village for t in self.targets):
            self.variant = Inspection.Variant.VILLAGE

    # -- what the template shows ------------------------------------------------------

    @property
    def new(self) -> bool:
        return self.staged.inspection is None

    def target_label(self, target: Target) -> str:
        if target.organisation is not None:
            return f"{target.name}（系统中已有：{target.organisation.name}）"
        parent = target.parent.name if target.parent else "顶层"
        return f"{target.name}（系统中没有，确认后新建于“{parent}”之下）"

    @property
    def target_rows(self) -> list[tuple[int, str]]:
        return [(i, self.target_label(t)) for i, t in enumerate(self.targets)]

    @property
    def organisation_options(self) -> list[Option]:
        options = [Option(f"t{i}", self.target_label(t)) for i, t in enumerate(self.targets)]
        scope = Organisation.objects.filter(self.staged.organisation.subtree_q())
        options += [Option(f"o{o.pk}", o.name) for o in scope.order_by("path")]
        return options

    @property
    def organisation_value(self) -> str:
        if isinstance(self.organisation, Target):
            return f"t{self.targets.index(self.organisation)}"
        if isinstance(self.organisation, Organisation):
            return f"o{self.organisation.pk}"
        return ""

    @property
    def variants(self) -> list[Option]:
        return [Option(value, label) for value, label in Inspection.Variant.choices]

    # -- what the office posted ----------------------------------------------------------

    def read(self, post) -> list[str]:  # type: ignore[no-untyped-def]
        """Take the office's choices from the preview form; the errors, in Chinese."""
        if not self.new:
            return []
        if self.earlier is not None and post.get("mode", "update") == "update":
            self.inspection, self.targets = self.earlier.inspection, []
            return []
        self.update = False
        if "organisation" not in post:  # not the preview form: keep what the notice says
            return [] if self.organisation else [_CHOOSE]
        chosen = [t for i, t in enumerate(self.targets) if post.get(f"target_{i}")]
        value = post.get("organisation", "")
        self.organisation = None
        if value.startswith("t") and value[1:].isdigit() and int(value[1:]) < len(self.targets):
            self.organisation = self.targets[int(value[1:])]
            if self.organisation not in chosen:
                chosen.insert(0, self.organisation)
        elif value.startswith("o") and value[1:].isdigit():
            self.organisation = (
                Organisation.objects.filter(self.staged.organisation.subtree_q())
                .filter(pk=int(value[1:]))
                .first()
            )
        self.targets = chosen
        if post.get("variant") in Inspection.Variant.values:
            self.variant = post["variant"]
        return [] if self.organisation else [_CHOOSE]
