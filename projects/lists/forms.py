"""Forms of the member's lists and saved searches."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import SavedSearch


class ListCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la nouvelle liste"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("ex. : Appel à projets 2027")}),
    )


class ListRenameForm(forms.Form):
    name = forms.CharField(label=_("Nom de la liste"), max_length=120)


class EntryNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Votre note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("500 caractères au plus ; visible de ceux à qui vous partagez la liste."),
    )


class AddToListForm(forms.Form):
    """Add the project to one of the member's lists, or to a new one named here."""

    project_list = forms.TypedChoiceField(
        label=_("Ajouter à la liste"), coerce=int, required=False, empty_value=None
    )
    new_list = forms.CharField(label=_("ou à une nouvelle liste"), max_length=120, required=False)
    note = forms.CharField(label=_("Note (facultative)"), max_length=500, required=False)

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_list"].choices = [("", "—")] + [(pl.pk, pl.label) for pl in lists]

    def clean(self):
        data = super().clean()
        if not data.get("project_list") and not (data.get("new_list") or "").strip():
            raise forms.ValidationError(
                _("Choisissez une de vos listes ou donnez le nom d'une nouvelle liste.")
            )
        return data


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Nom de la recherche"), max_length=120)
    frequency = forms.ChoiceField(
        label=_("Alerte par e-mail"), choices=SavedSearch.Frequency.choices
    )


class SaveSearchForm(forms.Form):
    """Posted from the catalogue page: its query string, a name, how often to be told."""

    querystring = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nom de la recherche"), max_length=120, required=False)
    frequency = forms.ChoiceField(
        label=_("Alerte par e-mail"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.WEEKLY,
    )
