from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import broker_ok, database_ok


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = database_ok()
    mq_ok, mq_detail = broker_ok()
    healthy = db_ok and mq_ok
    body = {
        "status": "ok" if healthy else "error",
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": mq_ok, "detail": mq_detail},
    }
    return JsonResponse(body, status=200 if healthy else 503)
