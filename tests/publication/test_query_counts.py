"""Notice lists cost the same number of queries with 10 rows or 1,000."""

import pytest
from django.urls import reverse

from zhenggai.publication.actions import new_receipt_code
from zhenggai.publication.models import Notice, PublicComment

pytestmark = pytest.mark.django_db

STAFF_LIST_MAX = 8
PUBLIC_INDEX_MAX = 2
OPINIONS_MAX = 9


def many_notices(world, rows, status=Notice.Status.PUBLISHED):
    return Notice.objects.bulk_create(
        Notice(inspection=world.inspection, title=f"通报{i}", body="正文", status=status)
        for i in range(rows)
    )


@pytest.mark.parametrize("rows", [10, 1000])
def test_staff_notice_list_query_count_is_fixed(login, world, rows, django_assert_max_num_queries):
    many_notices(world, rows, Notice.Status.DRAFT)
    client = login(world.office)
    with django_assert_max_num_queries(STAFF_LIST_MAX):
        assert client.get(reverse("publication:list")).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_public_index_query_count_is_fixed(client, world, rows, django_assert_max_num_queries):
    many_notices(world, rows)
    with django_assert_max_num_queries(PUBLIC_INDEX_MAX):
        assert client.get(reverse("public:index")).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_opinion_register_query_count_is_fixed(login, world, rows, django_assert_max_num_queries):
    notice = many_notices(world, 1)[0]
    PublicComment.objects.bulk_create(
        PublicComment(
            notice=notice,
            text=f"意见{i}",
            receipt_code=new_receipt_code() + str(i),
            measure=world.measure if i % 2 else None,
            problem=world.problem if i % 3 else None,
        )
        for i in range(rows)
    )
    client = login(world.office)
    with django_assert_max_num_queries(OPINIONS_MAX):
        assert client.get(reverse("publication:opinions", args=[notice.pk])).status_code == 200
