"""Fail when a Finnish, Swedish or English message is untranslated or fuzzy.

English is the source language of the code, so `--fill-english` copies each
English msgid into its msgstr; Finnish and Swedish must be translated by hand.
"""

import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "porras" / "locale"
LANGUAGES = ("fi", "sv", "en")


def keep_committed_header(path: Path) -> None:
    """makemessages stamps a new POT-Creation-Date on every run; when that is the only
    change, put the committed file back so that a test run leaves the tree clean."""
    relative = path.relative_to(LOCALE.parent.parent)
    committed = subprocess.run(
        ["git", "show", f"HEAD:{relative}"],
        capture_output=True,
        text=True,
        cwd=LOCALE.parent.parent,
    )
    if committed.returncode != 0:
        return

    def body(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith('"POT-Creation-Date')]

    if body(committed.stdout) == body(path.read_text(encoding="utf-8")):
        path.write_text(committed.stdout, encoding="utf-8")


def main() -> int:
    fill_english = "--fill-english" in sys.argv
    problems = []
    for language in LANGUAGES:
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        catalogue = polib.pofile(str(path), wrapwidth=100)
        if language == "en" and fill_english:
            for entry in catalogue:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                else:
                    entry.msgstr = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            catalogue.save()
            keep_committed_header(path)
            continue
        if fill_english:
            keep_committed_header(path)
        for entry in catalogue.untranslated_entries():
            problems.append(f"{path}: untranslated: {entry.msgid!r}")
        for entry in catalogue.fuzzy_entries():
            problems.append(f"{path}: fuzzy (check and remove the flag): {entry.msgid!r}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s).", file=sys.stderr)
        return 1
    if not fill_english:
        print("Translations complete for " + ", ".join(LANGUAGES) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
