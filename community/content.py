"""The French text of the pages created on first start (editors rewrite them in the admin)."""

from django.utils.translation import gettext_lazy as _

HOME_TITLE = _("Carrefour des innovations sociales")
HOME_INTRO = _(
    "<p>Une cinquantaine d'organisations — fondations, réseaux, acteurs publics, associations — "
    "repèrent et accompagnent des projets d'innovation sociale partout en France. Le Carrefour "
    "rassemble ce qu'elles publient sur leurs sites en un seul catalogue, tenu à jour "
    "automatiquement, pour que financeurs, accompagnateurs, chercheurs et porteurs de projets "
    "voient enfin l'ensemble.</p>"
)

PAGES = [
    {
        "slug": "a-propos",
        "title": _("Pourquoi un Carrefour ?"),
        "intro": _("Rendre visibles ensemble les innovations sociales que chacun repère déjà."),
        "body": [
            ("heading", _("Ce que fait la plateforme")),
            (
                "paragraph",
                _(
                    "<p>Le Carrefour lit automatiquement les pages « projets » des sites de ses "
                    "partenaires, consolide ce qu'il y trouve — un projet présenté par deux "
                    "partenaires devient une seule fiche — et le localise sur le territoire. Chaque "
                    "partenaire modère ce qu'il apporte ; rien n'est à ressaisir.</p>"
                ),
            ),
            ("heading", _("Pour qui")),
            (
                "paragraph",
                _(
                    "<ul><li>Les <b>financeurs</b> et <b>accompagnateurs</b> repèrent des projets et "
                    "comparent des territoires.</li><li>Les <b>chercheurs</b> mesurent les tendances "
                    "et les thèmes émergents.</li><li>Les <b>porteurs de projets</b> se font connaître "
                    "et entrent en contact les uns avec les autres.</li></ul>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<p>Petits et grands projets sont présentés de la même façon : la taille d'une "
                    "structure ne décide pas de sa visibilité.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "charte",
        "title": _("Charte du Carrefour"),
        "intro": _("Les engagements que partagent les membres du collectif."),
        "body": [
            ("heading", _("Égalité des membres")),
            (
                "paragraph",
                _(
                    "<p>Chaque organisation membre a la même place dans le collectif, quels que "
                    "soient sa taille, son statut ou le nombre de projets qu'elle présente. Les "
                    "décisions sur la plateforme se prennent ensemble, selon le principe « un membre, "
                    "une voix ».</p>"
                ),
            ),
            ("heading", _("Responsabilité de chacun")),
            (
                "paragraph",
                _(
                    "<p>Chaque partenaire se porte garant des projets qu'il partage : il peut corriger, "
                    "publier ou retirer ce qui a été lu sur son site. Une correction faite par un "
                    "éditeur n'est jamais écrasée par une nouvelle lecture automatique.</p>"
                ),
            ),
            ("heading", _("Respect des sites et des personnes")),
            (
                "paragraph",
                _(
                    "<p>La plateforme lit les sites des partenaires avec retenue (robots.txt respecté, "
                    "visites espacées) et ne publie jamais les adresses électroniques des porteurs : "
                    "les mises en relation passent par la plateforme.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "innovation-sociale",
        "title": _("Une définition ouverte de l'innovation sociale"),
        "intro": _("Une définition de travail, que le collectif fait évoluer."),
        "body": [
            (
                "paragraph",
                _(
                    "<p>L'innovation sociale consiste à élaborer des réponses nouvelles à des besoins "
                    "sociaux mal ou peu satisfaits — dans l'éducation, l'emploi, la santé, "
                    "l'environnement, l'habitat, la mobilité… — en impliquant les personnes "
                    "concernées et les acteurs du territoire.</p>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<p>Elle peut être une organisation, un service, un produit ou une manière de "
                    "faire ; elle n'est pas forcément technologique. Le Carrefour ne trie pas les "
                    "projets selon une grille unique : chaque partenaire apporte sa propre lecture, "
                    "et c'est leur rencontre qui fait la richesse du catalogue.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "rejoindre",
        "title": _("Rejoindre le Carrefour"),
        "intro": _("Votre organisation présente déjà des projets ? Rejoignez le collectif."),
        "body": [
            (
                "paragraph",
                _(
                    "<p>Il suffit de nous indiquer l'adresse de votre site : la plateforme trouve "
                    "d'elle-même vos pages de projets (plan du site, flux RSS ou pages de liste). Vous "
                    "n'avez rien à publier de nouveau.</p>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<ol><li>Créez un compte sur la plateforme.</li><li>Demandez l'adhésion de votre "
                    "organisation ; un administrateur la valide.</li><li>Vérifiez les projets lus sur "
                    "votre site, corrigez-les et publiez-les.</li></ol>"
                ),
            ),
            (
                "callout",
                {
                    "title": _("Porteur de projet ?"),
                    "text": _(
                        "<p>Créez un compte pour revendiquer la fiche de votre projet, la tenir à "
                        "jour et contacter d'autres porteurs.</p>"
                    ),
                },
            ),
        ],
    },
    {
        "slug": "sources-et-mentions",
        "menu": False,
        "title": _("Sources et mentions légales"),
        "intro": _("D'où viennent les données du Carrefour."),
        "body": [
            (
                "paragraph",
                _(
                    "<p>Les fiches de projets sont issues des sites des organisations partenaires, "
                    "qui en restent les auteurs : chaque fiche renvoie à la page d'origine.</p>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<p>Référentiel des communes : INSEE (Code officiel géographique 2026, populations "
                    "légales) et La Poste (base officielle des codes postaux), via Etalab / "
                    "data.gouv.fr – paquet @etalab/decoupage-administratif 6.0.0, Licence Ouverte / "
                    "Open Licence. Coordonnées : IGN – Admin Express COG 2018 (via france-geojson, "
                    "Licence Ouverte) ; GeoNames (www.geonames.org), licence CC BY 4.0 "
                    "(https://creativecommons.org/licenses/by/4.0/), données modifiées.</p>"
                ),
            ),
            ("paragraph", _("<p>Fonds de carte : © contributeurs OpenStreetMap.</p>")),
        ],
    },
    {
        "slug": "confidentialite",
        "menu": False,
        "title": _("Politique de confidentialité"),
        "intro": _("Ce que le Carrefour garde sur vous, combien de temps, et comment l'effacer."),
        "body": [
            (
                "paragraph",
                _(
                    "<h2>Ce qui est gardé</h2><ul>"
                    "<li>Votre compte : adresse e-mail, nom affiché, mot de passe chiffré, "
                    "organisation et rôle si vous êtes membre d'un partenaire.</li>"
                    "<li>Vos listes, notes, recherches enregistrées et alertes, visibles de vous "
                    "seul (sauf une liste que vous partagez par un lien, révocable).</li>"
                    "<li>Les messages échangés avec les porteurs de projets, et les demandes de "
                    "rattachement à un projet.</li>"
                    "<li>Les adresses de contact des projets trouvées sur les sites des "
                    "partenaires : elles servent à transmettre les messages et ne sont jamais "
                    "affichées.</li>"
                    "<li>Des journaux techniques (adresse IP, page demandée) pour la sécurité, "
                    "et des compteurs temporaires pour limiter les abus.</li></ul>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<h2>Combien de temps</h2><p>Le compte et ce qui s'y rattache, tant que le "
                    "compte existe. Les messages, tant que la conversation existe ; après la "
                    "suppression d'un compte, ses messages restent lisibles par leur "
                    "destinataire, signés « membre supprimé ». Les compteurs anti-abus, quelques "
                    "minutes à une journée. Aucun cookie de mesure d'audience ni de publicité "
                    "n'est déposé : seulement la session, la langue choisie et la protection des "
                    "formulaires.</p>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<h2>Vos droits (RGPD)</h2><p>Vous pouvez consulter et corriger vos données "
                    "dans votre espace membre, et supprimer votre compte vous-même depuis cet "
                    "espace (votre mot de passe est demandé). Une personne dont l'adresse a été "
                    "trouvée sur le site d'un partenaire peut refuser tout nouveau message par "
                    "le lien présent dans chaque message transmis. Pour toute autre demande, ou "
                    "pour saisir la CNIL "
                    "(www.cnil.fr), écrivez à l'équipe par le formulaire « Rejoindre ».</p>"
                ),
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "menu": False,
        "title": _("Déclaration d'accessibilité"),
        "intro": _(
            "Le Carrefour s'engage à rendre son site accessible, conformément à l'article 47 de "
            "la loi n° 2005-102 du 11 février 2005."
        ),
        "body": [
            (
                "paragraph",
                _(
                    "<h2>État de conformité</h2><p>Le site est <strong>partiellement conforme"
                    "</strong> au référentiel général d'amélioration de l'accessibilité (RGAA "
                    "4.1) : il n'a pas encore fait l'objet d'un audit complet. Chaque version "
                    "est vérifiée automatiquement (axe-core, critères WCAG 2.1 AA, et validité "
                    "HTML) sur les pages publiques, sur ordinateur et sur mobile.</p>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<h2>Contenus non accessibles</h2><p>Les descriptions de projets viennent "
                    "des sites des partenaires : leurs images peuvent manquer d'alternative "
                    "textuelle. La carte a une alternative : la liste des projets du catalogue, "
                    "filtrable par territoire.</p>"
                ),
            ),
            (
                "paragraph",
                _(
                    "<h2>Retour d'information et recours</h2><p>Si vous ne pouvez pas accéder à "
                    "un contenu ou à un service, écrivez à l'équipe par le formulaire "
                    "« Rejoindre » pour obtenir une alternative. Si vous n'obtenez pas de "
                    "réponse, vous pouvez saisir le Défenseur des droits "
                    "(www.defenseurdesdroits.fr).</p>"
                ),
            ),
        ],
    },
]

DIRECTORY_TITLE = _("Les partenaires")
DIRECTORY_INTRO = _(
    "<p>Les organisations membres du Carrefour, à égalité, avec le nombre de projets publiés "
    "qu'elles présentent.</p>"
)
CATALOGUE_TITLE = _("Les projets")
CATALOGUE_INTRO = _(
    "<p>Cherchez parmi les projets d'innovation sociale repérés par les partenaires.</p>"
)
