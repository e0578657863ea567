"""Themes of the CIS thesaurus (two levels) for a project, from its text, title and partner tags.

Keyword lists are plain data (``{theme code: [keyword, …]}``) so that the ``projects`` app can
store them as editable admin data and pass them in; :data:`DEFAULT_KEYWORDS` seeds them.

Keyword syntax: each keyword is one or more word stems, matched accent- and case-insensitively
at the start of consecutive words of the text: "agricultur" matches "agriculture" and
"agriculteurs" (not "agricole", which must be listed), "circuit court" matches "circuits
courts". A keyword ending with ``$`` must match whole words ("ess$" does not match
"essentiel"). Stems of one or two letters always match whole words. Words are also compared
by their French lemma (simplemma), so "femmes$" finds "femme" and "jeunes$" finds "jeune".

Scoring: each distinct keyword found in the body counts 1 (+0.25 per repeat, at most +1), in
the title, the holder's name or an unmapped partner tag 2 more; a theme is kept when its score
reaches the threshold (2, or 3 for texts over 600 words), so one incidental word never
classifies a page. On texts of 60 words or more, a level-1 theme scoring under 45 % of the
page's best one is an incidental mention and is dropped with its sub-themes, and at most four
level-1 themes stay (themes given by partner tags always stay).
A partner tag mapped by the partner's ``tag_rules`` (or equal to a theme label) always
classifies, with the reason "étiquette « X »". A rule shared by all partners (``shared_rules``:
by default the 17 UN Sustainable Development Goals in any spelling, see
:mod:`projects.consolidation.goals`) gives its theme when the text has a word of that level-1
theme, or when nothing else classifies the project: a goal is broader than a theme.
Empty or non-French text (title and body) gets no theme; :meth:`Classifier.explain` says why.
A level-2 theme implies its level-1 parent; a level-1 theme also collects the keywords of its
children, so related hits in two children can classify the parent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import simplemma

from projects.consolidation.goals import GOAL_RULES, goal_key, goal_number
from projects.consolidation.text import fold, simple_key

__all__ = [
    "DEFAULT_KEYWORDS",
    "THEMES_PATH",
    "Classifier",
    "ThemeMatch",
    "classify",
    "default_goal_rules",
    "load_themes",
    "normalize_tag",
]

#: A level-1 theme scoring below this share of the page's best one is an incidental mention.
RELATIVE_SCORE = 0.45
#: Level-1 themes kept at most per page (partner tags may add more).
MAX_LEVEL1 = 4
#: Shorter texts are not pruned: every keyword of a two-sentence summary is deliberate.
FOCUS_MIN_WORDS = 60
#: Score a partner tag adds to the theme it gives.
TAG_WEIGHT = 3

#: Reasons recorded when a project gets no theme.
NO_TEXT = "aucun texte à classer"
NOT_FRENCH = "texte non français"
NO_EVIDENCE = "aucun mot-clé ni étiquette reconnus"

THEMES_PATH = Path(__file__).resolve().parent.parent / "data" / "themes-cis.json"

DEFAULT_KEYWORDS: dict[str, list[str]] = {
    # Éducation et jeunesse (level 1 and children)
    "EDU": ["éducation$", "école", "écoles", "scolaire", "scolarité", "élève$", "élèves$",
            "enseignement", "collège$", "collèges$", "collégien", "lycée", "lycéen",
            "établissement scolaire"],
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
    "FOR": ["formation professionnelle", "formations", "se former", "apprenti$", "apprentis$",
            "apprentie", "contrat d'apprentissage", "alternance",
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
            "éco-quartier", "friche", "espace public", "espaces publics", "renouvellement urbain",
            "aménagement urbain", "architecture", "bailleur", "hlm$", "centre-bourg",
            "centres-bourgs", "revitalisation", "tiny house", "habitat léger", "autoconstruction",
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
            "exposition", "festival", "concert", "littérature", "lecture", "livre", "bibliothèque",
            "médiathèque", "écriture", "photographi", "peinture", "arts plastiques", "street art",
            "conte$", "contes$", "conteur", "chorale", "chant$", "création artistique",
            "résidence d'artiste", "éducation artistique", "pratiques culturelles",
            "action culturelle", "médiation culturelle"],
    "COM": ["communication", "média$", "médias$", "journalis", "presse", "radio", "podcast",
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

# Issue 13: short real descriptions (15–40 words) use everyday words the lists above missed.
# General French vocabulary of each theme, written from the thesaurus labels' meaning (not
# from any evaluated text); merged into DEFAULT_KEYWORDS below.
_MORE_KEYWORDS: dict[str, list[str]] = {
    "EDU": ["éducatif", "éducative", "scolarisation", "décrochage scolaire", "étudiant",
            "université", "universitaire", "apprendre", "apprentissages", "instituteur",
            "professeur", "maternelle", "primaire$", "lecture et écriture", "savoirs$"],
    "EDC": ["citoyen de demain", "citoyens de demain", "éducation civique", "engagement",
            "s'engager", "volontariat", "volontaire", "parlement des jeunes",
            "éducation à la citoyenneté", "éducation au développement durable"],
    "EGA": ["égalité des chances", "réussite", "orientation", "ambition", "ambitions",
            "quartiers populaires", "quartiers sensibles", "zones rurales isolées",
            "milieux modestes", "milieu modeste", "défavorisé", "défavorisés", "défavorisée",
            "jeunes issus", "accès aux études", "grandes écoles", "stage de 3e",
            "stages de troisième", "raccrochage", "deuxième chance", "seconde chance",
            "école de la deuxième chance", "e2c$"],
    "INN": ["méthode pédagogique", "pédagogie active", "ludique", "ludiques", "ludo",
            "apprendre autrement", "par le jeu", "jeux éducatifs", "numérique éducatif",
            "robotique", "programmation", "classe", "classes"],
    "ENF": ["jeune$", "enfants", "adolescent", "ado$", "ados$", "nourrisson", "mère$", "mères",
            "père$", "pères", "maman", "mamans", "papa", "parent$", "familles",
            "accueil de loisirs",
            "après l'école", "babysitting", "baby-sitting", "assistante maternelle",
            "assistantes maternelles", "jeunes adultes", "16-25 ans", "mineurs non accompagnés",
            "protection de l'enfance"],
    "EMP": ["travailler", "travailleur", "travailleurs", "professionnelle", "carrière",
            "entreprise", "entreprises", "entrepreneur", "entrepreneuriat", "créateur d'entreprise",
            "création d'entreprise", "création d'activité", "auto-entrepreneur", "job$", "jobs$",
            "poste$", "postes$", "stage$", "stages$", "candidat", "cv$", "employabilité",
            "activité professionnelle", "vie professionnelle"],
    "ACE": ["retrouver un emploi", "trouver un emploi", "accès à l'emploi", "sans emploi",
            "privés d'emploi", "éloignés de l'emploi", "éloignées de l'emploi",
            "chômeurs de longue durée", "longue durée", "tremplin", "intérim", "intérimaire",
            "entreprise adaptée", "entreprise d'insertion", "insertion", "réinsertion",
            "réinsérer", "embaucher", "recruter", "placement", "coaching", "parrainage",
            "marché du travail", "monde du travail", "monde professionnel", "retour à l'emploi",
            "entreprise de travail temporaire d'insertion", "ettti$", "aci$"],
    "FOR": ["formation", "former", "formé", "formés", "formateur", "formatrice", "école de",
            "diplôme", "diplômé", "diplômant", "qualifié", "qualifiés", "qualifiante",
            "métier", "métiers", "savoir-être", "compétence", "stage", "stages",
            "apprentissage d'un métier", "pré-qualification", "bootcamp", "cursus",
            "parcours de formation", "développeur web", "codeur", "cuisinier"],
    "ORG": ["conditions de travail", "équilibre vie professionnelle", "bien-être au travail",
            "management participatif", "gestion des ressources humaines", "ressources humaines",
            "rh$", "employés", "collaborateurs", "temps partiel", "horaires",
            "emploi partagé", "multi-employeurs", "tiers-lieu de travail", "travail collaboratif",
            "entreprise inclusive", "mécénat de compétences", "bénévolat de compétences"],
    "ENV": ["écologique", "écologiques", "environnemental", "environnementale", "environnementaux",
            "nature", "vert$", "verte$", "verts$", "vertes$", "empreinte",
            "pollution", "polluant", "climat", "biologique", "biologiques", "écoresponsable",
            "éco-responsable", "sensibilisation à l'environnement", "éducation à l'environnement"],
    "ADA": ["climatique", "climatiques", "émissions", "co2$", "décarbon", "effet de serre",
            "transition énergétique", "îlot de fraîcheur", "îlots de fraîcheur", "vague de chaleur",
            "risques climatiques", "crue", "crues"],
    "AGR": ["agriculture urbaine", "jardin", "jardins", "jardinage", "jardinier", "potager",
            "potagers", "cultiver", "récolte", "récoltes",
            "maraîcher", "maraîchage", "légumes bio", "producteur", "producteurs", "terres",
            "terre agricole", "apiculture", "apiculteur", "horticulture", "hydroponi",
            "aquaponi", "serre", "serres", "bétail", "paysanne", "agro"],
    "ALI": ["nourriture", "se nourrir", "denrées", "produits frais", "aliment", "faim",
            "sécurité alimentaire", "traiteur", "cuisiner",
            "cuisinier", "recette", "recettes", "bien manger", "mieux manger", "goût",
            "gastronomie", "boulangerie", "pain$", "panier", "invendus", "glanage",
            "circuit de proximité", "producteurs locaux", "agriculture biologique", "bio",
            "légume", "fruit", "alimentation durable"],
    "GES": ["déchets", "ordures", "recyclage", "recycler", "recyclé", "recyclés", "valorisation",
            "valoriser", "collecte", "collecter", "trier", "réparer", "réparation", "bricolage",
            "réemployer", "revaloris", "matériaux", "objets", "encombrants", "d'occasion",
            "occasion$", "récupération", "récupérer", "anti-gaspillage", "gaspillage",
            "zéro gaspi", "compostage", "composteur", "lombricompost", "économie circulaire"],
    "ENE": ["électricité", "électrique", "précarité énergétique", "facture", "factures",
            "panneaux solaires", "économies d'énergie", "économie d'énergie",
            "consommation d'énergie", "thermique", "rénovation thermique", "passoire", "passoires",
            "hydrogène", "biomasse", "énergie propre", "énergies propres"],
    "PRN": ["eau", "eaux", "rivières", "fleuve", "mer$", "mers$", "marin", "marins", "marine",
            "aquatique", "plage", "plages", "montagne", "forêts", "bois$", "sol$", "sols$",
            "terrestre", "animaux", "animal", "oiseaux", "insectes", "sauvage", "sauvages",
            "écologie", "protéger la nature", "protection de la nature",
            "assainissement", "potable", "gaspillage de l'eau", "espaces verts", "parc naturel",
            "réserve naturelle", "renaturation"],
    "SAN": ["malade", "malades", "maladie", "maladies", "médecine", "thérapeut", "thérapie",
            "soigner", "guérison", "sanitaires", "santé publique", "psycholog", "psychiatr",
            "hospitalis", "clinique"],
    "ACS": ["accès aux soins", "soins", "se soigner", "consultation", "consultations", "médecins",
            "infirmier", "infirmière", "sage-femme", "kiné", "ophtalmo", "optique", "lunettes",
            "dentiste", "couverture santé", "droits de santé", "prise en charge", "offre de soins",
            "centre de soins", "urgences", "aidants", "médicament", "médicaments"],
    "AID": ["aide à l'autonomie", "domicile", "à domicile", "perte d'autonomie",
            "personnes dépendantes", "maison de retraite", "résidence autonomie",
            "aide aux aidants", "aidants familiaux", "auxiliaires de vie", "services à domicile"],
    "BIE": ["bien-être", "bien être", "épanouir", "s'épanouir", "confiance en soi",
            "confiance en eux", "estime", "apaisement", "sérénité", "plaisir", "joie",
            "bonheur", "art thérapie", "musicothérapie", "ressourcer", "se ressourcer",
            "loisirs", "relaxation", "soin de soi", "prendre soin"],
    "PRV": ["prévention", "prévenir", "sensibiliser", "sensibilisation", "information santé",
            "risques", "conduites addictives", "toxicomanie", "dépendances", "maladie chronique",
            "maladies chroniques", "diabète", "cancer", "alimentation équilibrée",
            "hygiène", "contraception", "sexualité", "violences", "détresse", "mal-être",
            "souffrance psychique", "psychique", "écoute", "ligne d'écoute"],
    "SOL": ["solidaire", "solidaires", "entraide", "fragiles", "fragilisé", "fragilisés",
            "en difficulté", "en difficultés", "difficultés", "précaires", "démunis", "démunies",
            "défavorisées", "vulnérables", "exclus", "exclues", "inclusif",
            "inclusive", "inclusion sociale", "accompagnement social", "travailleur social",
            "travailleurs sociaux", "aide sociale", "associations caritatives", "caritatif",
            "humanitaire", "dons$", "don$", "donateurs", "généros", "inégalités", "inégalité",
            "accès aux droits", "personnes détenues", "détenus", "détenu",
            "prison", "prisons", "sortants de prison", "justice"],
    "EFH": ["femmes", "filles", "jeunes filles", "mères isolées", "mères célibataires",
            "violences conjugales", "victimes de violences", "égalité filles-garçons",
            "égalité femme", "hommes et femmes", "femmes et hommes", "mixité", "mixité des métiers",
            "leadership féminin", "femmes entrepreneures", "créatrices d'entreprise",
            "maternité"],
    "GRA": ["pauvres", "pauvre", "grande précarité", "sans logement", "sans-domicile",
            "à la rue", "hébergement", "hébergé", "hébergées", "centre d'hébergement",
            "chrs$", "demandeur d'asile", "réfugiés", "réfugiées", "migrants",
            "migrantes", "exilés", "primo-arrivants", "personnes étrangères", "étrangers",
            "sans-papiers", "aide alimentaire", "colis", "restos", "épicerie sociale",
            "dettes", "endettement", "minima sociaux", "allocataires",
            "bénéficiaires du rsa", "exclusion sociale", "errance", "roms$"],
    "HAN": ["handicapé", "handicapés", "handicapée", "handicapées", "en situation de handicap",
            "personnes handicapées", "autisme", "autiste", "autistes", "trisomie",
            "déficience", "déficients", "malvoyants", "sourds", "sourde", "aveugles",
            "mobilité réduite", "accessibilité universelle", "travailleurs handicapés",
            "inclusion des personnes", "validiste", "valides$", "esat", "ime$", "foyer de vie",
            "polyhandicapés", "troubles dys", "dys$", "tdah$", "troubles cognitifs"],
    "LIE": ["lien entre", "rencontres", "se rencontrer", "isolés", "isolées", "isolé",
            "isolée", "rompre l'isolement", "convivial", "conviviaux", "conviviale",
            "voisinage", "voisins", "intergénérationnel", "intergénérationnelle",
            "générations", "cohésion", "fraternité", "hospitalité",
            "animation sociale", "animation de quartier", "familles et amis",
            "mixité", "vivre-ensemble", "parrain", "marraine", "binôme", "binômes", "duo$",
            "duos$", "colocation solidaire", "bénévoles"],
    "LUT": ["discriminations", "discriminés", "égalité des droits", "lutte contre les préjugés",
            "préjugé", "stigmatisation", "stigmatis", "handiphobie",
            "laïque", "droits fondamentaux",
            "tolérance", "minorités", "personnes lgbt", "égalité réelle", "accès aux droits",
            "intégration", "s'intégrer", "apprentissage du français", "français langue étrangère",
            "fle$", "langue française", "alphabétisation"],
    "SEN": ["seniors", "âgés", "âgées", "personnes âgées", "aînées", "vieillir", "vieux",
            "retraités", "retraite", "grand-parent", "grands-parents", "3e âge",
            "papy", "mamie", "intergénérationnel", "résidence seniors", "ehpad", "fin de vie"],
    "TER": ["territoires", "territoriaux", "urbains", "périurbain", "zones rurales", "milieu rural",
            "territoires ruraux",
            "collectivité", "municipalité", "mairie", "revitalisation", "attractivité",
            "dynamisation", "développement économique local", "centre-ville", "bourg",
            "quartiers prioritaires de la politique de la ville"],
    "AMH": ["logement", "loger", "se loger", "habiter", "habitation", "appartement",
            "appartements", "immobilier", "locataire", "locataires", "propriétaire",
            "propriétaires", "loyer", "loyers", "bâti$", "réhabilitation", "rénover", "chantier",
            "chantiers", "aménager", "architecte", "urbanisme transitoire", "occupation temporaire",
            "logement abordable", "accession", "foncier", "cohabitation", "colocations",
            "habitat solidaire", "ville durable", "villes durables"],
    "COO": ["coopérer", "coopératif", "coopérative", "partenariats", "fédérer", "fédération",
            "essaimage", "essaimer", "mise en réseau", "mettre en relation", "mise en relation",
            "synergie", "synergies", "collaboration", "collaborer", "ensemble des acteurs",
            "entreprises et associations", "associations et entreprises", "mutualiser",
            "mutualisation", "pôle territorial"],
    "INI": ["citoyens", "citoyenne", "citoyennes", "bénévole", "bénévoles", "bénévolat", "habitant",
            "habitants", "s'impliquer", "engagement bénévole", "pouvoir d'agir",
            "empowerment", "communautaire"],
    "MOB": ["mobilité", "mobilités", "se déplacer", "déplacements", "transports",
            "transport en commun", "transports en commun", "conduire", "conduite",
            "auto-partage", "deux-roues", "scooter", "trajet", "trajets",
            "itinéraire", "accessibilité des transports", "véhicule", "véhicules", "cyclo",
            "vélo cargo", "triporteur", "bicyclette", "train", "gare"],
    "ART": ["artistes", "artistiques", "arts", "œuvre", "œuvres", "création", "créations",
            "créatif", "créative", "créativité", "spectacles", "théâtral", "comédien", "musiques",
            "musiciens", "orchestre", "chanson", "chanter", "danser", "danseur", "cirque", "clown",
            "marionnette", "film", "films", "court-métrage", "photo", "photos", "dessin",
            "bande dessinée", "illustration", "poésie", "slam$", "livres", "lire", "lecteurs",
            "écrire", "culturels", "culturelles", "culture", "patrimoine culturel", "opéra",
            "atelier artistique", "ateliers artistiques", "pratique artistique",
            "pratiques artistiques", "accès à la culture", "éducation artistique et culturelle"],
    "COM": ["médiatique", "journaliste", "journalistes", "éducation aux médias", "reportage",
            "reportages", "émission", "émissions", "web-radio", "webradio", "youtube", "blog",
            "sensibilisation du grand public", "faire connaître",
            "valoriser les initiatives", "témoignages", "témoignage", "récits", "s'informer"],
    "CON": ["consommateur", "consommateurs", "consommer autrement", "consommer local", "achats",
            "acheter", "acheteurs", "vendre", "vente", "ventes", "commerce", "commerces",
            "commerçant", "commerçants", "marché", "marchés", "logistique", "livraison",
            "livraisons", "vêtements", "mode$", "couture", "textiles", "location d'objets",
            "prêt d'objets", "partage d'objets", "éthiques", "écoconception", "labels", "label",
            "services à domicile", "service à la personne", "conciergeries"],
    "DEM": ["démocratie", "démocratique", "citoyenneté active", "débat", "débats",
            "délibération", "institutions", "institutionnel", "politique", "politiques",
            "élu$", "élue$", "élues", "vote", "voter", "droit de vote", "engagement civique",
            "participation des habitants", "consultation", "parole", "prise de parole",
            "justice", "paix", "médiation", "médiateur", "médiatrice", "transparence",
            "justice restaurative", "accès au droit"],
    "GOU": ["gouvernance", "coopérative d'intérêt collectif", "société coopérative",
            "entreprise sociale", "entreprises sociales", "économie sociale et solidaire",
            "ess$", "modèle économique", "lucrativité limitée", "associés", "actionnariat",
            "partage du pouvoir", "décisions", "pilotage", "conseil", "instances",
            "démocratie interne", "statut", "agrément", "utilité sociale"],
    "NUM": ["numériques", "digitale", "digitales", "digitalisation", "web$", "site web",
            "en ligne", "plateforme numérique", "plateforme web", "applications", "app$",
            "technologie", "technologies", "technologique", "tech$", "high-tech",
            "innovation technologique", "outil numérique", "outils numériques", "ordinateurs",
            "informatiques", "e-learning", "à distance", "connecté", "connectée", "connectés",
            "données personnelles", "algorithme", "robot", "robots", "coder",
            "programmer", "3d$", "imprimante", "électronique", "usages numériques",
            "compétences numériques", "autonomie numérique", "accès au numérique"],
    "SPO": ["club sportif", "clubs sportifs", "sports", "sportif", "sportive", "sportifs",
            "sportives", "pratique sportive", "entraînement", "entraîneur", "éducateur sportif",
            "compétition",
            "compétitions", "ballon", "skate", "glisse", "nautique", "piscine", "nager",
            "courir", "danse", "arts martiaux", "karaté", "lutte$", "stade", "gymnase",
            "jeux olympiques", "activités sportives", "sport-santé", "sport santé", "handball",
            "volley"],
    "TOU": ["touristes", "touristiques", "vacanciers", "départ en vacances", "colonies",
            "séjours", "gîtes", "chambres d'hôtes", "hôtel", "hôtellerie", "auberge",
            "accueil des visiteurs", "découverte du territoire", "balade", "balades",
            "visite", "visites", "excursion", "itinérant", "voyages", "loisirs de plein air"],
    "FIN": ["financement", "financements", "financer", "financier", "financière", "finance",
            "finances", "fonds", "prêt", "prêts", "crédit", "microfinance", "banque",
            "banques", "bancaire", "argent", "monnaie", "investissement", "investir",
            "investisseurs", "subvention", "subventions", "collecte de fonds",
            "épargnants", "assurance",
            "microassurance", "micro-crédit", "garantie", "fonds propres"],
    "PAT": ["patrimoines", "patrimoine naturel", "patrimoine bâti", "bâtiments anciens",
            "monuments", "châteaux", "restauration", "restaurer", "rénovation du patrimoine",
            "vieilles pierres", "traditionnel", "traditionnelle", "tradition", "savoir-faire",
            "artisanat", "artisan", "artisans", "métiers d'art", "mémoires", "historiques",
            "histoire locale", "culture régionale", "culture locale", "héritage", "site historique",
            "sites historiques", "musées", "collections"],
}  # fmt: skip

for _code, _more in _MORE_KEYWORDS.items():
    _known = {simple_key(k) for k in DEFAULT_KEYWORDS.get(_code, [])}
    DEFAULT_KEYWORDS.setdefault(_code, []).extend(k for k in _more if simple_key(k) not in _known)
del _code, _more, _known


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
    """Key of a partner tag for ``tag_rules``: no accents, case, punctuation or '#'; every
    spelling of a numbered UN goal ("ODD 10", "10- Réduction des inégalités") gives "odd 10"."""
    number = goal_number(tag)
    if number is not None:
        return goal_key(number)
    return simple_key(tag.lstrip("#"))


def default_goal_rules() -> dict[str, list[str]]:
    """Tag rules of the 17 goals (key "odd N" → theme codes), the shipped defaults."""
    return {goal_key(n): list(codes) for n, codes in GOAL_RULES.items()}


@cache
def _lemma(word: str) -> str:
    """Folded French lemma of a folded word ("femmes" → "femme"); the word when unknown.

    simplemma is used because it is small, pure Python and needs no model download; accents
    are put back by the dictionary lookup on the word as written, so it is called on the
    original spelling (see :func:`_tokens`)."""
    return simple_key(simplemma.lemmatize(word, lang="fr")).replace(" ", "")


# Function words: a text of some length with almost none of the French ones is not French.
_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "des",
        "du",
        "d",
        "un",
        "une",
        "et",
        "en",
        "a",
        "au",
        "aux",
        "pour",
        "dans",
        "sur",
        "avec",
        "par",
        "est",
        "sont",
        "qui",
        "que",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "ne",
        "pas",
        "plus",
        "ou",
        "se",
        "il",
        "elle",
        "ils",
        "nous",
        "vous",
    ]
)
_OTHER_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "are",
        "for",
        "with",
        "on",
        "that",
        "this",
        "by",
        "from",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "mit",
        "el",
        "los",
        "las",
        "y",
        "del",
        "con",
        "por",
        "para",
    ]
)


def _not_french(words: list[str]) -> bool:
    """A text of 8 words or more whose function words are another language's."""
    if len(words) < 8:
        return False
    french = sum(w in _FRENCH_WORDS for w in words)
    other = sum(w in _OTHER_WORDS for w in words)
    return other > french


@dataclass(frozen=True, slots=True)
class _Keyword:
    text: str  # as written in the list
    stems: tuple[tuple[str, ...], ...]  # per word: the stem and its lemma when different
    whole_last: bool  # last stem must match a whole word


@cache
def _lemma_of(written: str) -> str:
    return _lemma(written.lower())


def _compile(keyword: str) -> _Keyword | None:
    whole = keyword.rstrip().endswith("$")
    written = keyword.rstrip().rstrip("$")
    stems = simple_key(written).split()
    if not stems:
        return None
    raw = fold(written).lower().split()
    forms = []
    for k, stem in enumerate(stems):
        lemma = _lemma_of(raw[k]) if len(raw) == len(stems) else stem
        same_word = _inflection_of(stem, lemma)
        forms.append((stem,) if lemma == stem or len(stem) <= 2 or not same_word else (stem, lemma))
    return _Keyword(keyword.rstrip("$ "), tuple(forms), whole)


def _inflection_of(stem: str, lemma: str) -> bool:
    """Is the keyword word ``stem`` a plural or feminine form of ``lemma`` ("femmes" of
    "femme", "rurales" or "ruraux" of "rural")? Only then does its lemma match: a lemma that
    is another word ("œuvre" → "ouvrir", "valides" → "valider", "serres" → "serrer",
    "des" → "un") would widen the keyword to unrelated words."""
    if stem.startswith(lemma):
        return True
    return stem.endswith("aux") and lemma.endswith("al") and stem[:-3] == lemma[:-2]


_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=200_000)
def _forms(written: str) -> tuple[str, ...]:
    """(folded word,) or (folded word, folded lemma) of one word as written."""
    word = simple_key(written).replace(" ", "")
    lemma = _lemma_of(written) if len(word) > 3 else word
    return (word,) if lemma == word else (word, lemma)


def _tokens(text: str) -> tuple[list[tuple[str, ...]], list[tuple[int, int]]]:
    """Folded words of ``text`` (each with its lemma when different) and their spans."""
    words: list[tuple[str, ...]] = []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(fold(text)):
        start, end = match.span()
        words.append(_forms(text[start:end]))  # the lemma is looked up with the accents
        spans.append((start, end))
    return words, spans


def _matches(forms: tuple[str, ...], stems: tuple[str, ...], exact: bool) -> bool:
    """Does a text word (spelling, lemma) match a keyword word (stem, lemma)?

    The keyword's own stem matches as written (whole word or start of word); its lemma only
    matches a whole word, so the lemma of a stem ("entrepreneures" → "entrepreneur") never
    widens it to other words ("entrepreneuriale")."""
    stem = stems[0]
    for form in forms:
        if form == stem if exact else form.startswith(stem):
            return True
    return len(stems) > 1 and stems[1] in forms


class Classifier:
    """Keyword and tag rules compiled once; call :meth:`classify` for each project.

    ``keywords``: theme code → keyword list (default :data:`DEFAULT_KEYWORDS`).
    ``tag_rules``: normalised partner tag (see :func:`normalize_tag`) → theme codes, the
    partner's own rules; ``shared_rules``: rules for all partners (default: the 17 goals,
    :func:`default_goal_rules`), which a partner's rule for the same tag replaces; theme
    labels of the thesaurus are always recognised as tags. ``themes``: code → parent code
    (default :func:`load_themes`); unknown codes are treated as level 1.
    """

    def __init__(
        self,
        keywords: Mapping[str, Iterable[str]] | None = None,
        tag_rules: Mapping[str, Iterable[str]] | None = None,
        themes: Mapping[str, str | None] | None = None,
        shared_rules: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.themes = dict(themes if themes is not None else load_themes())
        keywords = DEFAULT_KEYWORDS if keywords is None else keywords
        self._by_prefix: dict[str, list[tuple[str, _Keyword]]] = {}
        self._first: dict[tuple[str, ...], list[tuple[str, _Keyword]]] = {}
        for code, items in keywords.items():
            for item in items:
                compiled = _compile(item)
                if compiled:
                    for prefix in {form[:3] for form in compiled.stems[0]}:
                        self._by_prefix.setdefault(prefix, []).append((code, compiled))
        self.tag_rules: dict[str, list[str]] = {k: [v] for k, v in _theme_labels().items()}
        shared = default_goal_rules() if shared_rules is None else shared_rules
        #: keys whose rule is shared by all partners (not replaced by the partner's own rule)
        self.shared_keys: set[str] = set()
        for rules in (shared, tag_rules or {}):
            own: dict[str, list[str]] = {}
            for tag, codes in rules.items():
                own.setdefault(normalize_tag(tag), []).extend(codes)
            self.tag_rules.update(own)
            self.shared_keys = set(own) if rules is shared else self.shared_keys - set(own)

    def _hits(self, text: str) -> dict[str, dict[str, tuple[int, str]]]:
        """Theme code → {keyword: (occurrences, first matched words as written)}.

        Within one theme a word counts once: the longest keyword starting there wins and a
        shorter keyword inside it ("numérique" in "fracture numérique") is not counted again.
        """
        return self._hits_in(*_tokens(text), text)

    def _starting_with(self, forms: tuple[str, ...]) -> list[tuple[str, _Keyword]]:
        """Keywords whose first word matches this text word (memoised: words repeat)."""
        found = self._first.get(forms)
        if found is None:
            candidates = self._by_prefix.get(forms[0][:3], [])
            if len(forms) > 1 and forms[1][:3] != forms[0][:3]:
                candidates = candidates + self._by_prefix.get(forms[1][:3], [])
            found = []
            for code, keyword in candidates:
                stems = keyword.stems[0]
                exact = len(stems[0]) <= 2 or (keyword.whole_last and len(keyword.stems) == 1)
                if _matches(forms, stems, exact) and (code, keyword) not in found:
                    found.append((code, keyword))
            if len(self._first) < 100_000:
                self._first[forms] = found
        return found

    def _hits_in(
        self, words: list[tuple[str, ...]], spans: list[tuple[int, int]], text: str
    ) -> dict[str, dict[str, tuple[int, str]]]:
        hits: dict[str, dict[str, tuple[int, str]]] = {}
        covered: dict[str, int] = {}  # theme code → first word index not yet used
        for i, forms in enumerate(words):
            matches: list[tuple[int, str, _Keyword]] = []
            for code, keyword in self._starting_with(forms):
                n = len(keyword.stems)
                if i + n > len(words) or covered.get(code, 0) > i:
                    continue
                for k in range(1, n):
                    stems = keyword.stems[k]
                    exact = len(stems[0]) <= 2 or (keyword.whole_last and k == n - 1)
                    if not _matches(words[i + k], stems, exact):
                        break
                else:
                    if (n, code, keyword) not in matches:
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
        holder: str = "",
        min_score: float | None = None,
    ) -> list[ThemeMatch]:
        """Themes of a project, best first (see the module docstring for the rules)."""
        return self.explain(text, tags, title=title, holder=holder, min_score=min_score)[0]

    def explain(
        self,
        text: str,
        tags: Sequence[str] = (),
        *,
        title: str = "",
        holder: str = "",
        min_score: float | None = None,
    ) -> tuple[list[ThemeMatch], str]:
        """Themes of a project, best first, and why there are none ("" when there are).

        Never raises on odd input: ``None`` or empty strings are treated as no text."""
        text = text or ""
        words, spans = _tokens(text)
        title_words, title_spans = _tokens(title or "")
        if not words and not title_words:
            return [], NO_TEXT
        plain = [forms[0] for forms in words + title_words]
        if _not_french(plain):
            return [], NOT_FRENCH
        body = self._hits_in(words, spans, text)
        strong = self._hits_in(title_words, title_spans, title or "")
        if holder:
            for code, found in self._hits(holder).items():
                for keyword, (count, first) in found.items():
                    previous = strong.setdefault(code, {}).get(keyword, (0, first))
                    strong[code][keyword] = (previous[0] + count, previous[1])
        tags = [t for t in (tags or ()) if isinstance(t, str) and t.strip()]
        tag_codes: dict[str, list[str]] = {}
        shared_codes: dict[str, list[str]] = {}  # from rules shared by all partners
        for tag in tags:
            key = normalize_tag(tag)
            codes = self.tag_rules.get(key)
            if codes:
                into = shared_codes if key in self.shared_keys else tag_codes
                for code in codes:
                    into.setdefault(code, []).append(tag.strip())
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
        codes = set(body) | set(strong) | set(tag_codes) | set(shared_codes)
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

        # A rule shared by all partners (a UN goal is broader than a theme) gives its theme
        # when the text says something of that level-1 theme, or when nothing else classifies.
        given = dict(tag_codes)
        for code, tagged in shared_codes.items():
            top = self.themes.get(code) or code
            if score_of([top, *children.get(top, [])])[0] > 0:
                given.setdefault(code, []).extend(tagged)
        accepted = self._accept(codes, given, score_of, children, min_score)
        if not accepted and shared_codes:
            accepted = self._accept(codes, shared_codes, score_of, children, min_score)
            tag_codes = shared_codes
        if len(text.split()) < FOCUS_MIN_WORDS:
            result = sorted(accepted.values(), key=lambda m: (-m.score, m.level, m.code))
        else:
            result = self._focus(accepted, tag_codes)
        return result, "" if result else NO_EVIDENCE

    def _accept(self, codes, tag_codes, score_of, children, min_score) -> dict[str, ThemeMatch]:
        """Themes reaching ``min_score`` or given by a tag, level-1 parents added."""
        accepted: dict[str, ThemeMatch] = {}
        for code in sorted(c for c in codes if c):
            parent = self.themes.get(code)
            own = [code] + (children.get(code, []) if parent is None else [])
            score, words = score_of(own)
            reasons = [f"étiquette « {tag} »" for tag in tag_codes.get(code, [])]
            score += TAG_WEIGHT * len(reasons)
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
        return accepted

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
    holder: str = "",
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
    return classifier.classify(text, tags, title=title, holder=holder, min_score=min_score)
