"""Telegram Bot API: sendMessage to a chat id (a person's chat with the bot, or a group)."""

from .http import DeliveryFailed, call

LIMIT = 4096  # characters in one message


def send(channel, *, to: str, text: str, template: bool = False) -> str:
    """``template`` is WhatsApp's concern; a bot may always write to a chat that started it."""
    url = f"{channel.api_url.rstrip('/')}/bot{channel.secret()}/sendMessage"
    status, answer = call(url, json_body={"chat_id": to, "text": text, "disable_web_page_preview": True})
    if not isinstance(answer, dict) or not answer.get("ok"):
        raise DeliveryFailed(f"HTTP {status}: Telegram refused the message")
    return f"HTTP {status} message {answer.get('result', {}).get('message_id', '')}".strip()
