"""Forms for holders and contact (``projects/holders/views.py``)."""

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from members.forms import HoneypotMixin
from projects.html import html_to_text


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Message au partenaire (si votre adresse ne suffit pas à vous identifier)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContactForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Les porteurs reçoivent votre message par e-mail et vous répondent sur le site. "
            "Ni leur adresse ni la vôtre ne sont communiquées."
        ),
    )
    share_email = forms.BooleanField(
        label=_("Communiquer mon adresse e-mail pour qu'on puisse me répondre directement"),
        required=False,
    )


class ContactReplyForm(HoneypotMixin, forms.Form):
    """The reply of an unclaimed project's contact address (no account)."""

    body = forms.CharField(
        label=_("Votre réponse"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Le membre la lit sur le site ; votre adresse ne lui est pas communiquée."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Motif du signalement"), max_length=500, required=False)


class HolderEditForm(forms.Form):
    """What a holder may change: description (plain text, paragraphs), links, contact."""

    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    website = forms.URLField(label=_("Site web du projet"), required=False, max_length=500)
    contact_email = forms.EmailField(label=_("E-mail de contact (jamais affiché)"), required=False)
    image_url = forms.URLField(label=_("Image (adresse d'une image en ligne)"), required=False)

    @classmethod
    def for_project(cls, project, data=None):
        initial = {
            "description": html_to_text(project.description or ""),
            "website": project.website,
            "contact_email": project.contact_email,
            "image_url": project.image_url,
        }
        return cls(data=data, initial=initial)

    def changed_values(self) -> dict:
        """Cleaned values of the fields the holder changed (description back to HTML)."""
        values = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if name == "description":
                paragraphs = [p.strip() for p in value.replace("\r", "").split("\n\n")]
                value = "".join(
                    f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs if p
                )
            values[name] = value
        return values
