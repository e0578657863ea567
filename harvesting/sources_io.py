"""Import and export harvest sources as JSON (``manage.py harvest_sources import|export``).

File format: a list of
``{"organisation": {"name", "website", "presentation"}, "sources": [{"name", "url", "kind",
"include": [regex], "exclude": [regex], "selectors": {field: selector}, "schedule",
"auto_publish"}]}`` (``presentation`` optional).
Sources are identified by (organisation, url): importing twice updates, never duplicates. An
organisation is found by name; ``website`` and ``presentation`` only fill a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from harvesting.models import HarvestSource
from harvesting.patterns import pattern_errors
from members.models import Organisation


@dataclass
class ImportReport:
    organisations_created: int = 0
    sources_created: int = 0
    sources_updated: int = 0


def _check(entry: dict, index: int) -> None:
    where = f"entrée n° {index + 1}"
    if not isinstance(entry, dict) or not isinstance(entry.get("organisation"), dict):
        raise ValidationError(f"{where} : un objet avec une clé « organisation » est attendu.")
    if not entry["organisation"].get("name"):
        raise ValidationError(f"{where} : l'organisation doit avoir un « name ».")
    for source in entry.get("sources", []):
        name = source.get("name") or source.get("url")
        try:
            URLValidator(schemes=["http", "https"])(source.get("url", ""))
        except ValidationError as error:
            raise ValidationError(
                f"{where}, source « {name} » : adresse invalide ; une adresse http(s) complète "
                "est attendue."
            ) from error
        if source.get("kind", "auto") not in HarvestSource.Kind.values:
            raise ValidationError(
                f"{where}, source « {name} » : type « {source.get('kind')} » inconnu "
                f"(valeurs possibles : {', '.join(HarvestSource.Kind.values)})."
            )
        if source.get("schedule", "daily") not in HarvestSource.Schedule.values:
            raise ValidationError(
                f"{where}, source « {name} » : fréquence « {source.get('schedule')} » inconnue "
                f"(valeurs possibles : {', '.join(HarvestSource.Schedule.values)})."
            )
        if source.get("renderer", "none") not in HarvestSource.Renderer.values:
            raise ValidationError(
                f"{where}, source « {name} » : rendu « {source.get('renderer')} » inconnu "
                f"(valeurs possibles : {', '.join(HarvestSource.Renderer.values)})."
            )
        for field in ("include", "exclude"):
            patterns = source.get(field, [])
            if not isinstance(patterns, list):
                raise ValidationError(
                    f"{where}, source « {name} » : « {field} » doit être une liste de motifs."
                )
            errors = pattern_errors(patterns)
            if errors:
                raise ValidationError(
                    f"{where}, source « {name} », motifs « {field} » : {' '.join(errors)}"
                )


@transaction.atomic
def sources_import(data: list) -> ImportReport:
    """Create or update organisations and their sources; all or nothing."""
    if not isinstance(data, list):
        raise ValidationError("Le fichier doit contenir une liste d'organisations.")
    for index, entry in enumerate(data):
        _check(entry, index)
    report = ImportReport()
    for entry in data:
        org_data = entry["organisation"]
        organisation, created = Organisation.objects.get_or_create(
            name=org_data["name"].strip(),
            defaults={
                "website": org_data.get("website", ""),
                "presentation": org_data.get("presentation", ""),
                "status": "public",
            },
        )
        report.organisations_created += created
        for item in entry.get("sources", []):
            defaults = {
                "name": item.get("name") or item["url"],
                "kind": item.get("kind", "auto"),
                "include_patterns": "\n".join(item.get("include", [])),
                "exclude_patterns": "\n".join(item.get("exclude", [])),
                "selectors": item.get("selectors") or {},
                "schedule": item.get("schedule", "daily"),
                "auto_publish": bool(item.get("auto_publish", False)),
                "renderer": item.get("renderer", "none"),
            }
            if "urls" in item:
                defaults["urls"] = "\n".join(item["urls"])
            _, created = HarvestSource.objects.update_or_create(
                organisation=organisation, url=item["url"], defaults=defaults
            )
            if created:
                report.sources_created += 1
            else:
                report.sources_updated += 1
    return report


def sources_export(queryset=None) -> list:
    queryset = queryset or HarvestSource.objects.select_related("organisation")
    by_org: dict[int, dict] = {}
    for source in queryset.order_by("organisation__name", "name"):
        entry = by_org.setdefault(
            source.organisation_id,
            {
                "organisation": {
                    "name": source.organisation.name,
                    "website": source.organisation.website,
                },
                "sources": [],
            },
        )
        item = {
            "name": source.name,
            "url": source.url,
            "kind": source.kind,
            "include": source.patterns("include_patterns"),
            "exclude": source.patterns("exclude_patterns"),
            "selectors": source.selectors,
            "schedule": source.schedule,
            "auto_publish": source.auto_publish,
        }
        if source.renderer != HarvestSource.Renderer.NONE:
            item["renderer"] = source.renderer
        if source.urls:
            item["urls"] = source.patterns("urls")
        entry["sources"].append(item)
    return list(by_org.values())
