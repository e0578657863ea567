"""The harvest source form of the back-office: patterns checked, and a warning to confirm when
another organisation already harvests the same site."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from harvesting.models import HarvestSource
from harvesting.patterns import pattern_errors
from harvesting.renderer import renderer_unavailable
from harvesting.sharing import sharing_warning, sources_sharing_host


class HarvestSourceForm(WagtailAdminModelForm):
    confirm_shared_host = forms.BooleanField(
        label=gettext_lazy("Je confirme : un autre partenaire moissonne déjà ce site"),
        required=False,
        help_text=gettext_lazy(
            "À cocher seulement si un avertissement l'a demandé : chaque partenaire n'est "
            "crédité que des pages que sa propre source liste."
        ),
    )

    def _clean_patterns(self, name):
        value = self.cleaned_data.get(name, "")
        errors = pattern_errors(value or "")
        if errors:
            raise forms.ValidationError(errors)
        return value

    def clean_include_patterns(self):
        return self._clean_patterns("include_patterns")

    def clean_exclude_patterns(self):
        return self._clean_patterns("exclude_patterns")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "renderer" in self.fields:  # a form posted without it keeps static HTML
            self.fields["renderer"].required = False

    def clean_renderer(self):
        value = self.cleaned_data.get("renderer") or HarvestSource.Renderer.NONE
        if value != HarvestSource.Renderer.NONE:
            problem = renderer_unavailable()
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        url = cleaned.get("url") or ""
        if not url or organisation is None:
            return cleaned
        sharing = sources_sharing_host(
            organisation.pk, url, cleaned.get("urls") or "", exclude_pk=self.instance.pk
        )
        changed = self.instance.pk is None or {"url", "urls", "organisation"} & set(
            self.changed_data
        )
        if sharing and changed and not cleaned.get("confirm_shared_host"):
            self.add_error(
                "confirm_shared_host",
                _("%(warning)s Cochez la case de confirmation pour enregistrer quand même.")
                % {"warning": sharing_warning(sharing)},
            )
        return cleaned
