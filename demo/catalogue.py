"""Synthetic but realistic projects for the demo catalogue and for volume benchmarks.

French titles and texts built from typical social-innovation project kinds, placed in real
communes (weighted by population), classified in the thesaurus and listed by clearly fictitious
demonstration partners (``DEMO_ORGANISATIONS``, on ``.exemple.org``): generated projects are
never attributed to a real organisation under made-up addresses on its domain. This module
draws the projects; ``demo.seeding`` writes them in bulk. Deterministic for a given ``seed``
and project number.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils.text import slugify

from members.models import Organisation
from projects.models import Commune, Project, Theme
from projects.models.project import POINT_FORMAT

# Fictitious partners the generated projects are listed by (name, host); each says it is one.
DEMO_ORGANISATIONS = [
    ("Réseau Exemple des Solidarités (démo)", "reseau-solidarites.exemple.org"),
    ("Fondation Imaginaire pour l'Innovation Sociale (démo)", "fondation-imaginaire.exemple.org"),
    ("Collectif Fictif des Territoires (démo)", "collectif-territoires.exemple.org"),
    ("Agence Modèle de l'Économie Sociale (démo)", "agence-ess.exemple.org"),
    ("Incubateur Démonstration Bretagne-Loire (démo)", "incubateur-demo.exemple.org"),
    ("Observatoire Exemple des Initiatives Locales (démo)", "observatoire-initiatives.exemple.org"),
]
DEMO_PRESENTATION = (
    "Organisation fictive de démonstration : les projets qu'elle présente sont générés "
    "pour montrer la plateforme et n'existent pas."
)


def demo_organisations() -> list[Organisation]:
    """The fictitious demonstration partners (created once, public)."""
    organisations = []
    for name, host in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "website": f"https://{host}/",
                "presentation": DEMO_PRESENTATION,
                "status": Organisation.Status.PUBLIC,
            },
        )
        organisations.append(organisation)
    return organisations


# (title pattern, theme codes, what it does)
KINDS = [
    (
        "Épicerie solidaire",
        ["ALI", "ACE"],
        "propose des produits frais et locaux à prix réduits "
        "aux familles aux revenus modestes, avec un accompagnement budgétaire",
    ),
    (
        "Garage solidaire",
        ["ACE", "FOR"],
        "répare à bas coût les véhicules des personnes en "
        "insertion pour qu'elles puissent se rendre au travail",
    ),
    (
        "Ressourcerie",
        ["GES", "ACE"],
        "collecte, répare et revend des objets du quotidien, et "
        "emploie des salariés en parcours d'insertion",
    ),
    (
        "Jardin partagé",
        ["AGR", "ALI"],
        "réunit des habitants autour d'un potager collectif "
        "cultivé sans pesticides, avec des ateliers pour les écoles",
    ),
    (
        "Tiers-lieu numérique",
        ["INN", "ACE"],
        "ouvre un espace de travail partagé, un fablab et "
        "des permanences d'accompagnement aux démarches en ligne",
    ),
    (
        "Café des aidants",
        ["AID", "ACS"],
        "offre aux proches aidants un lieu d'écoute, "
        "d'information et de répit animé par des professionnels",
    ),
    (
        "Atelier vélo participatif",
        ["MOB", "PRN"],
        "apprend à chacun à réparer son vélo et remet en circulation des vélos abandonnés",
    ),
    (
        "Chantier d'insertion maraîcher",
        ["AGR", "FOR"],
        "forme des personnes éloignées de "
        "l'emploi au maraîchage biologique et livre des paniers aux habitants",
    ),
    (
        "Habitat inclusif",
        ["AID", "ENF"],
        "permet à des personnes âgées ou handicapées de vivre "
        "en colocation accompagnée au cœur du village",
    ),
    (
        "Maison de santé pluriprofessionnelle",
        ["ACS"],
        "rassemble médecins, infirmiers et "
        "travailleurs sociaux pour lutter contre les déserts médicaux",
    ),
    (
        "Repair café",
        ["GES", "EDC"],
        "organise chaque mois des séances où des bénévoles aident "
        "les habitants à réparer leurs objets plutôt que de les jeter",
    ),
    (
        "Cantine solidaire",
        ["ALI", "EGA"],
        "sert des repas cuisinés avec des produits locaux à "
        "prix libre et crée du lien entre les générations",
    ),
    (
        "Conciergerie solidaire",
        ["ORG", "ACE"],
        "rend des services de proximité aux salariés "
        "d'une zone d'activité et crée des emplois pour les habitants du quartier",
    ),
    (
        "Plateforme de covoiturage rural",
        ["MOB", "ACE"],
        "met en relation conducteurs et passagers dans les communes sans transport en commun",
    ),
    (
        "Programme de tutorat scolaire",
        ["EGA", "EDC"],
        "accompagne des collégiens de quartiers prioritaires grâce à des étudiants bénévoles",
    ),
    (
        "Coopérative d'énergie citoyenne",
        ["ENE", "ADA"],
        "finance et installe des panneaux "
        "solaires sur les toits publics grâce à l'épargne des habitants",
    ),
]
QUALIFIERS = ["", " du quartier", " intercommunal", " itinérant", " coopératif", " des familles"]
HOLDER_FORMS = ["Association", "Collectif", "SCIC", "Régie de quartier", "Fondation", "Coopérative"]
STATUSES = [Project.Status.ACTIVE] * 6 + [Project.Status.IDEA, Project.Status.ENDED]
# every generated project has its own site on this host: the number says which one it is
GENERATED_HOST = "projet-{number}.exemple.org"


def _communes_by_weight(rng: random.Random, sample: int = 3000) -> list[Commune]:
    """A population-weighted sample of communes (big towns appear more often, villages too)."""
    communes = list(
        Commune.objects.exclude(population=None)
        .select_related("department")
        .only("insee_code", "name", "latitude", "longitude", "department", "population")
    )
    if not communes:
        raise RuntimeError(
            "Aucune commune en base : lancez d'abord « python manage.py seed_platform »."
        )
    weights = [max(c.population or 1, 200) ** 0.6 for c in communes]
    return rng.choices(communes, weights=weights, k=min(sample, len(communes) * 10))


def project_draft(
    number: int,
    *,
    seed: int,
    communes: list[Commune],
    themes: dict[str, Theme],
    organisations: list[Organisation],
    now,
) -> tuple[dict, set[int], list[Organisation]]:
    """Synthetic project number ``number``: its column values (by attribute name, the rest
    left to the model's defaults), its theme ids and its listing partners.

    Drawn from its own generator seeded by ``(seed, number)``: the same number gives the same
    project whether the catalogue was seeded in one run or resumed after an interruption.
    """
    rng = random.Random(seed * 100_000_007 + number)
    kind, codes, does = rng.choice(KINDS)
    commune = rng.choice(communes)
    title = f"{kind}{rng.choice(QUALIFIERS)} de {commune.name}"
    holder = f"{rng.choice(HOLDER_FORMS)} {rng.choice(['Les', 'Ensemble', 'Agir', 'Terre'])}"
    holder += f" {rng.choice(['Solidaires', 'Communs', 'Voisins', 'Racines', 'Liens'])}"
    year = rng.randint(2005, now.year)
    published = now - timedelta(days=rng.randint(0, 5 * 365), minutes=rng.randint(0, 1440))
    host = GENERATED_HOST.format(number=number)
    values = {
        "title": title,
        "slug": f"{slugify(title)[:200]}-{number}",
        "summary": f"À {commune.name}, le projet {does}.",
        "description": (
            f"<p>Lancé en {year} à {commune.name} ({commune.department.name}), ce projet "
            f"{does}.</p><p>Porté par {holder}, il s'appuie sur les habitants, les "
            "collectivités et les acteurs de l'économie sociale et solidaire du territoire."
            "</p>"
        ),
        "commune_id": commune.insee_code,
        "department_id": commune.department_id,
        "region_id": commune.department.region_id,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "location": POINT_FORMAT.format(lon=commune.longitude, lat=commune.latitude),
        "location_precision": Project.Precision.COMMUNE.value,
        "holder_name": holder,
        "website": f"https://{host}/",
        "contact_email": f"contact@{host}",
        "start_year": year,
        "status": rng.choice(STATUSES).value,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": published,
        "last_published_at": published,
    }
    parents = {themes[c].parent_id for c in codes if c in themes}
    theme_ids = {themes[c].pk for c in codes if c in themes} | (parents - {None})
    listed_by = rng.sample(organisations, k=rng.choice([1, 1, 1, 2]))
    return values, theme_ids, listed_by


def communes_sample(seed: int) -> list[Commune]:
    """The population-weighted communes the generated projects are placed in."""
    return _communes_by_weight(random.Random(seed))
