#!/usr/bin/env python3
"""Build the held-out gold JSON files from their annotated markup, and check them.

A markup file (markup/NAME.txt) holds a header, a line "---", then the article text in which each
statement is written inline as [[content ## speaker | kind | cue | hint]]:
kind is d(irect) / i(ndirect) / m(ixed), cue "-" means null, hint (optional) is u / c / e for
unevidenced / contested / evidenced. Header lines: "id: ...", "title: ...", "outlet: ...",
"published: ...", and one "@ Canonical name | alias; alias | role" per speaker.
Stripping the markup gives the article text, so every content is an exact substring of it.

Usage: build.py [--check] [SET ...]   (SET: a folder here with markup/, e.g. heldout; default all of them.
--check verifies the JSON files are up to date and valid and writes nothing.)
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[(.+?) ?## ([^\]|]+?) \| ([dim]) \| ([^\]|]+?)(?: \| ([uce]))?\]\]", re.S)
KINDS = {"d": "direct", "i": "indirect", "m": "mixed"}
HINTS = {"u": "unevidenced", "c": "contested", "e": "evidenced", None: None}


def parse(path: Path) -> dict:
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    meta, speakers = {}, {}
    for line in head.splitlines():
        if line.startswith("@"):
            name, aliases, role = (p.strip() for p in line[1:].split("|"))
            speakers[name] = {"aliases": [a.strip() for a in aliases.split(";") if a.strip()], "role": role or None}
        elif line.strip():
            key, value = line.split(":", 1)
            meta[key.strip()] = value.strip()
    text, statements, pos = [], [], 0
    offset = 0
    for m in MARK.finditer(body):
        chunk = body[pos : m.start()]
        text.append(chunk)
        offset += len(chunk)
        content, speaker, kind, cue, hint = m.groups()
        statements.append(
            {
                "speaker": speaker.strip(),
                "content": content,
                "kind": KINDS[kind],
                "cue": None if cue.strip() == "-" else cue.strip(),
                "evidence_hint": HINTS[hint],
                "_start": offset,
            }
        )
        text.append(content)
        offset += len(content)
        pos = m.end()
    text.append(body[pos:])
    full = "".join(text).strip("\n")
    lead = len("".join(text)) - len("".join(text).lstrip("\n"))
    for s in statements:
        start = s.pop("_start") - lead
        assert full[start : start + len(s["content"])] == s["content"], (path, s["content"])
    problems = []
    if "[[" in full or "]]" in full or " ## " in full:
        problems.append("unparsed markup left in text")
    for s in statements:
        if s["content"] not in full:
            problems.append(f"not a substring: {s['content'][:60]}")
        if s["speaker"] not in speakers:
            problems.append(f"speaker not declared: {s['speaker']}")
        if s["content"] != s["content"].strip():
            problems.append(f"content has outer spaces: {s['content'][:60]}")
    words = len(full.split())
    if not 300 <= words <= 900:
        problems.append(f"{words} words")
    if not 15 <= len(statements) <= 40:
        problems.append(f"{len(statements)} statements")
    if problems:
        raise SystemExit(f"{path.name}: " + "; ".join(problems))
    return {**meta, "text": full, "statements": statements, "speakers": speakers}


def main() -> int:
    check = "--check" in sys.argv
    names = [a for a in sys.argv[1:] if a != "--check"]
    sets = [HERE / n for n in names] if names else sorted(p.parent for p in HERE.glob("*/markup"))
    stale = []
    for src in sorted(p for folder in sets for p in (folder / "markup").glob("*.txt")):
        article = parse(src)
        out = src.parent.parent / f"{article['id']}.json"
        data = json.dumps(article, ensure_ascii=False, indent=1) + "\n"
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != data:
                stale.append(out.name)
        else:
            out.write_text(data, encoding="utf-8")
        print(f"{article['id']}: {len(article['text'].split())} words, {len(article['statements'])} statements")
    if stale:
        print("stale:", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
