"""Forms for holders and contact (``projects/holders/views.py``)."""

import re

import nh3
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from members.forms import HoneypotMixin
from projects.html import ALLOWED_URL_SCHEMES

#: the structure a holder's description keeps: headings, paragraphs, lists, emphasis, links
HOLDER_TAGS = {"h2", "h3", "p", "br", "ul", "ol", "li", "strong", "em", "a"}
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def holder_html(value: str) -> str:
    """A holder's description as safe HTML that keeps its structure. Plain text (no tag) is
    split into paragraphs on blank lines; HTML (from the editor, or typed) is reduced to
    ``HOLDER_TAGS`` by nh3, like every outside HTML (``projects.html``)."""
    value = (value or "").replace("\r", "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        paragraphs = [p.strip() for p in value.split("\n\n")]
        return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs if p)
    value = re.sub(r"<(/?)b\b", r"<\1strong", value)  # the editor's bold and italic
    value = re.sub(r"<(/?)i\b", r"<\1em", value)
    value = re.sub(r"<(/?)div\b", r"<\1p", value)  # a browser's line blocks
    html = nh3.clean(
        value,
        tags=HOLDER_TAGS,
        attributes={"a": {"href"}},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
    )
    return re.sub(r"<p>(\s|<br>|&nbsp;)*</p>", "", html).strip()


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
    """What a holder may change: description (structured rich text), links, contact."""

    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-rich-text": ""}),
        help_text=_(
            "Titres, paragraphes et listes sont conservés. Sans la barre d'outils : séparez les "
            "paragraphes par une ligne vide, ou écrivez du HTML simple (<h2>, <h3>, <p>, "
            "<ul>, <ol>, <li>, <strong>, <em>, <a href>)."
        ),
    )
    website = forms.URLField(
        label=_("Site web du projet"), required=False, max_length=500, assume_scheme="https"
    )
    contact_email = forms.EmailField(label=_("E-mail de contact (jamais affiché)"), required=False)
    image_url = forms.URLField(
        label=_("Image (adresse d'une image en ligne)"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "Le Carrefour en garde une copie réduite, montrée sur les fiches : JPEG, PNG, WebP "
            "ou GIF (pas de SVG)."
        ),
    )

    @classmethod
    def for_project(cls, project, data=None):
        initial = {
            "description": holder_html(project.description or ""),
            "website": project.website,
            "contact_email": project.contact_email,
            "image_url": project.image_url,
        }
        return cls(data=data, initial=initial)

    def clean_description(self):
        return holder_html(self.cleaned_data.get("description", ""))

    def changed_values(self) -> dict:
        """Cleaned values of the fields the holder changed (the description compared once
        cleaned: the editor rewriting the same text differently is no change)."""
        values = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if name == "description" and value == self.initial.get("description"):
                continue
            values[name] = value
        return values
