"""Sign-in by username and password (Django's ``ModelBackend``), with the user's
organisation fetched alongside: every page shows it in the top bar and scopes what the
user sees by its place in the tree, so loading it apart cost one query per request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = User._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
