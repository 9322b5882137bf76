"""A 对村巡察 worded in any of the usual ways: the villages it names become targets of the
imported inspection, each with its own sub-ledger (invented notice 青山镇)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import Organisation

pytestmark = pytest.mark.django_db

NOTICE = """中共青山镇委员会关于市委第二巡察组对村巡察反馈意见整改进展情况的通报
根据市委统一部署，2025年3月3日至4月30日，市委第二巡察组开展了对村巡察，巡察了东村、柳塘村等2个村。\
5月20日，市委巡察组反馈了巡察意见。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
（一）东村党支部
1.针对“村务公开不及时”的问题。一是按季公开村务。二是设立公开栏。
（二）柳塘村党支部
1.针对“资产台账不全”的问题。一是重新登记集体资产。
中共青山镇委员会
2025年8月1日
"""


def test_the_villages_a_notice_names_become_targets_with_their_own_ledgers(login, world):
    client = login(world.office)
    response = client.post(
        reverse("inspections:import_upload"),
        {"file": SimpleUploadedFile("对村巡察通报.txt", NOTICE.encode())},
    )
    url = response["Location"]
    preview = client.get(url).content.decode()
    assert "东村（系统中已有：东村党支部）" in preview
    assert "柳塘村（系统中没有，确认后新建于“青山镇党委”之下）" in preview
    assert 'value="village" selected' in preview
    client.post(
        url,
        {
            "organisation": f"o{world.town.pk}",
            "target_0": "on",
            "target_1": "on",
            "variant": "village",
        },
    )
    inspection = Inspection.objects.order_by("-pk").first()
    liutang = Organisation.objects.get(name="柳塘村")
    assert liutang.parent == world.town and liutang.category == Organisation.Category.VILLAGE
    assert set(inspection.targets.all()) == {world.village, liutang}
    assert inspection.organisation == world.town
    assert inspection.variant == Inspection.Variant.VILLAGE
    leads = set(
        Measure.objects.filter(problem__inspection=inspection).values_list("text", "lead_unit")
    )
    assert leads == {
        ("按季公开村务。", world.village.pk),
        ("设立公开栏。", world.village.pk),
        ("重新登记集体资产。", liutang.pk),
    }
