"""Bulletin figures and changes from plain snapshots."""

from zhenggai.core.bulletin import compare, ranking


def snap(date, **measures):
    return {
        "date": date,
        "units": {"1": "农业办", "2": "财政所"},
        "measures": {
            k.lstrip("m"): {"light": v[0], "closed": v[1], "unit": v[2], "stale": v[3], "label": k}
            for k, v in measures.items()
        },
    }


PREV = snap(
    "2026-07-01",
    m1=("green", False, "1", False),
    m2=("yellow", False, "1", False),
    m3=("green", False, "2", False),
    m4=("red", False, "2", False),
)
CUR = snap(
    "2026-07-15",
    m1=("green", True, "1", False),
    m2=("red", False, "1", False),
    m3=("yellow", False, "2", True),
    m4=("red", False, "2", False),
)


def test_diff_reports_newly_closed_and_newly_overdue():
    d = compare(CUR, PREV)
    assert d.newly_closed == ["1"]
    assert d.newly_overdue == ["2"]  # m4 was already red
    assert d.previous_date == "2026-07-01"


def test_diff_lists_light_changes_and_stale_measures():
    d = compare(CUR, PREV)
    assert {"measure": "2", "from": "yellow", "to": "red"} in d.light_changes
    assert {"measure": "3", "from": "green", "to": "yellow"} in d.light_changes
    assert d.without_updates == ["3"]


def test_totals_and_rate():
    d = compare(CUR, PREV).to_dict()
    assert (d["total"], d["closed"], d["red"], d["yellow"], d["rate"]) == (4, 1, 2, 1, 25.0)


def test_first_bulletin_reports_everything_so_far():
    d = compare(PREV, None)
    assert d.newly_overdue == ["4"] and d.newly_closed == [] and d.light_changes == []


def test_units_ranked_by_completion_rate_then_overdue():
    rows = ranking(CUR)
    assert [r.name for r in rows] == ["农业办", "财政所"]
    assert rows[0].rate == 50.0 and rows[1].overdue == 1
