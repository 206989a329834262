"""Fill a gettext catalogue from a JSON file of translations (a maintenance script).

Usage: python scripts/fill_po.py locale/lv/LC_MESSAGES/django.po translations.json

The JSON maps an English msgid to its translation: a string, or for plural
entries a list of the language's plural forms in the catalogue's order. Only
empty entries are filled unless --overwrite is given; fuzzy flags are dropped on
filled entries. Entries that stay empty are listed at the end.
"""

import argparse
import json
import re
import sys


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def parse(text: str) -> list[list[str]]:
    return [block.splitlines() for block in text.strip("\n").split("\n\n")]


def field(lines: list[str], name: str) -> tuple[int, int] | None:
    """Return the [start, end) line span of a field such as msgid or msgstr[1]."""
    prefix = name + " "
    for i, line in enumerate(lines):
        if line.startswith(prefix):
            end = i + 1
            while end < len(lines) and lines[end].startswith('"'):
                end += 1
            return i, end
    return None


def value(lines, name):
    span = field(lines, name)
    if span is None:
        return None
    start, end = span
    first = lines[start][len(name) + 1 :]
    return _unquote([first, *lines[start + 1 : end]])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("po")
    parser.add_argument("translations")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("--nplurals", type=int, default=3)
    args = parser.parse_args()
    with open(args.translations, encoding="utf-8") as f:
        table = json.load(f)
    with open(args.po, encoding="utf-8") as f:
        blocks = parse(f.read())
    missing = []
    out = []
    for lines in blocks:
        msgid = value(lines, "msgid")
        if not msgid or any(line.startswith("#~") for line in lines):
            out.append(lines)
            continue
        plural = value(lines, "msgid_plural")
        names = [f"msgstr[{i}]" for i in range(args.nplurals)] if plural is not None else ["msgstr"]
        current = [value(lines, n) or "" for n in names]
        wanted = table.get(msgid)
        if wanted is not None and (args.overwrite or not all(current)):
            forms = wanted if isinstance(wanted, list) else [wanted]
            if plural is not None and len(forms) != args.nplurals:
                sys.exit(f"{msgid!r} needs {args.nplurals} plural forms")
            current = forms
            lines = [line for line in lines if not line.startswith("#, fuzzy")]
            lines = [re.sub(r"^#, fuzzy, ", "#, ", line) for line in lines]
            lines = [
                re.sub(r", fuzzy\b", "", line) if line.startswith("#,") else line for line in lines
            ]
        head = [
            line
            for line in lines
            if not line.startswith("msgstr")
            and not (line.startswith('"') and _after_msgstr(lines, line))
        ]
        body = [f"{n} {_quote(v)}" for n, v in zip(names, current, strict=True)]
        if not all(current):
            missing.append(msgid)
        out.append(head + body)
    with open(args.po, "w", encoding="utf-8") as f:
        f.write("\n\n".join("\n".join(lines) for lines in out) + "\n")
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


def _after_msgstr(lines: list[str], target: str) -> bool:
    seen = False
    for line in lines:
        if line.startswith("msgstr"):
            seen = True
        elif line is target:
            return seen
    return False


if __name__ == "__main__":
    raise SystemExit(main())
