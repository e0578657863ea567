"""StreamField blocks for the community's editorial pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Niveau 2")), ("h3", _("Niveau 3"))], default="h2", label=_("niveau")
    )

    class Meta:
        icon = "title"
        template = "community/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("texte"))

    class Meta:
        icon = "help"
        template = "community/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("paragraphe")
    )
    callout = CalloutBlock(label=_("encadré"))
