"""Messaging providers: Telegram, WhatsApp (Cloud API) and SMS through an HTTP gateway.

Each module sends one text to one address through a district's ``DistrictChannel`` and
raises ``DeliveryFailed`` (with the provider's Retry-After, if any) when it does not go.
``fakes`` holds local stand-ins of the three providers for tests and demos.
"""

from . import sms, telegram, whatsapp
from .http import DeliveryFailed

PROVIDERS = {"telegram": telegram, "whatsapp": whatsapp, "sms": sms}

__all__ = ["PROVIDERS", "DeliveryFailed"]
