"""``{% withholding_form obj "problem" can.mark_withheld %}``: the 不宜公开 marking on an
object's page; ``compact=True`` for an entry in a list (a register entry, a progress
update's figures), with ``what`` naming what the mark covers (数据)."""

from django import template

from zhenggai.inspections.models import Withholding

register = template.Library()


@register.inclusion_tag("publication/partials/withhold_form.html")
def withholding_form(obj, kind: str, can_mark: bool, compact: bool = False, what: str = ""):
    reasons = [("", "可以公开"), *[(v, label) for v, label in Withholding.choices if v]]
    return {
        "obj": obj,
        "kind": kind,
        "can_mark": can_mark,
        "reasons": reasons,
        "compact": compact,
        "what": what,
    }
