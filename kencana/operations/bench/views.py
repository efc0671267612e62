from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def floor(request: HttpRequest) -> HttpResponse:
    """The framework floor: the real layout through every middleware, for an anonymous visitor,
    so no query. Routed only when ``BENCH_FLOOR`` is on (kencana/urls.py)."""
    return render(request, "base.html")
