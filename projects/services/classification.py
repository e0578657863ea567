"""Theme classification with the editable rules stored in the database."""

from __future__ import annotations

from projects.consolidation.classify import (
    DEFAULT_KEYWORDS,
    Classifier,
    _default_classifier,
    normalize_tag,
)
from projects.models import PartnerTagRule, Theme


def classifier_default() -> Classifier:
    """The classifier with the shipped rules only (no database), built once per process."""
    return _default_classifier()


def rules_of(organisation_id: int | None) -> dict[str, list[str]]:
    """Tag rules (normalised tag → theme codes) of one partner, or the shared ones (None)."""
    rules: dict[str, list[str]] = {}
    queryset = PartnerTagRule.objects.filter(organisation_id=organisation_id)
    if organisation_id is None:
        queryset = PartnerTagRule.objects.filter(organisation__isnull=True)
    for rule in queryset.prefetch_related("themes"):
        rules.setdefault(normalize_tag(rule.tag), []).extend(t.code for t in rule.themes.all())
    return rules


def classifier_for(organisation_id: int | None) -> Classifier:
    """A classifier with the admin-edited keyword lists (the defaults where a theme has none),
    the rules shared by all partners (the UN goals…) and the tag rules of
    ``organisation_id``. Build one per harvest run, not per page."""
    themes = list(Theme.objects.select_related("parent"))
    keywords = {t.code: t.keyword_list() or DEFAULT_KEYWORDS.get(t.code, []) for t in themes}
    if not themes:
        keywords = DEFAULT_KEYWORDS
    tag_rules = rules_of(organisation_id) if organisation_id else {}
    parents = {t.code: t.parent.code if t.parent else None for t in themes} or None
    return Classifier(
        keywords=keywords, tag_rules=tag_rules, themes=parents, shared_rules=rules_of(None)
    )
