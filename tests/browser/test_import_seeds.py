"""Each published seed notice, uploaded in the browser, previews and becomes a ledger."""

import pytest

from tests.browser.conftest import follow, sign_in
from tests.corpus import CORPUS, require_corpus
from tests.factories import PASSWORD
from zhenggai.core.notices import parse_file
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEEDS = CORPUS / "seeds"


def test_office_imports_every_seed_through_the_preview(page, live_server, world):
    seeds = sorted(require_corpus("seeds").glob("*.txt"))
    sign_in(page, live_server, world.office.username, PASSWORD)
    for seed in seeds:
        expected = parse_file(seed).to_dict()
        n_problems = len(expected["problems"])
        n_measures = sum(len(p["measures"]) for p in expected["problems"])
        page.goto(f"{live_server.url}/notice-imports/new/")
        page.set_input_files("[name=file]", str(seed))
        with page.expect_navigation():
            follow(page, "button:has-text('上传并预览')")
        assert f"识别出问题 {n_problems} 个、整改措施 {n_measures} 项" in page.content()
        assert page.locator("section.import-problem").count() == n_problems
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            follow(page, "button:has-text('确认导入')")
        assert "导入完成" in page.content()
        inspection = Inspection.objects.order_by("-pk").first()
        assert inspection.problems.count() == n_problems
        assert Measure.objects.filter(problem__inspection=inspection).count() == n_measures
        # The ledger lists every measure (50 a page) and the problem list every problem.
        assert f"共 {n_measures} 条" in page.content()
        page.goto(f"{live_server.url}/inspections/{inspection.pk}/lists/problems/")
        assert page.locator("table.rows tbody tr").count() == min(n_problems, 50)
