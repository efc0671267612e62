"""API authentication with the people's own named, expiring tokens (``Authorization: Token <key>``)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken

# Recording each use would write on every request; once an hour says enough.
LAST_USED_RESOLUTION = datetime.timedelta(hours=1)


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key: str):
        now = timezone.now()
        token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_of(key)).first()
        if token is None or token.expires_at <= now:
            raise AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
