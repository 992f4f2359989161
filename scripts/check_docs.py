#!/usr/bin/env python3
"""Checks the hand-written documentation against the code. Run from anywhere:

    python3 scripts/check_docs.py

1. Snippets: a code block preceded by the line `<!-- snippet: <file> <tag> -->` must equal the
   lines between the two `// [<tag>]` markers of <file> (a repository path), de-indented. So the
   tutorial and the how-to pages show code that is compiled and run by the example tests.
2. Relative links of README.md and docs/ point to files that exist.
3. README.md, docs/ and include/ narrate no history and cite no path outside the repository
   (history belongs in CHANGELOG.md and git log).
4. Every macro of include/ is defined in include/typegrad/config.hpp (the version numbers in
   version.hpp).

Exits 1 and names every problem, 0 when there is none.
"""
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPET = re.compile(r"<!--\s*snippet:\s*(\S+)\s+(\S+)\s*-->")
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")
HISTORY = re.compile(r"that day|faster day|before this|notes/|this session|shared/seeds|shared/reference|\.\./shared",
                     re.IGNORECASE)


def docs():
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs").rglob("*.md"))


def region(path, tag):
    lines = (ROOT / path).read_text().splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == f"// [{tag}]"]
    if len(marks) != 2:
        return None
    return textwrap.dedent("\n".join(lines[marks[0] + 1:marks[1]])).strip("\n")


def check_snippets(md, problems):
    lines = md.read_text().splitlines()
    for i, line in enumerate(lines):
        m = SNIPPET.search(line)
        if not m:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        k = j + 1
        while k < len(lines) and not lines[k].startswith("```"):
            k += 1
        block = "\n".join(lines[j + 1:k]).strip("\n")
        code = region(m.group(1), m.group(2))
        where = f"{md.relative_to(ROOT)}:{i + 1}"
        if code is None:
            problems.append(f"{where}: no region '// [{m.group(2)}]' (two markers) in {m.group(1)}")
        elif code != block:
            problems.append(f"{where}: the block differs from {m.group(1)} [{m.group(2)}]:\n{code}")


def check_links(md, problems):
    in_code = False
    for n, line in enumerate(md.read_text().splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
        for m in ([] if in_code else LINK.finditer(line)):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):
                continue
            if not (md.parent / target).exists():
                problems.append(f"{md.relative_to(ROOT)}:{n}: link to a missing file {target}")


def check_history(problems):
    files = list(docs()) + sorted((ROOT / "include").rglob("*.hpp"))
    for f in files:
        for n, line in enumerate(f.read_text().splitlines(), 1):
            if HISTORY.search(line):
                problems.append(f"{f.relative_to(ROOT)}:{n}: history or an outside path: {line.strip()}")


MACRO_HOMES = {"config.hpp", "version.hpp"}


def check_macros(problems):
    """Every macro of the headers is defined in config.hpp (version.hpp: the version numbers)."""
    for f in sorted((ROOT / "include").rglob("*.hpp")):
        if f.name in MACRO_HOMES and f.parent.name == "typegrad":
            continue
        for n, line in enumerate(f.read_text().splitlines(), 1):
            if re.match(r"\s*#\s*(define|undef)\b", line):
                problems.append(f"{f.relative_to(ROOT)}:{n}: a macro outside config.hpp: {line.strip()}")


def main():
    problems = []
    for md in docs():
        check_snippets(md, problems)
        check_links(md, problems)
    check_history(problems)
    check_macros(problems)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) in the documentation" if problems else "documentation checks passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
