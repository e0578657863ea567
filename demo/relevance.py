"""A judged set of French catalogue queries over the demo catalogue, and the measures.

Each query says which projects answer it by *criteria* over what the generator wrote
(``demo.catalogue``): the kind of project (the start of its title), its themes, its holder's
legal form and its territory — never by ids, so the judgements hold for any seed or size.

Grades: 2 when the topic and the place asked hold; 1 when the topic holds and the project is
near (same department as the commune asked, same region as the department asked). A query
without a topic is about every project of its place; one without a place is about the topic
anywhere.

Measures per system: precision@10 (relevant among the first 10, over min(10, number of
relevant)), recall@50, NDCG@10 (graded), the zero-result rate, and the number of queries whose
first result holds the last typed word only as the prefix of a longer word although some
project has the whole word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from demo.catalogue import KINDS

KIND_NAMES = [kind for kind, _codes, _does in KINDS]


@dataclass(frozen=True)
class Judged:
    q: str
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    holder: str = ""  # the holder's legal form ("SCIC")
    region: str = ""
    department: str = ""
    commune: str = ""
    group: str = "secteur"


def J(q, *kinds, themes=(), holder="", region="", department="", commune="", group="secteur"):  # noqa: N802
    for kind in kinds:
        assert kind in KIND_NAMES, kind
    return Judged(q, tuple(kinds), tuple(themes), holder, region, department, commune, group)


EPI, GAR, RES, JAR = "Épicerie solidaire", "Garage solidaire", "Ressourcerie", "Jardin partagé"
TIE, CAF, VEL, CHA = (
    "Tiers-lieu numérique",
    "Café des aidants",
    "Atelier vélo participatif",
    "Chantier d'insertion maraîcher",
)
HAB, MSP, REP, CAN = (
    "Habitat inclusif",
    "Maison de santé pluriprofessionnelle",
    "Repair café",
    "Cantine solidaire",
)
CON, COV, TUT, ENE = (
    "Conciergerie solidaire",
    "Plateforme de covoiturage rural",
    "Programme de tutorat scolaire",
    "Coopérative d'énergie citoyenne",
)

QUERIES: list[Judged] = [
    # sector (kinds of project, as a visitor names them)
    J("épicerie solidaire", EPI),
    J("epicerie solidaire", EPI),
    J("épiceries solidaires", EPI),
    J("garage solidaire", GAR),
    J("ressourcerie", RES),
    J("recyclerie", RES),
    J("jardin partagé", JAR),
    J("jardins partagés", JAR),
    J("tiers-lieux", TIE),
    J("tiers lieu numérique", TIE),
    J("fablab", TIE),
    J("café des aidants", CAF),
    J("atelier vélo", VEL),
    J("réparation vélo", VEL),
    J("maraîchage bio", CHA),
    J("chantier d'insertion", CHA),
    J("habitat inclusif", HAB),
    J("maison de santé", MSP),
    J("déserts médicaux", MSP),
    J("repair café", REP),
    J("cantine solidaire", CAN),
    J("conciergerie solidaire", CON),
    J("covoiturage rural", COV),
    J("covoiturage", COV),
    J("tutorat scolaire", TUT),
    J("soutien scolaire collégiens", TUT),
    J("énergie citoyenne", ENE),
    J("panneaux solaires", ENE),
    J("aide alimentaire", EPI, CAN),
    # themes of the thesaurus
    J("alimentation durable", themes=("ALI",), group="thème"),
    J("gestion des déchets", themes=("GES",), group="thème"),
    J("accès à l'emploi", themes=("ACE",), group="thème"),
    J("insertion professionnelle", themes=("ACE", "FOR"), group="thème"),
    J("jeunes insertion emploi", themes=("ACE", "FOR"), group="thème"),
    J("économie circulaire", themes=("GES",), group="thème"),
    J("mobilité", VEL, COV, group="thème"),
    J("accès à la santé", themes=("ACS",), group="thème"),
    J("égalité des chances", themes=("EGA",), group="thème"),
    J("agriculture durable", themes=("AGR",), group="thème"),
    # acronyms
    J("QPV", TUT, group="sigle"),
    J("quartiers prioritaires", TUT, group="sigle"),
    J("IAE", RES, GAR, CHA, group="sigle"),
    J("SCIC", holder="SCIC", group="sigle"),
    J("ESS en Bretagne", region="53", group="sigle"),
    # places alone
    J("Rennes", commune="35238", group="lieu"),
    J("projets en Bretagne", region="53", group="lieu"),
    J("Marseille", commune="13055", group="lieu"),
    J("Lyon", commune="69123", group="lieu"),
    J("Paris", department="75", group="lieu"),
    J("Toulouse", commune="31555", group="lieu"),
    J("Nantes", commune="44109", group="lieu"),
    J("Lille", commune="59350", group="lieu"),
    J("Bordeaux", commune="33063", group="lieu"),
    J("Finistère", department="29", group="lieu"),
    J("ile de france", region="11", group="lieu"),
    J("Occitanie", region="76", group="lieu"),
    J("auvergne rhone alpes", region="84", group="lieu"),
    J("projets (35)", department="35", group="lieu"),
    J("Bouches-du-Rhône", department="13", group="lieu"),
    # sector and place
    J("épicerie solidaire Paris", EPI, department="75", group="secteur+lieu"),
    J("jardin partagé à Lyon", JAR, commune="69123", group="secteur+lieu"),
    J("ressourcerie en Occitanie", RES, region="76", group="secteur+lieu"),
    J("repair café Bretagne", REP, region="53", group="secteur+lieu"),
    J(
        "alimentation durable Nouvelle-Aquitaine",
        themes=("ALI",),
        region="75",
        group="secteur+lieu",
    ),
    J("tiers-lieu Île-de-France", TIE, region="11", group="secteur+lieu"),
    J("garage solidaire Hauts-de-France", GAR, region="32", group="secteur+lieu"),
    J("insertion Marseille", themes=("ACE", "FOR"), commune="13055", group="secteur+lieu"),
    J("santé Grand Est", themes=("SAN",), region="44", group="secteur+lieu"),
    J("vélo Nantes", VEL, commune="44109", group="secteur+lieu"),
    J("covoiturage Bourgogne-Franche-Comté", COV, region="27", group="secteur+lieu"),
    J("habitat inclusif (69)", HAB, department="69", group="secteur+lieu"),
    J("cantine solidaire 13001", CAN, commune="13055", group="secteur+lieu"),
    J("énergie citoyenne Pays de la Loire", ENE, region="52", group="secteur+lieu"),
    J("café des aidants à St Etienne", CAF, commune="42218", group="secteur+lieu"),
    J("maison de santé dans le Nord", MSP, department="59", group="secteur+lieu"),
    J("tutorat scolaire Seine-Saint-Denis", TUT, department="93", group="secteur+lieu"),
    # misspellings
    J("ressourcrie", RES, group="faute"),
    J("epicrie solidaire", EPI, group="faute"),
    J("cafe des aidant", CAF, group="faute"),
    J("covoiturrage", COV, group="faute"),
    J("maraichage biologique", CHA, group="faute"),
    J("tuttorat scolaire", TUT, group="faute"),
    J("jardin partagé Marseile", JAR, commune="13055", group="faute"),
    J("conciergerie solidaire Tolouse", CON, commune="31555", group="faute"),
    # who it is for
    J("personnes âgées", HAB, group="public"),
    J("familles modestes", EPI, group="public"),
    J("personnes handicapées", HAB, group="public"),
    J("collégiens", TUT, group="public"),
    J("salariés en insertion", RES, GAR, CHA, group="public"),
    J("étudiants bénévoles", TUT, group="public"),
    J("proches aidants", CAF, group="public"),
    J("personnes éloignées de l'emploi", CHA, group="public"),
]


@dataclass
class Facts:
    """What the judgements read of a project."""

    kind: str
    themes: frozenset[str]
    holder: str
    commune: str
    department: str
    region: str


def project_facts() -> dict[int, Facts]:
    from projects.models import Project

    facts = {}
    rows = Project.objects.public().values_list(
        "pk", "title", "holder_name", "commune_id", "department_id", "region_id"
    )
    themes: dict[int, set[str]] = {}
    through = Project.themes.through.objects.filter(project__live=True)
    for pk, code in through.values_list("project_id", "theme__code"):
        themes.setdefault(pk, set()).add(code)
    for pk, title, holder, commune, department, region in rows:
        kind = next(
            (k for k in sorted(KIND_NAMES, key=len, reverse=True) if title.startswith(k)), ""
        )
        facts[pk] = Facts(
            kind,
            frozenset(themes.get(pk, ())),
            holder or "",
            commune or "",
            department or "",
            region or "",
        )
    return facts


def grade(judged: Judged, facts: Facts, commune_department: dict[str, str]) -> int:
    topic = not (judged.kinds or judged.themes or judged.holder)
    topic = topic or facts.kind in judged.kinds or bool(facts.themes & set(judged.themes))
    topic = topic or bool(judged.holder and facts.holder.startswith(judged.holder + " "))
    if not topic:
        return 0
    if judged.commune:
        if facts.commune == judged.commune:
            return 2
        return 1 if facts.department == commune_department.get(judged.commune) else 0
    if judged.department:
        return 2 if facts.department == judged.department else 0
    if judged.region:
        return 2 if facts.region == judged.region else 0
    return 2


@dataclass
class Scores:
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    zero: int = 0
    prefix_first: int = 0
    queries: int = 0

    def add(self, ranked: list[int], grades: dict[int, int], *, prefix_first: bool) -> None:
        self.queries += 1
        self.zero += not ranked
        self.prefix_first += prefix_first
        best = max(grades.values(), default=0)
        if best == 0:
            return  # nothing in the catalogue answers it: only the zero-result rate counts
        relevant = {pk for pk, g in grades.items() if g == best}
        top10 = ranked[:10]
        self.precision.append(sum(pk in relevant for pk in top10) / min(10, len(relevant)))
        self.recall.append(sum(pk in relevant for pk in ranked[:50]) / len(relevant))
        dcg = sum((2 ** grades.get(pk, 0) - 1) / math.log2(i + 2) for i, pk in enumerate(top10))
        ideal = sorted(grades.values(), reverse=True)[:10]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        self.ndcg.append(dcg / idcg if idcg else 0.0)

    def summary(self) -> dict[str, float]:
        def mean(values):
            return sum(values) / len(values) if values else 0.0

        return {
            "P@10": mean(self.precision),
            "R@50": mean(self.recall),
            "NDCG@10": mean(self.ndcg),
            "zéro résultat": self.zero / self.queries if self.queries else 0.0,
            "1er = préfixe seul": self.prefix_first,
        }
