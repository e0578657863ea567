"""The 17 UN Sustainable Development Goals (ODD) as partner tags, in any spelling.

Partners tag projects with a numbered goal written many ways: "ODD 10", "10- Réduction des
inégalités", "SDG 4", "Objectif 13", "Objectif de développement durable n°5", "ODD n° 3".
:func:`goal_number` reads the number; :func:`projects.consolidation.classify.normalize_tag`
turns every spelling into one key, "odd N", so one editable tag rule ("ODD 10") serves them
all. :data:`GOAL_RULES` is the default mapping of each goal to thesaurus themes, by the goal's
meaning; the data migration ``projects/0011_theme_learning`` seeds it as tag rules for all
partners, edited afterwards in the admin ("Correspondances d'étiquettes").
"""

from __future__ import annotations

import re

from projects.consolidation.text import simple_key

__all__ = ["GOAL_LABELS", "GOAL_RULES", "goal_key", "goal_number"]

#: Short French names of the goals (as the UN's French pages give them), with usual variants.
GOAL_LABELS: dict[int, list[str]] = {
    1: ["pas de pauvreté", "éradication de la pauvreté", "fin de la pauvreté"],
    2: ["faim zéro", "faim « zéro »", "lutte contre la faim", "sécurité alimentaire"],
    3: ["bonne santé et bien-être", "accès à la santé", "santé et bien-être"],
    4: ["éducation de qualité", "accès à une éducation de qualité"],
    5: ["égalité entre les sexes", "égalité entre les femmes et les hommes"],
    6: ["eau propre et assainissement", "accès à l'eau salubre et à l'assainissement"],
    7: ["énergie propre et d'un coût abordable", "énergies renouvelables", "énergie propre"],
    8: ["travail décent et croissance économique", "travail décent et croissance durable",
        "accès à des emplois décents"],
    9: ["industrie, innovation et infrastructure", "bâtir une infrastructure résiliente"],
    10: ["inégalités réduites", "réduction des inégalités"],
    11: ["villes et communautés durables", "villes durables"],
    12: ["consommation et production responsables", "consommation responsable"],
    13: ["mesures relatives à la lutte contre les changements climatiques",
         "lutte contre le changement climatique", "lutte contre les changements climatiques"],
    14: ["vie aquatique", "vie sous-marine", "protection de la faune et de la flore aquatiques"],
    15: ["vie terrestre", "protection de la faune et de la flore terrestres"],
    16: ["paix, justice et institutions efficaces", "justice et institutions efficaces",
         "justice et paix"],
    17: ["partenariats pour la réalisation des objectifs", "partenariats pour les objectifs"],
}  # fmt: skip

#: Goal → thesaurus themes, by meaning (a level-2 code brings its level-1 parent).
GOAL_RULES: dict[int, list[str]] = {
    1: ["GRA"],  # poverty → Grande précarité
    2: ["ALI"],  # hunger → Alimentation durable
    3: ["SAN"],
    4: ["EDU"],
    5: ["EFH"],
    6: ["PRN"],  # water → Préservation des ressources naturelles
    7: ["ENE"],
    8: ["EMP"],
    9: ["NUM"],  # innovation and infrastructure, access to technology
    10: ["SOL"],  # inequalities → Solidarité
    11: ["TER"],  # cities and communities → Territoires
    12: ["CON"],
    13: ["ADA"],
    14: ["PRN"],
    15: ["PRN"],
    16: ["DEM"],
    17: ["COO"],
}

_PREFIXED = re.compile(
    r"^(?:#\s*)?(?:odd|sdg|sdgs|ods|objectifs?(?: de developpement durable)?|goal)"
    r"(?: ?(?:n|no|num|numero))?\s?(\d{1,2})(?:\s|$)"
)
_NUMBERED = re.compile(r"^(\d{1,2})(?:\s(.*))?$")
_LABEL_WORDS = {
    number: {w for label in labels for w in simple_key(label).split() if len(w) >= 4}
    for number, labels in GOAL_LABELS.items()
}
_LABELS = {simple_key(label): number for number, labels in GOAL_LABELS.items() for label in labels}


def goal_number(tag: str) -> int | None:
    """The goal (1–17) a partner tag names, or None.

    "ODD 10", "SDG 4", "Objectif 13", "Objectif de développement durable n°5" name it by
    prefix; "10- Réduction des inégalités" by a leading number followed by words of that
    goal's name (a partner's own numbered category such as "1- Agriculture" is not a goal);
    "Réduction des inégalités" by its name alone.
    """
    key = simple_key(tag or "")
    if not key:
        return None
    if match := _PREFIXED.match(key):
        number = int(match.group(1))
        return number if 1 <= number <= 17 else None
    if match := _NUMBERED.match(key):
        number = int(match.group(1))
        rest = (match.group(2) or "").split()
        if 1 <= number <= 17 and (not rest or _LABEL_WORDS[number] & set(rest)):
            return number
        return None
    return _LABELS.get(key)


def goal_key(number: int) -> str:
    """The tag-rule key of a goal ("odd 10"), the one :func:`normalize_tag` gives its spellings."""
    return f"odd {number}"
