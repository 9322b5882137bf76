"""``{% withholding_form obj "problem" can_write %}``: the 不宜公开 marking on an object's page."""

from django import template

from zhenggai.inspections.models import Withholding

register = template.Library()


@register.inclusion_tag("publication/partials/withhold_form.html")
def withholding_form(obj, kind: str, can_mark: bool):
    reasons = [("", "可以公开"), *[(v, label) for v, label in Withholding.choices if v]]
    return {"obj": obj, "kind": kind, "can_mark": can_mark, "reasons": reasons}
