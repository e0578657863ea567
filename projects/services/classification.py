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


def classifier_for(organisation_id: int | None) -> Classifier:
    """A classifier with the admin-edited keyword lists (the defaults where a theme has none)
    and the tag rules of ``organisation_id``. Build one per harvest run, not per page."""
    themes = list(Theme.objects.select_related("parent"))
    keywords = {t.code: t.keyword_list() or DEFAULT_KEYWORDS.get(t.code, []) for t in themes}
    tag_rules: dict[str, list[str]] = {}
    if organisation_id:
        rules = PartnerTagRule.objects.filter(organisation_id=organisation_id).prefetch_related(
            "themes"
        )
        for rule in rules:
            tag_rules.setdefault(normalize_tag(rule.tag), []).extend(
                t.code for t in rule.themes.all()
            )
    parents = {t.code: t.parent.code if t.parent else None for t in themes}
    return Classifier(keywords=keywords, tag_rules=tag_rules, themes=parents)
