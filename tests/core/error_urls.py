"""The project's URLs and one that fails, to see the server error page."""

from django.urls import path

from kencana.urls import handler500, urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("broken/", broken)]
__all__ = ["handler500", "urlpatterns"]
