"""The keyword-only theme classifier as it was before lemmatisation, partner-tag goals and
editor learning (frozen copy, issue 13).

Kept callable as the baseline that ``manage.py themes_evaluate`` prints next to the current
classifier in the same run, and as the record of the old default keyword lists (migration
``0011_theme_learning`` upgrades theme keyword lists still equal to them). Do not improve it:
its figures are the "before" of every comparison. The rules are those of
:mod:`projects.consolidation.classify` at the time:


Keyword lists are plain data (``{theme code: [keyword, …]}``) so that the ``projects`` app can
store them as editable admin data and pass them in; :data:`DEFAULT_KEYWORDS` seeds them.

Keyword syntax: each keyword is one or more word stems, matched accent- and case-insensitively
at the start of consecutive words of the text: "agricultur" matches "agriculture" and
"agriculteurs" (not "agricole", which must be listed), "circuit court" matches "circuits
courts". A keyword ending with ``$`` must match whole words ("ess$" does not match
"essentiel"). Stems of one or two letters always match whole words.

Scoring: each distinct keyword found in the body counts 1 (+0.25 per repeat, at most +1), in
the title or in an unmapped partner tag 2 more; a theme is kept when its score reaches the
threshold (2, or 3 for texts over 600 words), so one incidental word never classifies a page.
On texts of 60 words or more, a level-1 theme scoring under 45 % of the page's best one is an
incidental mention and is dropped with its sub-themes, and at most four level-1 themes stay
(themes given by partner tags always stay).
A partner tag mapped by ``tag_rules`` (or equal to a theme label) always classifies, with the
reason "étiquette « X »". A level-2 theme implies its level-1 parent; a level-1 theme also
collects the keywords of its children, so related hits in two children can classify the parent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from projects.consolidation.text import fold, simple_key

__all__ = [
    "DEFAULT_KEYWORDS",
    "THEMES_PATH",
    "Classifier",
    "ThemeMatch",
    "classify",
    "load_themes",
    "normalize_tag",
]

#: A level-1 theme scoring below this share of the page's best one is an incidental mention.
RELATIVE_SCORE = 0.45
#: Level-1 themes kept at most per page (partner tags may add more).
MAX_LEVEL1 = 4
#: Shorter texts are not pruned: every keyword of a two-sentence summary is deliberate.
FOCUS_MIN_WORDS = 60

THEMES_PATH = Path(__file__).resolve().parent.parent / "data" / "themes-cis.json"

DEFAULT_KEYWORDS: dict[str, list[str]] = {
    # Éducation et jeunesse (level 1 and children)
    "EDU": ["éducation$", "école", "écoles", "scolaire", "scolarité", "élève", "enseignement",
            "collège$", "collèges$", "collégien", "lycée", "lycéen", "établissement scolaire"],
    "EDC": ["éducati", "citoyenneté", "éducation populaire", "service civique", "laïcité",
            "esprit critique", "éducation aux médias", "civisme", "civique",
            "valeurs de la république", "engagement des jeunes", "éveil citoyen"],
    "EGA": ["égalité des chances", "décrochage", "décrocheur", "réussite scolaire",
            "réussite éducative", "soutien scolaire", "accompagnement scolaire", "aide aux devoirs",
            "éducation prioritaire", "quartiers prioritaires", "qpv$", "rep$", "tutorat",
            "mentorat",
            "ascenseur social", "boursier", "inégalités scolaires", "ouverture sociale",
            "cordées de la réussite", "orientation scolaire", "persévérance scolaire"],
    "INN": ["pédagogi", "innovation pédagogique", "classe inversée", "montessori", "freinet",
            "apprentissage par le jeu", "jeu pédagogique", "jeux pédagogiques", "serious game",
            "école alternative", "enseignant", "salle de classe", "apprenant", "mooc$",
            "coopération entre élèves", "outil pédagogique", "outils pédagogiques"],
    "ENF": ["enfant", "enfance", "jeunesse", "jeunes$", "adolescen", "famille", "familial",
            "parentalité", "parents$", "petite enfance", "crèche", "bébé", "périscolaire",
            "centre de loisirs", "protection de l'enfance", "aide sociale à l'enfance", "ase$",
            "mineurs", "colonie de vacances", "garde d'enfants", "monoparental"],
    # Emploi
    "EMP": ["emploi", "emplois", "travail$", "professionnel", "métier", "métiers", "insertion$",
            "employeur", "salarié"],
    "ACE": ["accès à l'emploi", "insertion professionnelle", "retour à l'emploi",
            "demandeur d'emploi", "demandeurs d'emploi", "chômage", "chômeur",
            "territoire zéro chômeur", "iae$", "insertion par l'activité économique",
            "chantier d'insertion", "chantiers d'insertion", "entreprise d'insertion", "siae$",
            "recrutement", "embauche", "job dating", "mission locale", "france travail",
            "pôle emploi", "recherche d'emploi", "insertion socioprofessionnelle", "geiq$",
            "ateliers et chantiers", "emploi durable", "cdi$", "en insertion",
            "parcours d'insertion", "freins à l'emploi", "freins périphériques",
            "contrat d'insertion", "contrats d'insertion", "salariés en insertion"],
    "FOR": ["formation professionnelle", "formations", "se former", "apprenti", "alternance",
            "reconversion", "qualification", "qualifiant", "certifiant", "certification",
            "compétences", "cpf$", "compte personnel de formation", "organisme de formation",
            "stagiaire", "savoir-faire", "vae$", "validation des acquis", "remise à niveau",
            "illettrisme", "savoirs de base", "montée en compétences"],
    "ORG": ["organisation du travail", "qualité de vie au travail", "qvt$", "qvct$",
            "télétravail", "coworking", "conditions de travail", "santé au travail",
            "semaine de quatre jours", "semaine de 4 jours", "entreprise libérée", "holacratie",
            "groupement d'employeurs", "portage salarial", "dialogue social", "pluriactivité",
            "coopérative d'activité et d'emploi", "cae$", "travailleurs indépendants", "salariés",
            "management", "temps partagé"],
    # Environnement
    "ENV": ["environnement", "écologi", "transition écologique", "développement durable",
            "planète", "protection de l'environnement"],
    "ADA": ["changement climatique", "dérèglement climatique", "réchauffement climatique",
            "climat", "adaptation", "résilience", "canicule", "îlot de chaleur", "îlots de chaleur",
            "inondation", "sécheresse", "submersion", "érosion", "végétalisation",
            "désimperméabilisation", "risques naturels", "bas carbone", "carbone",
            "gaz à effet de serre", "neutralité carbone"],
    "AGR": ["agricultur", "agricole", "agriculteur", "paysan", "agroécolog", "agro-écolog",
            "permaculture", "maraîch", "ferme$", "fermes$", "fermier", "micro-ferme",
            "microferme", "exploitation agricole", "élevage", "éleveur", "agroforesterie",
            "semences", "installation agricole", "foncier agricole", "terre de liens", "cuma$",
            "verger", "pesticide", "agriculture biologique", "sol vivant", "sols vivants"],
    "ALI": ["alimentation", "alimentaire", "aliments", "nourri", "circuit court",
            "circuits courts", "vente directe", "amap$", "épicerie", "manger", "repas",
            "cantine", "restauration collective", "cuisine", "gaspillage alimentaire",
            "produits locaux", "locavor", "bio$", "projet alimentaire territorial",
            "sécurité sociale de l'alimentation", "paniers", "légumes", "fruits"],
    "GES": ["déchet", "recycl", "réemploi", "réutilis", "ressourcerie", "recyclerie", "compost",
            "tri$", "tri sélectif", "zéro déchet", "économie circulaire", "réparation",
            "repair café", "upcycling", "surcyclage", "emballage", "vrac$", "consigne",
            "plastique", "biodéchet", "seconde main", "dépôt sauvage", "dépôts sauvages"],
    "ENE": ["énergie", "énergies", "énergétique", "renouvelable", "solaire", "photovolta",
            "éolien", "méthanisation", "biogaz", "hydroélectri", "précarité énergétique",
            "rénovation énergétique", "sobriété énergétique", "isolation", "chauffage",
            "bois énergie", "centrale villageoise", "centrales villageoises",
            "énergie citoyenne", "autoconsommation", "réseau de chaleur", "géothermie",
            "efficacité énergétique"],
    "PRN": ["biodiversité", "écosystème", "préservation", "ressources naturelles", "eau$",
            "ressource en eau", "faune", "flore", "espèces", "pollinisat", "abeille", "forêt",
            "forestier", "zone humide", "zones humides", "rivière", "littoral", "océan",
            "milieux naturels", "espaces naturels", "nature$", "haie", "haies", "reboisement",
            "arbre", "arbres", "espèce"],
    # Santé
    "SAN": ["santé", "médical", "médicaux", "médico", "soin$", "soins$", "sanitaire"],
    "ACS": ["accès aux soins", "accès à la santé", "désert médical", "déserts médicaux",
            "maison de santé", "maisons de santé", "centre de santé", "médecin", "soignant",
            "infirmi", "télémédecine", "téléconsultation", "hôpital", "patient", "mutuelle",
            "renoncement aux soins", "pharmacie", "dentaire", "santé communautaire",
            "parcours de soins"],
    "AID": ["autonomie", "perte d'autonomie", "dépendance", "maintien à domicile",
            "aide à domicile", "aides à domicile", "aidant", "ehpad$", "auxiliaire de vie",
            "téléassistance", "vieillissement", "répit", "soins à domicile", "habitat inclusif",
            "accompagnement à domicile"],
    "BIE": ["bien-être", "bienêtre", "épanouissement", "relaxation", "sophrologie", "méditation",
            "yoga", "estime de soi", "mieux-être", "bienveillance", "qualité de vie", "stress",
            "détente", "art-thérapie", "socio-esthétique", "zoothérapie", "massage",
            "prendre soin de soi"],
    "PRV": ["prévention", "prévenir", "dépistage", "addiction", "alcool", "tabac", "drogue",
            "conduites à risque", "santé mentale", "suicide", "éducation à la santé",
            "promotion de la santé", "vaccination", "nutrition", "obésité", "sédentarit",
            "vih$", "sida$", "ist$", "santé sexuelle", "secourisme", "gestes qui sauvent",
            "réduction des risques"],
    # Solidarité
    "SOL": ["solidarité", "solidarités", "solidaire", "action sociale", "travail social",
            "insertion sociale", "vulnérab", "fragilité"],
    "EFH": ["égalité femmes", "égalité entre les femmes et les hommes", "égalité hommes",
            "égalité professionnelle", "femme", "femmes", "féminin", "sexisme", "sexiste",
            "violences conjugales", "violences faites aux femmes", "violences sexuelles",
            "stéréotypes de genre", "genre$", "parité", "droits des femmes", "féminis",
            "matrimoine", "entrepreneuriat féminin"],
    "GRA": ["précarité", "précaire", "pauvreté", "sans-abri", "sans abri", "sans domicile",
            "sdf$", "sans-abrisme", "grande exclusion", "exclusion", "hébergement d'urgence",
            "mal-logement", "mal-logés", "personnes à la rue", "aide alimentaire",
            "distribution alimentaire", "maraude", "demandeurs d'asile", "réfugié", "migrant",
            "exilé", "bidonville", "rsa$", "minima sociaux", "samu social", "banque alimentaire",
            "épicerie solidaire", "épiceries solidaires", "accueil de jour", "logement d'abord",
            "surendettement"],
    "HAN": ["handicap", "autis", "trisomi", "polyhandicap", "malvoyant", "non-voyant",
            "aveugle", "sourd", "malentendant", "langue des signes", "lsf$", "fauteuil roulant",
            "pmr$", "accessibilité", "esat$", "entreprise adaptée", "entreprises adaptées",
            "dyslex", "troubles du spectre", "déficien", "neuroatyp", "neurodivers", "mdph$",
            "aah$", "handicap psychique", "falc$", "facile à lire et à comprendre"],
    "LIE": ["lien social", "liens sociaux", "isolement", "solitude", "convivialit", "rencontre",
            "intergénération", "vivre ensemble", "vivre-ensemble", "voisin", "entraide",
            "tiers-lieu", "tiers-lieux", "tiers lieu", "tiers lieux", "café associatif",
            "café solidaire", "centre social", "centres sociaux", "maison de quartier",
            "jardin partagé", "jardins partagés", "fraternit", "créer du lien",
            "mixité sociale", "cohésion sociale", "repas partagé", "repas partagés"],
    "LUT": ["discrimination", "discriminé", "racisme", "raciste", "antisémitisme",
            "homophobie", "lgbt", "transphobie", "diversité", "égalité de traitement",
            "préjugés", "stéréotype", "xénophobie", "interculturel", "interreligieux",
            "droits humains", "droits de l'homme", "défenseur des droits", "intolérance",
            "harcèlement", "société inclusive", "égalité des droits"],
    "SEN": ["senior", "personnes âgées", "personne âgée", "aîné", "aînés", "retraité",
            "vieillissement", "bien vieillir", "ehpad$", "grand âge", "troisième âge",
            "grands-parents", "silver économie", "monalisa$", "isolement des âgés"],
    # Territoires
    "TER": ["territoire", "territorial", "territoriale", "rural", "ruraux", "rurale", "ruralité",
            "développement local", "vie de quartier", "politique de la ville"],
    "AMH": ["habitat", "logement", "aménagement", "urbanisme", "habitat participatif",
            "habitat partagé", "colocation", "cohabitation intergénérationnelle", "rénovation",
            "construction", "bâtiment", "écoconstruction", "éco-construction", "écoquartier",
            "éco-quartier", "friche", "espace public", "espaces publics", "urbain", "urbaine",
            "architecture", "bailleur", "hlm$", "centre-bourg", "centres-bourgs",
            "revitalisation", "tiny house", "habitat léger", "autoconstruction",
            "auto-réhabilitation", "logement social", "logements sociaux", "logements"],
    "COO": ["coopération territoriale", "coopération", "coopérations", "mutualis",
            "partenariat", "partenaires locaux", "réseau d'acteurs", "acteurs locaux",
            "pôle territorial de coopération économique", "ptce$", "intercommunal",
            "communauté de communes", "développement territorial", "dynamique territoriale",
            "ancrage territorial", "alliance", "consortium", "collectivités", "pays$",
            "inter-acteurs", "écosystème local"],
    "INI": ["initiative citoyenne", "initiatives citoyennes", "citoyen", "collectif d'habitants",
            "habitants", "bénévol", "participation citoyenne", "engagement citoyen",
            "mobilisation", "association d'habitants", "pouvoir d'agir", "auto-organis",
            "communs$", "collectif", "action citoyenne", "transition citoyenne",
            "budget participatif", "budgets participatifs"],
    "MOB": ["mobilit", "transport", "covoiturage", "autopartage", "vélo", "cyclable",
            "cycliste", "auto-école", "permis de conduire", "garage solidaire", "déplacement",
            "transport à la demande", "navette", "mobilité douce", "mobilité inclusive",
            "plateforme de mobilité", "voiture", "bus$", "trottinette", "pistes cyclables",
            "vélo-école", "transport solidaire", "micromobilité", "vélos"],
    # Level 1 without children
    "ART": ["art$", "arts$", "artist", "artistique", "culture$", "culturel", "culturelle",
            "théâtre", "musique", "musical", "musicien", "danse", "cinéma", "spectacle",
            "exposition", "festival", "concert", "littérature", "lecture", "livre",
            "bibliothèque", "médiathèque", "écriture", "photographi", "peinture",
            "arts plastiques", "street art", "conte", "chorale", "chant$", "création artistique",
            "résidence d'artiste", "éducation artistique", "pratiques culturelles",
            "action culturelle", "médiation culturelle"],
    "COM": ["communication", "média", "médias", "journalis", "presse", "radio", "podcast",
            "vidéo", "réseaux sociaux", "information$", "informer", "newsletter", "web tv",
            "webtv", "magazine", "journal$", "documentaire", "storytelling", "fake news",
            "désinformation", "campagne de sensibilisation", "site internet"],
    "CON": ["consommation responsable", "consommation", "consommat", "consommer",
            "achat responsable", "achats responsables", "commerce équitable", "équitable",
            "supermarché coopératif", "magasin", "boutique solidaire", "économie du partage",
            "économie de la fonctionnalité", "service de proximité", "services de proximité",
            "services à la personne", "conciergerie", "éthique", "mode éthique", "textile",
            "friperie", "achat groupé", "achats groupés", "sobriété", "location"],
    "DEM": ["démocrati", "participation citoyenne", "budget participatif", "concertation",
            "consultation citoyenne", "convention citoyenne", "assemblée citoyenne", "vote",
            "élection", "électeur", "abstention", "élus", "conseil citoyen", "conseils citoyens",
            "conseil de quartier", "débat public", "plaidoyer", "délibérati", "référendum",
            "civic tech", "civictech", "jury citoyen", "tirage au sort", "co-construction",
            "coconstruction"],
    "GOU": ["gouvernance", "scic$", "scop$", "société coopérative", "coopérative",
            "coopératives", "gouvernance partagée", "sociocratie", "holacratie", "collégial",
            "conseil d'administration", "statuts", "assemblée générale", "comité de pilotage",
            "prise de décision", "décision collective", "multi-acteurs", "multipartenarial",
            "entreprise à mission", "esus$", "sociétariat", "sociétaires"],
    "NUM": ["numérique", "digital", "informatique", "internet", "inclusion numérique",
            "fracture numérique", "illectronisme", "ordinateur", "smartphone", "application",
            "appli$", "plateforme en ligne", "logiciel", "open source", "données", "open data",
            "intelligence artificielle", "fablab", "fab lab", "impression 3d", "tablette",
            "dématérialis", "codage", "développeur", "cyber", "reconditionn",
            "conseiller numérique", "conseillers numériques", "en ligne"],
    "SPO": ["sport", "activité physique", "activités physiques", "football", "foot$", "basket",
            "rugby", "natation", "course à pied", "marathon", "escalade", "judo", "boxe",
            "tennis", "handisport", "sport adapté", "olympique", "paralympique", "athlétisme",
            "gymnastique", "cyclisme", "voile$", "surf$", "e-sport", "randonnée"],
    "TOU": ["tourisme", "touristique", "touriste", "vacances", "séjour", "hébergement touristique",
            "gîte", "camping", "écotourisme", "itinérance", "visiteurs", "office de tourisme",
            "voyage", "slow tourisme", "accueil touristique", "tourisme solidaire",
            "tourisme social"],
    "FIN": ["finance solidaire", "finances solidaires", "finance participative",
            "financement participatif", "financement solidaire", "épargne solidaire", "épargne",
            "microcrédit", "micro-crédit", "prêt d'honneur", "prêts d'honneur", "crowdfunding",
            "monnaie locale", "monnaies locales", "monnaie complémentaire",
            "investissement solidaire", "investissement à impact", "impact investing",
            "contrat à impact", "contrats à impact", "levée de fonds", "fonds d'investissement",
            "finance éthique", "banque éthique", "inclusion bancaire", "inclusion financière",
            "tontine", "cigales$", "capital patient", "mécénat", "fonds de dotation",
            "philanthropi", "cagnotte"],
    "PAT": ["patrimoine", "patrimonial", "monument", "château", "restauration du patrimoine",
            "bâti ancien", "chantier de restauration", "chantiers de restauration", "histoire",
            "historique", "mémoire", "archives", "savoir-faire traditionnel",
            "savoir-faire traditionnels", "artisanat d'art", "musée", "église", "abbaye",
            "moulin", "lavoir", "archéolog", "patrimoine immatériel", "traditions",
            "langue régionale", "langues régionales"],
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ThemeMatch:
    """A theme given to a project: CIS code, level (1 or 2), score and readable reasons."""

    code: str
    level: int
    score: float
    reasons: list[str] = field(default_factory=list)


@cache
def load_themes(path: Path | str | None = None) -> dict[str, str | None]:
    """Thesaurus hierarchy from ``themes-cis.json``: theme code → parent code (None at level 1)."""
    with open(Path(path) if path else THEMES_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    hierarchy: dict[str, str | None] = {}
    for theme in data["themes"]:
        hierarchy[theme["code"]] = None
        for child in theme.get("children", []):
            hierarchy[child["code"]] = theme["code"]
    return hierarchy


@cache
def _theme_labels(path: Path | str | None = None) -> dict[str, str]:
    with open(Path(path) if path else THEMES_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    labels: dict[str, str] = {}
    for theme in data["themes"]:
        labels[normalize_tag(theme["label"])] = theme["code"]
        for child in theme.get("children", []):
            labels[normalize_tag(child["label"])] = child["code"]
    return labels


def normalize_tag(tag: str) -> str:
    """Key of a partner tag for ``tag_rules``: no accents, case, punctuation or '#'."""
    return simple_key(tag.lstrip("#"))


@dataclass(frozen=True, slots=True)
class _Keyword:
    text: str  # as written in the list
    stems: tuple[str, ...]
    whole_last: bool  # last stem must match a whole word


def _compile(keyword: str) -> _Keyword | None:
    whole = keyword.rstrip().endswith("$")
    stems = tuple(simple_key(keyword.rstrip().rstrip("$")).split())
    if not stems:
        return None
    return _Keyword(keyword.rstrip("$ "), stems, whole)


def _tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Lower-case folded words of ``text`` and their spans in the original text."""
    folded = fold(text).lower()
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    start = None
    for i, char in enumerate(folded + " "):
        if char.isascii() and char.isalnum():
            if start is None:
                start = i
        elif start is not None:
            words.append(simple_key(text[start:i]).replace(" ", ""))
            spans.append((start, i))
            start = None
    return words, spans


class Classifier:
    """Keyword and tag rules compiled once; call :meth:`classify` for each project.

    ``keywords``: theme code → keyword list (default :data:`DEFAULT_KEYWORDS`).
    ``tag_rules``: normalised partner tag (see :func:`normalize_tag`) → theme codes; theme
    labels of the thesaurus are always recognised as tags. ``themes``: code → parent code
    (default :func:`load_themes`); unknown codes are treated as level 1.
    """

    def __init__(
        self,
        keywords: Mapping[str, Iterable[str]] | None = None,
        tag_rules: Mapping[str, Iterable[str]] | None = None,
        themes: Mapping[str, str | None] | None = None,
    ) -> None:
        self.themes = dict(themes if themes is not None else load_themes())
        keywords = DEFAULT_KEYWORDS if keywords is None else keywords
        self._by_prefix: dict[str, list[tuple[str, _Keyword]]] = {}
        for code, items in keywords.items():
            for item in items:
                compiled = _compile(item)
                if compiled:
                    prefix = compiled.stems[0][:3]
                    self._by_prefix.setdefault(prefix, []).append((code, compiled))
        self.tag_rules: dict[str, list[str]] = {k: [v] for k, v in _theme_labels().items()}
        for tag, codes in (tag_rules or {}).items():
            self.tag_rules.setdefault(normalize_tag(tag), [])
            self.tag_rules[normalize_tag(tag)].extend(codes)

    def _hits(self, text: str) -> dict[str, dict[str, tuple[int, str]]]:
        """Theme code → {keyword: (occurrences, first matched words as written)}.

        Within one theme a word counts once: the longest keyword starting there wins and a
        shorter keyword inside it ("numérique" in "fracture numérique") is not counted again.
        """
        words, spans = _tokens(text)
        hits: dict[str, dict[str, tuple[int, str]]] = {}
        covered: dict[str, int] = {}  # theme code → first word index not yet used
        for i, word in enumerate(words):
            matches: list[tuple[int, str, _Keyword]] = []
            for code, keyword in self._by_prefix.get(word[:3], ()):
                n = len(keyword.stems)
                if i + n > len(words) or covered.get(code, 0) > i:
                    continue
                for k, stem in enumerate(keyword.stems):
                    candidate = words[i + k]
                    exact = len(stem) <= 2 or (keyword.whole_last and k == n - 1)
                    if (candidate != stem) if exact else not candidate.startswith(stem):
                        break
                else:
                    matches.append((n, code, keyword))
            for n, code, keyword in sorted(matches, key=lambda m: (-m[0], -len(m[2].text))):
                if covered.get(code, 0) > i:
                    continue
                covered[code] = i + n
                found = text[spans[i][0] : spans[i + n - 1][1]].lower()
                per_theme = hits.setdefault(code, {})
                count, first = per_theme.get(keyword.text, (0, found))
                per_theme[keyword.text] = (count + 1, first)
        return hits

    def classify(
        self,
        text: str,
        tags: Sequence[str] = (),
        *,
        title: str = "",
        min_score: float | None = None,
    ) -> list[ThemeMatch]:
        """Themes of a project, best first (see the module docstring for the rules)."""
        text = text or ""
        body = self._hits(text)
        strong = self._hits(title or "")
        tag_codes: dict[str, list[str]] = {}
        for tag in tags:
            key = normalize_tag(tag)
            codes = self.tag_rules.get(key)
            if codes:
                for code in codes:
                    tag_codes.setdefault(code, []).append(tag.strip())
            else:
                for code, found in self._hits(tag).items():
                    for keyword, (count, first) in found.items():
                        previous = strong.setdefault(code, {}).get(keyword, (0, first))
                        strong[code][keyword] = (previous[0] + count, previous[1])
        if min_score is None:
            min_score = 3.0 if len(text.split()) > 600 else 2.0

        children: dict[str, list[str]] = {}
        for code, parent in self.themes.items():
            if parent:
                children.setdefault(parent, []).append(code)
        codes = set(body) | set(strong) | set(tag_codes)
        codes |= {self.themes.get(c) for c in codes if self.themes.get(c)}

        def score_of(theme_codes: Iterable[str]) -> tuple[float, list[str]]:
            merged: dict[str, tuple[int, int, str]] = {}  # keyword → (body n, strong n, words)
            for code in theme_codes:
                for keyword, (count, first) in body.get(code, {}).items():
                    b, s, f = merged.get(keyword, (0, 0, first))
                    merged[keyword] = (b + count, s, f)
                for keyword, (count, first) in strong.get(code, {}).items():
                    b, s, f = merged.get(keyword, (0, 0, first))
                    merged[keyword] = (b, s + count, f)
            score = 0.0
            for b, s, _ in merged.values():
                score += 1 + 0.25 * min(max(b + s - 1, 0), 4) + (2 if s else 0)
            words = sorted({f for *_, f in merged.values()})
            return score, words

        accepted: dict[str, ThemeMatch] = {}
        for code in sorted(c for c in codes if c):
            parent = self.themes.get(code)
            own = [code] + (children.get(code, []) if parent is None else [])
            score, words = score_of(own)
            reasons = [f"étiquette « {tag} »" for tag in tag_codes.get(code, [])]
            score += 3 * len(reasons)
            if words:
                reasons.append("mots : " + ", ".join(words))
            if tag_codes.get(code) or score >= min_score:
                accepted[code] = ThemeMatch(
                    code, 1 if parent is None else 2, round(score, 2), reasons
                )
        for match in [m for m in accepted.values() if m.level == 2]:
            parent = self.themes.get(match.code)
            if not parent:
                continue
            current = accepted.get(parent)
            if current is None:
                score, words = score_of([parent, *children.get(parent, [])])
                reasons = ["mots : " + ", ".join(words)] if words else []
                current = ThemeMatch(parent, 1, round(score, 2), reasons)
            reasons = [f"sous-thème {match.code}", *current.reasons]
            accepted[parent] = ThemeMatch(parent, 1, max(current.score, match.score), reasons)
        if len(text.split()) < FOCUS_MIN_WORDS:
            return sorted(accepted.values(), key=lambda m: (-m.score, m.level, m.code))
        return self._focus(accepted, tag_codes)

    def _focus(
        self, accepted: dict[str, ThemeMatch], tag_codes: Mapping[str, list[str]]
    ) -> list[ThemeMatch]:
        """Keep a page's main subjects: a level-1 theme far weaker than the strongest one
        (below ``RELATIVE_SCORE`` of it) is an incidental mention and goes, with its
        sub-themes, and at most ``MAX_LEVEL1`` level-1 themes stay. Themes given by a partner
        tag always stay."""
        level1 = [m for m in accepted.values() if m.level == 1]
        if level1:
            best = max(m.score for m in level1)
            tagged = {c for c in accepted if tag_codes.get(c)}
            tagged |= {self.themes.get(c) for c in tagged if self.themes.get(c)}
            ranked = sorted(level1, key=lambda m: (-m.score, m.code))
            kept = {m.code for m in ranked if m.code in tagged}
            for match in ranked:
                if len(kept) >= max(MAX_LEVEL1, len(tagged)):
                    break
                if match.score >= RELATIVE_SCORE * best:
                    kept.add(match.code)
            accepted = {
                code: match
                for code, match in accepted.items()
                if (code if match.level == 1 else self.themes.get(code)) in kept or code in tagged
            }
        return sorted(accepted.values(), key=lambda m: (-m.score, m.level, m.code))


@cache
def _default_classifier() -> Classifier:
    return Classifier()


def classify(
    text: str,
    tags: Sequence[str] = (),
    keywords: Mapping[str, Iterable[str]] | None = None,
    tag_rules: Mapping[str, Iterable[str]] | None = None,
    *,
    title: str = "",
    themes: Mapping[str, str | None] | None = None,
    min_score: float | None = None,
) -> list[ThemeMatch]:
    """Themes of a project from its ``text``, ``title`` and partner ``tags``, best first.

    With default ``keywords``, ``tag_rules`` and ``themes`` a cached :class:`Classifier` is
    used; otherwise one is built for the call (build a :class:`Classifier` yourself to reuse
    custom rules across many projects).
    """
    if keywords is None and tag_rules is None and themes is None:
        classifier = _default_classifier()
    else:
        classifier = Classifier(keywords, tag_rules, themes)
    return classifier.classify(text, tags, title=title, min_score=min_score)
