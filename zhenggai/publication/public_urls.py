from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("notices/<int:pk>/", public_views.notice, name="notice"),
    path("notices/<int:pk>/notice.docx", public_views.notice_file, name="notice_file"),
    path(
        "notices/<int:pk>/attachments/<int:unit_pk>.xlsx",
        public_views.attachment,
        name="attachment",
    ),
    path("receipt/", public_views.receipt, name="receipt"),
]
