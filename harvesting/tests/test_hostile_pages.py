"""Hostile but real-looking partner pages through the whole pipeline: contact addresses in
every common form never reach a public page, and control characters never reach the catalogue
(issue 17, items 3 and 7)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from members.tests.factories import OrganisationFactory
from projects.consolidation.normalize import extract_emails
from projects.models import Project

pytestmark = pytest.mark.django_db

BODY = (
    "<p>L'atelier vélo du Blosne répare les vélos des habitants du quartier à Rennes (35) et "
    "forme des jeunes en insertion à la mécanique. Des bénévoles accueillent chaque samedi les "
    "familles et les étudiants, et récupèrent les vélos abandonnés pour leur donner une seconde "
    "vie.</p>"
)
CONTACTS = {
    "/projets/atelier-mailto": (
        "Atelier vélo du Blosne",
        '<div class="contact"><h3>Contact</h3><p>Contact : '
        '<a href="mailto:marie.lebreton@atelier-blosne.fr?subject=Bonjour">'
        "marie.lebreton@atelier-blosne.fr</a></p></div>",
        "marie.lebreton@atelier-blosne.fr",
    ),
    "/projets/recyclerie-at": (
        "Recyclerie des Coëvrons",
        "<p>Pour nous écrire : jean.morin [at] recyclerie-coevrons [point] fr, "
        "ou passez nous voir.</p>",
        "jean.morin@recyclerie-coevrons.fr",
    ),
    "/projets/epicerie-parentheses": (
        "Épicerie solidaire de Brocéliande",
        "<ul><li>Téléphone : 02 99 00 00 00</li><li>Courriel : anne.guillou(at)epicerie-bro.org"
        "</li></ul>",
        "anne.guillou@epicerie-bro.org",
    ),
    "/projets/jardin-espaces": (
        "Jardin\x1b partagé\x07 de Cesson",
        "<p>E-mail : paul.riou @ jardin-cesson . fr</p><p>Permanence le jeudi.</p>",
        "paul.riou@jardin-cesson.fr",
    ),
}


def page(title, contact):
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{title} | Réseau Exemple</title>"
        f'<meta name="description" content="Un projet solidaire\x1b à Rennes, écrire à '
        f'contact.projet@asso-exemple.fr pour en savoir plus sur l’atelier et ses bénévoles.">'
        "</head><body><header><nav><a href='/'>Accueil</a></nav></header>"
        f"<main><article><h1>{title}</h1>{BODY}{contact}</article></main>"
        "<footer><a href='/mentions-legales'>Mentions légales</a></footer></body></html>"
    )


@pytest.fixture
def harvested(partner_site, reference_data, make_client):
    for path, (title, contact, _email) in CONTACTS.items():
        partner_site.add(path, page(title, contact))
    urls = "".join(f"<url><loc>{partner_site.url(p)}</loc></url>" for p in CONTACTS)
    partner_site.add(
        "/sitemap.xml",
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>",
        content_type="application/xml",
    )
    partner_site.add(
        "/robots.txt",
        f"User-agent: *\nSitemap: {partner_site.url('/sitemap.xml')}\n",
        content_type="text/plain",
    )
    organisation = OrganisationFactory(name="Réseau Exemple", website=partner_site.base_url)
    source = HarvestSourceFactory(
        organisation=organisation, name="Projets", url=partner_site.url("/"), auto_publish=True
    )
    source_harvest(source.pk, client=make_client())
    projects = {
        p.sources.get().url.split(":", 2)[-1].split("/", 1)[-1]: p
        for p in Project.objects.prefetch_related("sources")
    }
    assert len(projects) == len(CONTACTS), [p.title for p in Project.objects.all()]
    return projects


def _public_text(response) -> str:
    return response.content.decode()


def test_contact_addresses_are_captured_then_never_shown(harvested):
    client = Client()
    for path, (_title, _contact, email) in CONTACTS.items():
        project = next(p for p in harvested.values() if p.sources.get().url.endswith(path))
        assert project.contact_email == email
        for text in (project.description, project.summary):
            assert extract_emails(text) == [], text
            assert "mailto:" not in text
        assert "Permanence le jeudi" in project.description or path != "/projets/jardin-espaces"
        response = client.get(project.get_absolute_url())
        assert response.status_code == 200
        shown = _public_text(response)
        local = email.split("@")[0]
        assert local not in shown and email.split("@")[1] not in shown
        assert "contact.projet" not in shown
        # the platform's own contact form is offered instead
        assert "/contacter/" in shown or "pour écrire aux porteurs" in shown


def test_control_characters_are_cleaned_at_import_and_the_feed_stays_up(harvested):
    titles = [p.title for p in Project.objects.all()]
    assert "Jardin partagé de Cesson" in titles
    for project in Project.objects.all():
        for text in (project.title, project.summary, project.description):
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text), repr(text)
    response = Client().get("/projets/flux.atom")
    assert response.status_code == 200
    ET.fromstring(response.content)  # noqa: S314 - our own feed
