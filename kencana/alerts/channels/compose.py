"""Short, self-contained messages within each channel's length limit.

What, where, how severe, what to do, and the link: in that order of importance, so
shortening drops the end of the explanation first, never the link. Text is shortened and
split at word boundaries only; a word longer than a whole part (a long link) is the one
thing ever broken.
"""

from django.utils.translation import gettext as _

from . import sms, telegram, whatsapp

ELLIPSIS = "…"
LIMITS = {"telegram": telegram.LIMIT, "whatsapp": whatsapp.TEMPLATE_PARAMETER_LIMIT}


def _squash(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """The text as is if it fits, else the words that fit followed by an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    head = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,.;:-") + ELLIPSIS


def _fill_parts(words: list[str], room: int) -> list[str]:
    parts, current = [], ""
    for word in words:
        while len(word) > room:  # only a single over-long word is ever broken
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:room])
            word = word[room:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= room:
            current = candidate
        else:
            parts.append(current)
            current = word
    if current:
        parts.append(current)
    return parts


MARKER = len("(9/9) ")
ALERT_SMS_PARTS = 2


def sms_parts(text: str, *, part: int = sms.PART, max_parts: int = sms.MAX_PARTS) -> list[str]:
    """Split into numbered parts ("(1/2) …") on word boundaries; shortened to ``max_parts`` first."""
    text = _squash(text)
    if len(text) <= part:
        return [text]
    room = part - MARKER
    budget = room * max_parts
    while True:  # words do not pack parts full: shorten until they fit in max_parts
        parts = _fill_parts(shorten(text, budget).split(" "), room)
        if len(parts) <= max_parts:
            break
        budget -= 10
    return [f"({n}/{len(parts)}) {p}" for n, p in enumerate(parts, 1)]


def alert_message(*, head: str, body: str, link: str, channel: str) -> list[str]:
    """One alert as the parts to send on ``channel``: the head and link always whole.

    An SMS alert is at most two parts: the explanation is what gets shorter.
    """
    body = _squash(body)
    tail = f" {link}" if link else ""
    if channel == "sms":
        room = (sms.PART - MARKER) * ALERT_SMS_PARTS - len(head) - len(tail) - 1
        while True:
            short = shorten(body, room) if room > 10 else ""
            text = " ".join(p for p in (head, short) if p) + tail
            if not short or len(_fill_parts(text.split(" "), sms.PART - MARKER)) <= ALERT_SMS_PARTS:
                return sms_parts(text, max_parts=ALERT_SMS_PARTS)
            room -= 10
    limit = LIMITS.get(channel, telegram.LIMIT)
    room = limit - len(head) - len(tail) - 1
    short = shorten(body, room) if room > 10 else ""
    return [shorten(" ".join(p for p in (head, short) if p) + tail, limit)]


def plain_message(text: str, *, channel: str) -> list[str]:
    """A reply or a sitrep: split for SMS, shortened for a chat (keeping its line breaks)."""
    if channel == "sms":
        return sms_parts(text)
    limit = telegram.LIMIT if channel == "telegram" else whatsapp.LIMIT
    return [shorten(text, limit)]


def alert_head(*, severity_label: str, title: str, where: str) -> str:
    return _("[%(severity)s] %(title)s, %(where)s.") % {
        "severity": severity_label.upper(),
        "title": title,
        "where": where,
    }
