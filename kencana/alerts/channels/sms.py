"""SMS through any HTTP gateway: a URL template, a method, an auth header and a body template.

Covers the Indonesian gateways (Zenziva, Wavecell/8x8, Raja SMS…) and the international ones
(Twilio-like JSON APIs): ``{to}``, ``{text}`` and ``{sender}`` are filled in, URL-encoded in
the URL and JSON-escaped in the body.
"""

import json
import urllib.parse

from .http import call

PART = 153  # characters of one part of a concatenated GSM-7 SMS
MAX_PARTS = 3


def _fill(template: str, values: dict[str, str], escape) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", escape(value))
    return template


def request_for(channel, *, to: str, text: str) -> tuple[str, str, bytes | None, dict]:
    values = {"to": to, "text": text, "sender": channel.sender_id}
    url = _fill(channel.api_url, values, lambda v: urllib.parse.quote(v, safe="+"))
    headers = {}
    if channel.sms_auth_header and channel.secret():
        headers[channel.sms_auth_header] = channel.secret()
    body = None
    if channel.sms_method == "POST" and channel.sms_body_template:
        body = _fill(channel.sms_body_template, values, lambda v: json.dumps(v, ensure_ascii=False)[1:-1]).encode()
        headers["Content-Type"] = "application/json"
    return url, channel.sms_method, body, headers


def send(channel, *, to: str, text: str, template: bool = False) -> str:
    url, method, body, headers = request_for(channel, to=to, text=text)
    status, _answer = call(url, method=method, body=body, headers=headers)
    return f"HTTP {status}"
