"""Keyword messages in Indonesian, forgiving of case and spacing.

    LAPOR <BENCANA> <TEMPAT> [kedalaman]   e.g. "lapor banjir paringin 50cm", "LAPOR LONGSOR Gunung Batu"
    STATUS                                  the kecamatan's tier and open alerts (officers)
    AMBIL <no tugas>                        acknowledge a response task
    SELESAI <no tugas>                      finish a response task

Anything else is "help". Words only: matching hazards and places to the database is the
service's job.
"""

import re
from dataclasses import dataclass

DEPTH = re.compile(r"^(\d{1,4}(?:[.,]\d{1,2})?)\s*(cm|m)$")


@dataclass(frozen=True)
class Command:
    kind: str  # "report", "status", "take", "finish", "help", "start"
    words: tuple[str, ...] = ()
    number: int | None = None
    depth_cm: int | None = None


def _depth(word: str) -> int | None:
    match = DEPTH.match(word.lower())
    if not match:
        return None
    value = float(match.group(1).replace(",", "."))  # "1,2m": the Indonesian decimal comma
    return round(value * 100 if match.group(2) == "m" else value)


def parse(text: str) -> Command:
    words = [w.strip(",;") for w in (text or "").split() if w.strip(",;")]
    if not words:
        return Command("help")
    keyword, rest = words[0].upper().lstrip("/#"), words[1:]
    if keyword == "START":
        return Command("start")
    if keyword == "STATUS" and not rest:
        return Command("status")
    if keyword in {"AMBIL", "SELESAI"} and len(rest) == 1 and rest[0].lstrip("#").isdigit():
        return Command("take" if keyword == "AMBIL" else "finish", number=int(rest[0].lstrip("#")))
    if keyword == "LAPOR" and rest:
        # "50 cm" written apart is one depth.
        if len(rest) >= 2 and rest[-1].lower() in {"cm", "m"} and _depth(rest[-2] + rest[-1]) is not None:
            rest = [*rest[:-2], rest[-2] + rest[-1]]
        depth = _depth(rest[-1]) if len(rest) > 1 else None
        if depth is not None:
            rest = rest[:-1]
        return Command("report", words=tuple(rest), depth_cm=depth)
    return Command("help")
