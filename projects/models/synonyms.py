"""Synonyms of the catalogue search, edited by platform admins (snippet "Synonymes").

A row is a group of equivalent expressions ("ESS", "économie sociale et solidaire"): a query
holding one of them also finds projects that use another. Seeded from
``projects/data/synonyms-fr.txt`` (migration ``0012_search_understanding``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SEPARATOR = "="


def parse_expressions(text: str) -> list[str]:
    """The expressions of a group: one per line or separated by ``=``, blanks dropped."""
    parts = []
    for line in text.replace(SEPARATOR, "\n").splitlines():
        line = " ".join(line.split())
        if line and line not in parts:
            parts.append(line)
    return parts


class Synonym(models.Model):
    expressions = models.TextField(
        _("expressions équivalentes"),
        help_text=_(
            "Une expression par ligne (ou séparées par « = ») : « ESS » et « économie sociale "
            "et solidaire ». Une recherche contenant l'une trouve aussi les projets qui "
            "emploient une autre. Accents et majuscules sont ignorés."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes")
        ordering = ["expressions"]

    def __str__(self):
        return " = ".join(self.expression_list())

    def expression_list(self) -> list[str]:
        return parse_expressions(self.expressions)
