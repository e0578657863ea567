"""Templated e-mails: ``templates/email/<name>/{subject.txt,body.txt,body.html}``."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def email_send(
    name: str,
    context: dict,
    to: list[str],
    *,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> int:
    """Render and send e-mail ``name`` to ``to`` (one message; use one call per recipient so
    that recipients never see each other's address). Returns the number sent (0 or 1)."""
    if not to:
        return 0
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"email/{name}/subject.txt", context)
        body = render_to_string(f"email/{name}/body.txt", context)
        html = render_to_string(f"email/{name}/body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    message.attach_alternative(html, "text/html")
    return message.send()
