"""Every model is reachable in the admin, and its list page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

APPS = {
    "orgs", "inspections", "ledger", "oversight", "publication", "audit", "notify", "exchange",
    "api",
}  # fmt: skip


def test_every_model_is_registered_in_the_admin():
    missing = [
        m.__name__
        for m in apps.get_models()
        if m._meta.app_label in APPS and m not in admin.site._registry
    ]
    assert not missing


@pytest.mark.django_db
def test_every_admin_list_page_opens(world, client):
    client.force_login(world.admin)
    for model in admin.site._registry:
        if model._meta.app_label in APPS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
