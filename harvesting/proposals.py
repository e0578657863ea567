"""Include patterns proposed from the addresses a dry run found.

Addresses are grouped by path template: same depth, same fixed segments, same query keys,
same trailing slash; a segment that varies inside a group (a slug, a number, a year) becomes
a character class. Each group gives one regular expression written the way the site shows its
addresses (``/projets/[a-z0-9-]+/$``), which the admin can accept in one click. Groups are
ranked by the project pages the dry run read in them, then by size: the template most detail
pages share comes first. Nothing here knows any particular site.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

SLUG_RE = re.compile(r"^[a-z0-9-]+$")
DIGITS_RE = re.compile(r"^[0-9]+$")
EXTENSION_RE = re.compile(r"^(.+?)(\.[A-Za-z0-9]{2,5})$")
MIN_GROUP = 2


@dataclass
class Proposal:
    pattern: str
    count: int  # addresses found that the pattern matches
    projects: int = 0  # project pages the dry run read among them
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "pattern": self.pattern,
            "count": self.count,
            "projects": self.projects,
            "examples": self.examples,
        }


def _segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def _shape(segment: str) -> str:
    """A coarse class of a segment, so that ``/2023/05/x`` and ``/2024/11/y`` share a group."""
    return "#" if DIGITS_RE.match(segment) else segment


def _key(canonical: str, published: str) -> tuple:
    segments = _segments(canonical)
    query_keys = tuple(sorted({k for k, _ in parse_qsl(urlsplit(canonical).query)}))
    last = segments[-1] if segments else ""
    extension = EXTENSION_RE.match(last)
    head = tuple(_shape(s) for s in segments[:-1])
    slash = urlsplit(published or canonical).path.endswith("/") and bool(segments)
    return (urlsplit(canonical).netloc, len(segments), head,
            extension.group(2).lower() if extension and not query_keys else "",
            query_keys, slash)  # fmt: skip


def _segment_class(values: list[str]) -> str:
    if all(DIGITS_RE.match(v) for v in values):
        return "[0-9]+"
    if all(SLUG_RE.match(v) for v in values):
        return "[a-z0-9-]+"
    return "[^/]+"


def _value_class(values: list[str]) -> str:
    if all(DIGITS_RE.match(v) for v in values):
        return "[0-9]+"
    return "[^&]+"


def _pattern(members: list[tuple[str, str]], key: tuple) -> str:
    _netloc, depth, _head, extension, query_keys, slash = key
    columns = list(zip(*(_segments(c) for c, _ in members), strict=False)) if depth else []
    parts = []
    for index, column in enumerate(columns):
        values = list(column)
        if index == depth - 1 and extension:
            stems = [EXTENSION_RE.match(v).group(1) for v in values]
            if len(set(values)) == 1:
                parts.append(re.escape(values[0]))
            else:
                parts.append(_segment_class(stems) + re.escape(extension))
        elif len(set(values)) == 1 and (index < depth - 1 or len(members) == 1 or query_keys):
            parts.append(re.escape(values[0]).replace("\\-", "-"))
        else:
            parts.append(_segment_class(values))
    fixed_prefix = bool(parts) and not parts[0].startswith("[")
    path = "/" + "/".join(parts)
    if slash:
        path += "/"
    if query_keys:
        queries = [dict(parse_qsl(urlsplit(c).query)) for c, _ in members]
        path += r"\?" + "&".join(
            f"{re.escape(k)}={_value_class([q.get(k, '') for q in queries])}" for k in query_keys
        )
    # A template without a fixed first segment is anchored on the host, or it would match
    # the tail of any deeper address.
    prefix = "" if fixed_prefix else "://[^/]+"
    return f"{prefix}{path}$"


def propose_patterns(
    candidates: dict[str, str], projects: set[str] | None = None, *, limit: int = 3
) -> list[Proposal]:
    """Proposed include patterns for ``candidates`` (canonical URL -> published form),
    best first. ``projects`` holds the canonical URLs the dry run read as project pages."""
    projects = projects or set()
    groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for canonical, published in candidates.items():
        if not _segments(canonical) and not urlsplit(canonical).query:
            continue  # the homepage is never a template
        groups[_key(canonical, published)].append((canonical, published))
    proposals: list[Proposal] = []
    for key, members in groups.items():
        in_projects = sum(1 for c, _ in members if c in projects)
        if len(members) < MIN_GROUP and not in_projects:
            continue
        pattern = _pattern(members, key)
        compiled = re.compile(pattern)
        matched = [
            (c, p) for c, p in candidates.items() if compiled.search(c) or compiled.search(p)
        ]
        proposals.append(
            Proposal(
                pattern,
                len(matched),
                sum(1 for c, _ in matched if c in projects),
                [p for _, p in members[:3]],
            )
        )
    proposals.sort(key=lambda p: (-p.projects, -p.count, p.pattern))
    unique: list[Proposal] = []
    for proposal in proposals:
        if proposal.pattern not in {u.pattern for u in unique}:
            unique.append(proposal)
    return unique[:limit]


def sample_for_classification(candidates: dict[str, str], per_group: int = 2) -> list[str]:
    """A few canonical URLs of each template group, largest groups first: read by the dry run
    to tell which group holds the project pages when the source's patterns matched none."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for canonical, published in candidates.items():
        if _segments(canonical) or urlsplit(canonical).query:
            groups[_key(canonical, published)].append(canonical)
    ordered = sorted(groups.values(), key=len, reverse=True)
    return [url for members in ordered if len(members) >= MIN_GROUP for url in members[:per_group]]
