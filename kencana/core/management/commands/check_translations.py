"""Fail when a user-facing string has no Indonesian translation.

Checks every Indonesian catalogue: each entry translated and not fuzzy, and the
compiled .mo in step with its .po. With ``--extract`` (needs GNU gettext), it also
extracts the strings from a copy of the source and fails if any catalogue misses
one: text added without running ``make messages``.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SKIP = {".venv", "staticfiles", "var", "tests", ".git", "node_modules", "test-artifacts", "media"}


def catalogues(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("locale/id/LC_MESSAGES/django.po") if not SKIP.intersection(p.relative_to(root).parts)
    )


def catalogue_problems(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [*problems, "not compiled (no .mo)"]
    mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo_path))}
    for e in po.translated_entries():
        if mo.get((e.msgctxt, e.msgid), (None, None))[0] not in (e.msgstr, None) or (e.msgctxt, e.msgid) not in mo:
            problems.append(f".mo out of date for {e.msgid!r}")
    return problems


def extracted_msgids(root: Path) -> dict[str, set[str]]:
    """Run makemessages on a copy of the tree and read what it extracted, by catalogue."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(*SKIP, "*.mo", "*.po", "__pycache__"))
        subprocess.run(  # noqa: S603 - fixed argument list
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "id",
                "--no-location",
                *[f"--ignore={s}" for s in SKIP],
            ],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        return {
            str(p.relative_to(copy)): {e.msgid for e in polib.pofile(str(p))}
            for p in copy.rglob("locale/id/LC_MESSAGES/django.po")
        }


class Command(BaseCommand):
    help = "Check that every user-facing string has an Indonesian translation."

    def add_arguments(self, parser):
        parser.add_argument("--extract", action="store_true", help="Also compare with strings extracted from source.")

    def handle(self, *args, extract: bool, **options):
        root = Path(settings.BASE_DIR)
        problems = []
        for po_path in catalogues(root):
            problems += [f"{po_path.relative_to(root)}: {p}" for p in catalogue_problems(po_path)]
        if extract:
            for rel, msgids in extracted_msgids(root).items():
                committed = root / rel
                have = {e.msgid for e in polib.pofile(str(committed))} if committed.exists() else set()
                problems += [f"{rel}: missing {m!r} (run make messages)" for m in sorted(msgids - have)]
        if problems:
            raise CommandError("Indonesian translations are incomplete:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Indonesian translations complete."))
