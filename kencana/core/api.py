"""The scoped base view set every API endpoint of user data builds on."""

from rest_framework import viewsets


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only view set whose queryset always comes from a user-scoped selector.

    Subclasses implement ``scoped_queryset(user)``; an object outside it is a 404,
    exactly as in the web views.
    """

    def scoped_queryset(self, user):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return self.queryset.none()
        return self.scoped_queryset(self.request.user)
