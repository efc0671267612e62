"""WhatsApp Business Cloud API: POST /{phone-number-id}/messages.

Outside the 24-hour window after a person last wrote, the platform only lets a business
start a conversation with an approved template: alerts go out as the district's template
with the text as its one body parameter; replies to an incoming message go as plain text.
"""

from .http import DeliveryFailed, call

LIMIT = 4096  # characters of a text body (a template parameter is shorter: 1024)
TEMPLATE_PARAMETER_LIMIT = 1024


def message_body(channel, *, to: str, text: str, template: bool) -> dict:
    base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
    if template and channel.template_name:
        return {
            **base,
            "type": "template",
            "template": {
                "name": channel.template_name,
                "language": {"code": channel.template_language or "id"},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": text}]}],
            },
        }
    return {**base, "type": "text", "text": {"preview_url": False, "body": text}}


def send(channel, *, to: str, text: str, template: bool = False) -> str:
    url = f"{channel.api_url.rstrip('/')}/{channel.sender_id}/messages"
    status, answer = call(
        url,
        json_body=message_body(channel, to=to, text=text, template=template),
        headers={"Authorization": f"Bearer {channel.secret()}"},
    )
    messages = answer.get("messages") if isinstance(answer, dict) else None
    if not messages:
        raise DeliveryFailed(f"HTTP {status}: WhatsApp accepted no message")
    return f"HTTP {status} message {messages[0].get('id', '')}".strip()
