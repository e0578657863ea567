"""Trends that read (issue 16, item 5): real words, not stems; years on a continuous axis."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from projects.catalogue.charts import column_chart
from projects.catalogue.trends import emerging_terms
from projects.models import Project
from projects.tests.factories import ProjectFactory


def test_years_are_continuous_with_empty_years_at_zero():
    chart = column_chart([(2005, 3), (2025, 1), (2024, 2)])
    years = [c["year"] for c in chart["columns"]]
    assert years == list(range(2005, 2026))
    assert [c["count"] for c in chart["columns"] if c["year"] in (2006, 2015)] == [0, 0]
    assert chart["columns"][0]["labelled"] and chart["columns"][-1]["labelled"]
    assert chart["top"] == 3
    xs = [c["x"] for c in chart["columns"]]
    steps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert max(steps) - min(steps) < 0.2  # one year, one step: 2005 is far from 2025


@pytest.mark.django_db
def test_emerging_words_are_shown_as_written_not_as_stems():
    cache.clear()
    now = timezone.now()
    for i in range(6):
        p = ProjectFactory(
            title=f"Habitat partagé des quartiers {i}",
            summary="Un habitat participatif pour les habitants des quartiers.",
        )
        Project.objects.filter(pk=p.pk).update(first_published_at=now - timedelta(days=10 + i))
    old = ProjectFactory(title="Jardin ancien", summary="Un jardin.")
    Project.objects.filter(pk=old.pk).update(first_published_at=now - timedelta(days=500))
    words = [r["word"] for r in emerging_terms()]
    assert "habitat" in words and "quartiers" in words
    assert "habit" not in words and "quarti" not in words


@pytest.mark.django_db
def test_words_of_theme_labels_are_spelled_too_and_no_stem_is_ever_shown():
    """The statistics read the theme labels (weight B): "Solidarité" stems to "solidarit",
    which no title spells; the table says "solidarité", and a stem nothing spells is left out."""
    from projects.models import Theme

    cache.clear()
    now = timezone.now()
    theme = Theme.objects.create(code="ZZSOL", label="Solidarité et citoyenneté")
    for i in range(6):
        p = ProjectFactory(
            title=f"Jardin partagé {i}", summary="Des jardins ouverts.", themes=[theme]
        )
        Project.objects.filter(pk=p.pk).update(first_published_at=now - timedelta(days=10 + i))
    old = ProjectFactory(title="Atelier ancien", summary="Un atelier.")
    Project.objects.filter(pk=old.pk).update(first_published_at=now - timedelta(days=500))
    rows = emerging_terms()
    words = [r["word"] for r in rows]
    assert "solidarité" in words and "citoyenneté" in words
    assert "solidarit" not in words and "citoyennet" not in words
