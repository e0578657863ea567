"""Trend charts that read (issue 16, item 5): each has drawn axes, graduations, axis titles with
their unit, text of 12 px at least, and the table of its numbers."""

import re

import lxml.html
import pytest
from django.conf import settings
from django.utils import timezone

from projects.catalogue.charts import bar_chart, nice_ticks
from projects.models import Commune, Project, Theme
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated_projects(reference_data):
    rennes, paris = Commune.objects.get(pk="35238"), Commune.objects.get(pk="75056")
    ali, env = Theme.objects.get(code="ALI"), Theme.objects.get(code="ENV")
    for i, (commune, themes, year) in enumerate(
        [(rennes, [ali], 2008), (rennes, [ali, env], 2019), (paris, [env], 2021)]
    ):
        ProjectFactory(title=f"Projet daté {i}", commune=commune, themes=themes, start_year=year)
    Project.objects.update(first_published_at=timezone.now(), last_published_at=timezone.now())


def _charts(html: str):
    tree = lxml.html.fromstring(html)
    return tree.xpath("//svg[contains(concat(' ', @class, ' '), ' chart ')]")


def _texts(svg, cls: str) -> list[str]:
    return [t.text_content() for t in svg.xpath(f".//text[contains(@class, '{cls}')]")]


@pytest.mark.parametrize("url", ["/projets/tendances/", "/projets/territoires/region/bretagne/"])
def test_every_trend_chart_has_axes_units_labels_and_its_table(client, dated_projects, url):
    html = client.get(url).content.decode()
    charts = _charts(html)
    assert len(charts) == 3  # themes, first publication years, start years
    units = []
    for svg in charts:
        assert int(svg.get("font-size")) >= 12
        for axis in ("axis-x", "axis-y"):
            (line,) = svg.xpath(f".//line[contains(@class, '{axis}')]")
            length = abs(float(line.get("x2")) - float(line.get("x1"))) + abs(
                float(line.get("y2")) - float(line.get("y1"))
            )
            assert length > 50, (url, axis)
        x_title, y_title = _texts(svg, "axis-title-x"), _texts(svg, "axis-title-y")
        assert x_title and y_title and all(t.strip() for t in x_title + y_title)
        units.append((x_title[0], y_title[0]))
        ticks = _texts(svg, "tick")
        assert len(ticks) >= 3 and all(t.strip() for t in ticks)
        # its table follows it, in the same section
        section = svg.getparent().getparent()
        assert section.xpath(".//table[contains(@class, 'data')]//td"), url
    theme_units, *year_units = units
    assert "%" in theme_units[0]  # shares, in per cent
    assert all(x == "Année" and y == "Nombre de projets" for x, y in year_units)
    themes_svg, first_seen_svg, started_svg = charts
    assert any(t.endswith("%") for t in _texts(themes_svg, "tick"))
    years = [t for t in _texts(started_svg, "tick") if len(t) == 4]
    last = "2019" if "territoires" in url else "2021"  # the Paris project is not in Bretagne
    assert years[0] == "2008" and years[-1] == last  # the first and the last year are labelled
    assert "0" in _texts(first_seen_svg, "tick")


def test_stylesheet_keeps_chart_text_at_12_px_at_least():
    css = (settings.BASE_DIR / "community/static/css/site.css").read_text(encoding="utf-8")
    sizes = [int(s) for s in re.findall(r"\.chart[^{]*\{[^}]*?(\d+)px", css)]
    assert sizes and min(sizes) >= 12


def test_graduations_are_round_and_cover_the_data():
    assert nice_ticks(3, most=4, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(1234, most=4, integer=True) == [0, 500, 1000, 1500]
    assert nice_ticks(0.37) == [0, 0.1, 0.2, 0.3, 0.4]
    assert nice_ticks(0) == [0, 1.0]
    chart = bar_chart([{"label": "A", "share": 0.37}, {"label": "B", "share": 0.1}], value="share")
    assert [t["label"] for t in chart["ticks"]] == ["0 %", "10 %", "20 %", "30 %", "40 %"]
    assert chart["bars"][0]["width"] < chart["axis_end"] - chart["label_w"]
