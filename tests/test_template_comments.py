"""Django's ``{# … #}`` comment holds on one line only: spread over two, it is printed as text
on the page (it once pushed the catalogue's filters out of their column). Multi-line comments
must use ``{% comment %}``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _templates():
    for path in ROOT.rglob("*.html"):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or "templates" not in parts:
            continue
        yield path


def test_no_template_comment_spreads_over_two_lines():
    leaks = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    leaks.append(f"{path.relative_to(ROOT)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert leaks == [], f"multi-line {{# #}} comments (use {{% comment %}}): {leaks}"
