import re
import shutil
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from kencana.core.management.commands.check_translations import catalogues


def test_every_catalogue_is_translated_and_compiled():
    call_command("check_translations")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext; .ci/run installs it")
def test_no_user_facing_string_is_missing_from_the_catalogues():
    call_command("check_translations", "--extract")


def _entries():
    """Every translated entry of every Indonesian catalogue: (catalogue, entry)."""
    root = Path(settings.BASE_DIR)
    for path in catalogues(root):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path.relative_to(root), entry


def _text(entry) -> str:
    return " ".join([entry.msgstr or "", *(entry.msgstr_plural or {}).values()])


def test_a_text_reads_the_same_in_every_catalogue():
    """Django merges the catalogues: one English text translated two ways shows one of them
    anywhere. A text that means two things carries a context (pgettext)."""
    seen: dict[tuple, dict[str, str]] = defaultdict(dict)
    for path, entry in _entries():
        if entry.msgstr or entry.msgstr_plural:
            seen[(entry.msgctxt, entry.msgid)][str(path)] = _text(entry)
    clashes = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert not clashes


def _glossary() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in (Path(settings.BASE_DIR) / "docs" / "glossary.md").read_text().splitlines():
        if line.startswith("| ") and not line.startswith(("| English", "| ---")):
            english, indonesian, avoid = (cell.strip() for cell in line.strip().strip("|").split("|"))
            rows.append((english, indonesian.split(" / "), [w.strip() for w in avoid.split(",") if w.strip()]))
    return sorted(rows, key=lambda row: -len(row[0]))


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_catalogue_uses_the_words_of_the_glossary():
    rows = _glossary()
    assert len(rows) > 30
    problems = []
    for path, entry in _entries():
        english = re.sub(r"\([^)]*\)", "", PLACEHOLDER.sub("", f"{entry.msgid} {entry.msgid_plural or ''}"))
        indonesian = PLACEHOLDER.sub("", _text(entry)).lower()
        for term, words, avoid in rows:
            pattern = re.compile(rf"\b{re.escape(term)}(s|es)?\b", re.IGNORECASE)
            if not pattern.search(english):
                continue
            english = pattern.sub(" ", english)  # the longest term wins
            if not any(word.lower() in indonesian for word in words):
                problems.append(f"{path}: {entry.msgid!r} should say {' / '.join(words)!r}")
            problems += [
                f"{path}: {entry.msgid!r} says {word!r}, not a glossary word"
                for word in avoid
                if re.search(rf"\b{re.escape(word)}\b", indonesian)
            ]
    assert not problems, "\n".join(problems)


def test_every_translation_fills_the_same_blanks_as_its_text():
    """A translation borrowed by fuzzy matching from a neighbouring text ("Needs for %(days)s days
    (%(profile)s)" → "berakhir %(days)s hari lalu") loses or invents a blank: msgfmt then refuses
    the catalogue, or the page shows the wrong words."""
    wrong = []
    for path, entry in _entries():
        forms = [entry.msgstr] if entry.msgstr else list((entry.msgstr_plural or {}).values())
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        for form in forms:
            if form and set(PLACEHOLDER.findall(form)) != wanted:
                wrong.append(f"{path}: {entry.msgid!r} → {form!r}")
    assert wrong == []


def test_no_translation_is_a_fuzzy_guess():
    assert [f"{path}: {entry.msgid!r}" for path, entry in _entries() if "fuzzy" in entry.flags] == []
