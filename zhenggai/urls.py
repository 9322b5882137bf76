from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhenggai.api.api import api
from zhenggai.web.health import healthz
from zhenggai.web.views import home, search

admin.site.site_header = "整改 · 系统管理"
admin.site.site_title = "整改"

urlpatterns = [
    path("", home, name="home"),
    path("search/", search, name="search"),
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("zhenggai.inspections.urls")),
    path("", include("zhenggai.ledger.urls")),
    path("", include("zhenggai.oversight.urls")),
    path("", include("zhenggai.publication.urls")),
    path("public/", include("zhenggai.publication.public_urls")),
    path("", include("zhenggai.exchange.urls")),
    path("", include("zhenggai.notify.urls")),
    path("api/", api.urls),
    path("", include("zhenggai.api.urls")),
    path("admin/", admin.site.urls),
]
