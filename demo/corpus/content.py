# ruff: noqa: E501
"""Invented projects, news and partner organisations for the generated corpus.

Everything is drawn from a seeded ``random.Random``: the same seed gives the same corpus. Names
carry accents and mixed case like real French project names; places are real communes of the
shipped gazetteer (so the locator can be checked); themes are level-1 codes of the thesaurus,
and the text of a project speaks of its themes in ordinary words (never the thesaurus labels).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

#: Kinds of project: (name stem, level-1 themes, what it does — sentences).
PROJECT_KINDS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "Ressourcerie",
        ("ENV", "EMP"),
        (
            "La ressourcerie collecte les objets dont les habitants ne veulent plus, les répare et "
            "les revend à petit prix.",
            "Chaque année, plusieurs dizaines de tonnes de déchets évitent l'enfouissement grâce au "
            "réemploi.",
            "Des salariés en insertion y apprennent les métiers de la réparation et de la vente.",
        ),
    ),
    (
        "Épicerie solidaire",
        ("SOL", "CON"),
        (
            "L'épicerie solidaire propose des produits frais et de première nécessité à des familles "
            "aux revenus modestes, pour 10 à 30 % de leur prix.",
            "Les bénévoles accueillent les personnes orientées par les travailleurs sociaux et "
            "animent des ateliers cuisine.",
            "Les invendus des commerces voisins sont récupérés chaque matin pour lutter contre le "
            "gaspillage alimentaire.",
        ),
    ),
    (
        "Atelier vélo participatif",
        ("ENV", "CON"),
        (
            "L'atelier vélo apprend à chacun à entretenir et réparer sa bicyclette avec des outils "
            "partagés.",
            "Des vélos abandonnés sont remis en état et revendus pour encourager les déplacements "
            "doux.",
            "Les mécaniciens bénévoles animent aussi des séances de remise en selle pour les adultes.",
        ),
    ),
    (
        "Tiers-lieu numérique",
        ("NUM", "EDU"),
        (
            "Le tiers-lieu accompagne les habitants éloignés du numérique dans leurs démarches en "
            "ligne.",
            "Des médiateurs numériques y donnent des cours d'informatique et prêtent des ordinateurs "
            "reconditionnés.",
            "Les jeunes du quartier y découvrent la programmation et la fabrication numérique.",
        ),
    ),
    (
        "Jardins partagés",
        ("ENV", "TER"),
        (
            "Les jardins partagés offrent une parcelle cultivée en commun aux habitants d'un quartier "
            "sans espace vert.",
            "On y apprend le compostage, la permaculture et la culture de légumes sans pesticides.",
            "Les récoltes alimentent des repas de quartier qui rapprochent les voisins.",
        ),
    ),
    (
        "Garage solidaire",
        ("EMP", "SOL"),
        (
            "Le garage solidaire répare à prix coûtant les voitures des personnes qui en ont besoin "
            "pour aller travailler.",
            "Il loue aussi des véhicules aux demandeurs d'emploi qui décrochent un entretien ou une "
            "formation.",
            "Des mécaniciens en parcours d'insertion y préparent un diplôme.",
        ),
    ),
    (
        "Café des aidants",
        ("SAN", "SOL"),
        (
            "Le café des aidants réunit chaque mois les proches de personnes malades ou dépendantes.",
            "Un psychologue anime les rencontres et aide les aidants à rompre leur isolement.",
            "Des temps de répit sont organisés avec l'hôpital et les services de soins à domicile.",
        ),
    ),
    (
        "Maison de santé participative",
        ("SAN", "TER"),
        (
            "La maison de santé rassemble médecins, infirmiers et médiateurs de santé dans un "
            "territoire qui manquait de soignants.",
            "Les habitants participent à la gouvernance et aux actions de prévention.",
            "Des consultations sans rendez-vous accueillent les patients sans médecin traitant.",
        ),
    ),
    (
        "Compagnie de théâtre itinérante",
        ("ART", "EDU"),
        (
            "La compagnie joue ses spectacles dans les villages, les écoles et les maisons de "
            "retraite.",
            "Des ateliers de théâtre permettent aux enfants et aux adolescents de monter leur propre "
            "pièce.",
            "Chaque tournée se termine par une représentation avec les artistes amateurs du "
            "territoire.",
        ),
    ),
    (
        "Chantier d'insertion",
        ("EMP", "ENV"),
        (
            "Le chantier d'insertion embauche des personnes éloignées de l'emploi pour restaurer des "
            "sentiers et des murets.",
            "Chaque salarié est accompagné dans son projet professionnel et suit des formations "
            "qualifiantes.",
            "Plus de la moitié des salariés trouvent un emploi durable ou une formation à la sortie.",
        ),
    ),
    (
        "École de la deuxième chance",
        ("EDU", "EMP"),
        (
            "L'école accueille des jeunes de 16 à 25 ans sortis du système scolaire sans diplôme.",
            "Un parcours individualisé mêle remise à niveau, stages en entreprise et projet "
            "professionnel.",
            "Les formateurs suivent chaque jeune jusqu'à son entrée en formation ou en emploi.",
        ),
    ),
    (
        "Habitat partagé intergénérationnel",
        ("SOL", "TER"),
        (
            "Le projet met en relation des personnes âgées disposant d'une chambre libre et des "
            "étudiants qui cherchent un logement.",
            "La cohabitation rompt l'isolement des aînés et allège le loyer des jeunes.",
            "Une charte et un suivi régulier garantissent la bonne entente entre les colocataires.",
        ),
    ),
    (
        "Club de sport inclusif",
        ("SPO", "SAN"),
        (
            "Le club propose des séances de sport adapté aux personnes en situation de handicap, "
            "avec des éducateurs formés.",
            "Valides et non-valides s'entraînent ensemble et participent aux mêmes compétitions.",
            "Des séances de sport santé sont prescrites par les médecins du territoire.",
        ),
    ),
    (
        "Cuisine mobile",
        ("CON", "SOL"),
        (
            "Un camion-cuisine sillonne les quartiers et les villages pour préparer des repas avec "
            "des produits locaux.",
            "Les habitants cuisinent avec un chef et repartent avec des recettes à petit budget.",
            "Les producteurs de la région vendent leurs légumes en circuit court à chaque étape.",
        ),
    ),
    (
        "Monnaie locale",
        ("FIN", "TER"),
        (
            "La monnaie locale circule entre les habitants, les commerçants et les producteurs du "
            "bassin de vie.",
            "Elle finance l'économie de proximité et les entreprises qui s'engagent pour "
            "l'environnement.",
            "Plus de deux cents commerces l'acceptent déjà.",
        ),
    ),
    (
        "Fablab rural",
        ("NUM", "TER"),
        (
            "Le fablab met à disposition des imprimantes 3D, une découpeuse laser et des outils "
            "partagés.",
            "Artisans, agriculteurs et collégiens y fabriquent des prototypes et réparent des objets.",
            "Des formations au numérique sont proposées aux habitants des communes alentour.",
        ),
    ),
    (
        "Festival de musique solidaire",
        ("ART", "TOU"),
        (
            "Le festival invite chaque été des musiciens amateurs et professionnels sur la place du "
            "village.",
            "Les recettes financent des cours de musique pour les enfants des familles modestes.",
            "Les visiteurs découvrent le patrimoine et les producteurs du pays.",
        ),
    ),
    (
        "Conciergerie de quartier",
        ("EMP", "CON"),
        (
            "La conciergerie rend de petits services aux habitants : repassage, courses, "
            "réparations.",
            "Elle emploie des personnes du quartier en contrat d'insertion.",
            "Les commerçants de proximité y déposent leurs commandes.",
        ),
    ),
    (
        "Recyclerie du bâtiment",
        ("ENV", "EMP"),
        (
            "La recyclerie récupère les matériaux de construction des chantiers pour les revendre.",
            "Portes, fenêtres, carrelage et bois trouvent une seconde vie au lieu d'être jetés.",
            "Des artisans en reconversion y sont formés au réemploi.",
        ),
    ),
    (
        "Médiathèque hors les murs",
        ("ART", "EDU"),
        (
            "Les bibliothécaires apportent des livres au pied des immeubles et dans les parcs.",
            "Des lectures à voix haute et des ateliers d'écriture sont proposés aux enfants.",
            "Les familles empruntent des livres sans inscription ni frais.",
        ),
    ),
]

NAME_QUALIFIERS = (
    "L'Étincelle", "Les Écureuils", "La Fabrique à Rêves", "Côté Cour", "Bel Été", "L'Élan",
    "Les Quatre Saisons", "La Clé des Champs", "Au Fil de l'Eau", "Le Pré Vert", "Horizons",
    "La Ruche", "Les Bons Côtés", "Trait d'Union", "Le Grenier", "La Passerelle", "Épicentre",
    "L'Îlot", "Les Mains Vertes", "La Boussole", "Arc-en-Ciel", "Le Lien", "Sésame",
    "La Forge", "Les Pâquerettes", "Éclosion", "La Cordée", "Le Chêne", "Mosaïque", "Kaléido",
)  # fmt: skip

NEWS_TITLES = (
    "Assemblée générale {year} : le bilan de l'année",
    "Appel à projets {year} : déposez votre candidature",
    "Retour sur les rencontres régionales de l'innovation sociale",
    "Nouvelle équipe, nouveaux locaux",
    "Webinaire : financer son projet d'utilité sociale",
    "Les lauréats {year} dévoilés",
    "Offre d'emploi : chargé(e) de mission territoires",
    "Rapport d'activité {year} disponible",
)

NEWS_TEXT = (
    "Le conseil d'administration remercie l'ensemble des partenaires et des bénévoles pour leur "
    "engagement tout au long de l'année.",
    "Les candidatures sont ouvertes jusqu'au 30 juin ; le jury se réunira à l'automne.",
    "Plus de cent participants ont échangé sur les moyens de faire grandir les initiatives "
    "locales.",
    "Retrouvez toutes les informations pratiques dans la rubrique consacrée à l'événement.",
    "Inscription gratuite mais obligatoire, dans la limite des places disponibles.",
)

ORG_WORDS = (
    ("Réseau", "des initiatives solidaires"), ("Fondation", "pour l'innovation sociale"),
    ("Collectif", "Territoires en transition"), ("Incubateur", "Essaimer"),
    ("Association", "Élan commun"), ("Agence", "de l'économie sociale et solidaire"),
    ("Union", "régionale des entreprises d'insertion"), ("Fonds", "Territoires d'avenir"),
    ("Maison", "de l'ESS"), ("Pôle", "d'innovation territoriale"),
    ("Coopérative", "Les Communs"), ("Plateforme", "Initiatives citoyennes"),
)  # fmt: skip


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def unaccent(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


@dataclass
class Place:
    insee: str
    name: str
    postal_code: str
    department_code: str
    department_name: str
    region_code: str


@dataclass
class Project:
    """One invented project as its own partner publishes it."""

    key: str
    name: str
    place: Place
    themes: list[str]
    paragraphs: list[str]
    website: str
    email: str
    start_year: int
    slug: str = ""
    number: int = 0  # the CMS's numeric id (?p=, /node/, fiche.php?id=)
    same_as: str = ""  # key of the original project (copies by an aggregator)
    extra: dict = field(default_factory=dict)

    @property
    def lede(self) -> str:
        return self.paragraphs[0]


class ContentFactory:
    """Draws unique project names, places and texts from one seeded generator."""

    def __init__(self, rng: random.Random, places: list[Place]) -> None:
        self.rng = rng
        self.places = places
        self.used_names: set[str] = set()
        self.counter = 0

    def project(self) -> Project:
        rng = self.rng
        for _ in range(200):
            stem, themes, sentences = rng.choice(PROJECT_KINDS)
            place = rng.choice(self.places)
            form = rng.random()
            if form < 0.4:
                name = f"{stem} {rng.choice(NAME_QUALIFIERS)}"
            elif form < 0.75:
                name = f"{stem} de {place.name}"
            else:
                name = f"{rng.choice(NAME_QUALIFIERS)} – {stem.lower()}"
            if slugify(name) not in self.used_names:
                break
        self.used_names.add(slugify(name))
        self.counter += 1
        year = rng.randint(2008, 2023)
        slug = slugify(name)
        start = rng.choice((
            f"Le projet a été lancé en {year} par un groupe d'habitants.",
            f"Créée en {year}, l'association compte aujourd'hui une vingtaine de bénévoles.",
            f"Depuis {year}, l'équipe n'a cessé de grandir.",
        ))  # fmt: skip
        body = list(sentences)
        rng.shuffle(body)
        paragraphs = [
            f"{body[0]} {start}",
            f"{body[1]} {body[2]}",
            rng.choice(
                (
                    f"Le projet est implanté à {place.name} et rayonne sur les communes voisines.",
                    f"Installée à {place.name}, l'équipe intervient dans tout le bassin de vie.",
                    f"À {place.name}, le projet travaille avec la mairie et les associations locales.",
                )
            ),
            rng.choice(
                (
                    "Les partenaires financiers sont la région, le département et une fondation "
                    "d'entreprise.",
                    "Le modèle économique repose sur les ventes, des subventions et le mécénat.",
                    "L'équipe cherche aujourd'hui à essaimer dans d'autres territoires.",
                )
            ),
        ]
        return Project(
            key=f"p{self.counter:03d}-{slug}"[:60],
            name=name,
            place=place,
            themes=list(themes),
            paragraphs=paragraphs,
            website=f"https://{slug[:40].strip('-')}.exemple.org",
            email=f"contact@{slug[:30].strip('-')}.exemple.org",
            start_year=year,
            slug=slug,
            number=rng.randint(100, 9999),
        )

    def news(self, year: int) -> tuple[str, list[str]]:
        title = self.rng.choice(NEWS_TITLES).format(year=year)
        text = self.rng.sample(NEWS_TEXT, 3)
        return title, text

    def organisation(self) -> str:
        """A partner name not used yet (two sites never belong to one organisation)."""
        while True:
            first, second = self.rng.choice(ORG_WORDS)
            name = f"{first} {second} – {self.rng.choice(self.places).department_name}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name


def load_places(rng: random.Random, count: int = 120) -> list[Place]:
    """``count`` real communes (5,000 inhabitants or more) drawn from the gazetteer."""
    from projects.consolidation.gazetteer import get_gazetteer

    communes = sorted(
        (c for c in get_gazetteer().communes if (c.population or 0) >= 5000 and c.postal_codes),
        key=lambda c: c.insee,
    )
    chosen = rng.sample(communes, min(count, len(communes)))
    return [
        Place(
            c.insee, c.name, c.postal_codes[0], c.department_code, c.department_name, c.region_code
        )  # fmt: skip
        for c in chosen
    ]
