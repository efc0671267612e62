from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppliedRequest(models.Model):
    """A write sent with an ``Idempotency-Key`` (an officer's outbox), recorded in the transaction
    that applied it: the same key of the same user is applied once, and a retry gets the outcome of
    the first (``kencana.core.idempotency``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=100)
    action = models.CharField(max_length=60)
    outcome = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="applied_request_once_per_key")]

    def __str__(self) -> str:
        return f"{self.action} {self.key}"
