"""Learning from editors: their theme corrections as evidence, proposed rules, unknown tags.

- :func:`theme_feedback_record` (called after each admin edit of a project) compares the
  project's themes with what the harvest last wrote and keeps one ``ThemeFeedback`` row per
  added or removed theme and partner page, with that page's partner tags and, for a removal,
  the words that had given the theme. Reverting a correction deletes its row.
- :func:`tag_proposals` counts that evidence per partner, tag and theme and proposes a rule
  for that partner only; :func:`tag_proposal_accept` applies one (the editor's click).
  Nothing is applied by itself, and never to another partner.
- :func:`keyword_evidence` counts, across partners, the words whose theme editors removed
  (a keyword to reconsider in the theme's list, edited by a platform admin).
- :func:`tags_unmapped` lists partner tags read on harvested pages that no rule maps, most
  frequent first, so an editor maps the useful ones first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from projects.consolidation.classify import _theme_labels, normalize_tag
from projects.models import PartnerTagRule, Project, ProjectSource, Theme, ThemeFeedback
from projects.services.classification import rules_of

__all__ = [
    "TagProposal",
    "keyword_evidence",
    "tag_proposal_accept",
    "tag_proposals",
    "tags_unmapped",
    "theme_feedback_record",
]


def _words(reasons: list[str]) -> list[str]:
    """Words that gave a theme, from its reasons ("mots : a, b")."""
    words: list[str] = []
    for reason in reasons or []:
        if reason.startswith("mots : "):
            words.extend(w.strip() for w in reason[len("mots : ") :].split(",") if w.strip())
    return words


@transaction.atomic
def theme_feedback_record(project: Project, editor=None) -> int:
    """Record the editor's theme corrections on ``project``; returns the rows now kept."""
    if not project.pk:
        return 0
    if "themes" not in (project.harvest_values or {}):  # never harvested: nothing to learn
        ThemeFeedback.objects.filter(project=project).delete()
        return 0
    harvested = set(project.harvest_values["themes"])
    current = set(project.themes.values_list("code", flat=True))
    changes = dict.fromkeys(current - harvested, ThemeFeedback.Action.ADDED)
    changes.update(dict.fromkeys(harvested - current, ThemeFeedback.Action.REMOVED))
    themes = {t.code: t for t in Theme.objects.filter(code__in=changes)}
    kept: set[int] = set()
    for source in ProjectSource.objects.filter(project=project).select_related("organisation"):
        values = source.harvested_values or {}
        tags = list(values.get("tags", []))
        given = set(values.get("themes", []))
        for code, action in changes.items():
            theme = themes.get(code)
            if theme is None:
                continue
            if action == ThemeFeedback.Action.REMOVED and code not in given:
                continue  # this partner's page did not give it
            words = (
                _words((project.theme_reasons or {}).get(code, []))
                if action == ThemeFeedback.Action.REMOVED
                else []
            )
            row, _ = ThemeFeedback.objects.update_or_create(
                project=project,
                theme=theme,
                organisation=source.organisation,
                defaults={"action": action, "tags": tags, "words": words, "editor": editor},
            )
            kept.add(row.pk)
    ThemeFeedback.objects.filter(project=project).exclude(pk__in=kept).delete()
    return len(kept)


@dataclass(frozen=True)
class TagProposal:
    """A rule proposed for one partner: tag ``tag`` should (add) or should not (remove) give
    ``theme``, seen on ``count`` corrected projects."""

    organisation_id: int
    organisation: str
    tag: str
    theme: str
    theme_label: str
    action: str  # "added" or "removed"
    count: int


def tag_proposals(organisation_ids=None) -> list[TagProposal]:
    """Proposed rules from editors' corrections, most supported first; a proposal already
    satisfied by the partner's rules is not shown."""
    rows = ThemeFeedback.objects.select_related("theme", "organisation")
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    counts: Counter = Counter()
    spelled: dict[tuple, str] = {}
    names: dict[int, str] = {}
    labels: dict[str, str] = {}
    for row in rows:
        names[row.organisation_id] = row.organisation.name
        labels[row.theme.code] = row.theme.label
        for tag in {normalize_tag(t): t for t in row.tags}.items():
            key = (row.organisation_id, tag[0], row.theme.code, row.action)
            counts[key] += 1
            spelled.setdefault(key, tag[1])
    shared = rules_of(None)
    own_rules: dict[int, dict[str, list[str]]] = {}
    proposals = []
    for (org_id, key, code, action), count in counts.most_common():
        own = own_rules.setdefault(org_id, rules_of(org_id))
        effective = own.get(key, shared.get(key, []))
        if (action == ThemeFeedback.Action.ADDED) == (code in effective):
            continue
        proposals.append(
            TagProposal(
                org_id,
                names[org_id],
                spelled[(org_id, key, code, action)],
                code,
                labels[code],
                action,
                count,
            )  # fmt: skip
        )
    return proposals


@transaction.atomic
def tag_proposal_accept(organisation_id: int, tag: str, theme_code: str, action: str):
    """Apply a proposal to this partner's rules only: its rule for ``tag`` (created from the
    shared rule's themes when there is one) gains or loses ``theme_code``."""
    theme = Theme.objects.get(code=theme_code)
    key = normalize_tag(tag)
    rule = next(
        (
            r
            for r in PartnerTagRule.objects.filter(organisation_id=organisation_id)
            if normalize_tag(r.tag) == key
        ),
        None,
    )
    if rule is None:
        rule = PartnerTagRule.objects.create(organisation_id=organisation_id, tag=tag[:200])
        inherited = rules_of(None).get(key, [])
        rule.themes.set(Theme.objects.filter(code__in=inherited))
    if action == ThemeFeedback.Action.ADDED:
        rule.themes.add(theme)
    else:
        rule.themes.remove(theme)
    return rule


def keyword_evidence(limit: int = 50) -> list[tuple[str, str, int]]:
    """(theme code, word, projects) for words whose theme editors removed, most first."""
    counts: Counter = Counter()
    for code, words in ThemeFeedback.objects.filter(
        action=ThemeFeedback.Action.REMOVED
    ).values_list("theme__code", "words"):
        for word in set(words or []):
            counts[(code, word)] += 1
    return [(code, word, n) for (code, word), n in counts.most_common(limit)]


def tags_unmapped(organisation_ids=None, limit: int = 100) -> list[tuple[int, str, str, int]]:
    """(organisation id, organisation name, tag, pages) for partner tags no rule maps."""
    sources = ProjectSource.objects.filter(is_listed=True)
    if organisation_ids is not None:
        sources = sources.filter(organisation_id__in=organisation_ids)
    known_everywhere = set(rules_of(None)) | set(_theme_labels())
    counts: Counter = Counter()
    spelled: dict[tuple, str] = {}
    names: dict[int, str] = {}
    own_rules: dict[int, set[str]] = {}
    for org_id, name, values in sources.values_list(
        "organisation_id", "organisation__name", "harvested_values"
    ):
        names[org_id] = name
        own = own_rules.setdefault(org_id, set(rules_of(org_id)))
        for tag in {normalize_tag(t): t for t in (values or {}).get("tags", [])}.items():
            if tag[0] and tag[0] not in known_everywhere and tag[0] not in own:
                counts[(org_id, tag[0])] += 1
                spelled.setdefault((org_id, tag[0]), tag[1])
    return [
        (org_id, names[org_id], spelled[(org_id, key)], n)
        for (org_id, key), n in counts.most_common(limit)
    ]
