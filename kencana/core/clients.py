"""Who is asking: the client's address as seen through the configured number of proxies.

One rule for every place that keys on the client (DRF throttles, log-in lockouts, the
password-reset limit): ``X-Forwarded-For`` is read only when ``NUM_PROXIES`` says proxies
in front of the app append to it, and then only the entry the nearest trusted proxy wrote;
whatever a client puts in the header itself is ignored.
"""

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    return BaseThrottle().get_ident(request)
