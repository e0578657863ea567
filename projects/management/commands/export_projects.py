"""Export projects, one per line (JSON Lines) or as CSV, with their sources."""

import csv
import json

from django.core.management.base import BaseCommand

from projects.catalogue.csv_cells import csv_row
from projects.models import Project

FIELDS = [
    "id",
    "title",
    "slug",
    "summary",
    "status",
    "themes",
    "commune_insee",
    "department_code",
    "region_code",
    "lat",
    "lon",
    "website",
    "sources",
    "description",
]


def project_row(project: Project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "slug": project.slug,
        "summary": project.summary,
        "status": project.status,
        "live": project.live,
        "themes": sorted(t.code for t in project.themes.all()),
        "commune_insee": project.commune_id,
        "department_code": project.department_id,
        "region_code": project.region_id,
        "lat": project.latitude,
        "lon": project.longitude,
        "website": project.website,
        "sources": [
            {"organisation": s.organisation.name, "url": s.url, "listed": s.is_listed}
            for s in project.sources.all()
        ],
        "description": project.description,
    }


class Command(BaseCommand):
    help = "Exporte les projets publiés (ou tous avec --all) en JSON Lines ou CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--all", action="store_true", help="Brouillons compris.")

    def handle(self, *args, format="jsonl", all=False, **options):
        projects = Project.objects.all() if all else Project.objects.public()
        projects = projects.order_by("pk").prefetch_related("themes", "sources__organisation")
        out = self.stdout
        if format == "jsonl":
            for project in projects.iterator(chunk_size=500):
                out.write(json.dumps(project_row(project), ensure_ascii=False))
            return
        writer = csv.DictWriter(out, fieldnames=[*FIELDS, "live"], lineterminator="\n")
        writer.writeheader()
        for project in projects.iterator(chunk_size=500):
            row = project_row(project)
            row["themes"] = " ".join(row["themes"])
            row["sources"] = " ".join(
                f"{s['organisation']}|{s['url']}|{'oui' if s['listed'] else 'non'}"
                for s in row["sources"]
            )
            writer.writerow(csv_row(row))
