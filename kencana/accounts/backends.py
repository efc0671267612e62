"""Logging in with a username and password, and the user of each request loaded with their district."""

from django.contrib.auth.backends import ModelBackend

from kecamatan.models import geometry_of

from .models import User


class UserBackend(ModelBackend):
    """Django's model backend, except that the user of a session comes with their district (without
    its polygons) in the same query: nearly every page reads the district, for its time zone first."""

    def get_user(self, user_id):
        # get(), not first(): the primary key needs no ORDER BY, which took a sixth of this query's
        # compilation, run on every request.
        try:
            user = User._default_manager.select_related("district").defer(*geometry_of("district")).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
