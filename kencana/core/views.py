import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import broker_ok, database_ok

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = database_ok()
    mq_ok, mq_detail = broker_ok()
    healthy = db_ok and mq_ok
    if not healthy:
        # The error text names hosts and ports: it is for the logs, not for whoever asks.
        logger.warning("unhealthy: database %s; broker %s", db_detail, mq_detail)
    body = {"status": "ok" if healthy else "error", "database": {"ok": db_ok}, "broker": {"ok": mq_ok}}
    return JsonResponse(body, status=200 if healthy else 503)
