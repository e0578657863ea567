"""End to end in Chromium: sign up, verify the e-mail, claim a project, write to holders."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import Organisation
from members.tests.fixtures import make_member
from projects.holders.claims import project_claim
from projects.models import ContactMessage, ProjectClaim
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_claim_and_contact(page, live_server, seeded_site, settings):
    settings.SITE_URL = live_server.url
    partner = Organisation.objects.public().first()
    mine = ProjectFactory(title="Recyclerie du Val", website="https://recyclerie-du-val.fr")
    ProjectSourceFactory(project=mine, organisation=partner)
    theirs = ProjectFactory(title="Jardin partagé des Lilas", website="https://lilas.fr")
    ProjectSourceFactory(project=theirs, organisation=partner)
    holder = make_member("jardinier", "jardinier@lilas.fr")
    assert project_claim(theirs, holder).status == "confirmed"
    mail.outbox.clear()

    # Sign up: the site's look, profile fields, then "check your e-mail".
    page.goto(live_server.url + "/comptes/signup/")
    expect(page.locator(".site-header")).to_be_visible()
    page.locator("input[name=email]").fill("alice@recyclerie-du-val.fr")
    page.locator("input[name=username]").fill("alice")
    page.locator("input[name=password1]").fill("un-mot-de-passe-solide")
    page.locator("input[name=password2]").fill("un-mot-de-passe-solide")
    page.locator("input[name=display_name]").fill("Alice de la Recyclerie")
    page.locator("select[name=role]").select_option("holder")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/comptes/confirm-email/$"))

    # Verify: the link from the e-mail, then confirm (signs in).
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/comptes/") :])
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_role("link", name="Se déconnecter")).to_be_visible()

    # Claim: the address is on the project's website domain, so it is confirmed at once.
    page.goto(live_server.url + mine.get_absolute_url())
    page.get_by_role("link", name="C'est mon projet").click()
    page.get_by_role("button", name="Oui, c'est mon projet").click()
    expect(page.locator("[data-claim=confirmed]")).to_be_visible()
    claim = ProjectClaim.objects.get(project=mine, user__username="alice")
    assert claim.status == "confirmed" and claim.method == "website_domain"

    # Contact: write to another project's holder; no address is ever shown.
    page.goto(live_server.url + theirs.get_absolute_url())
    page.get_by_role("link", name="Écrire aux porteurs").click()
    page.get_by_label("Votre message").fill("Bonjour, pouvons-nous échanger sur vos composteurs ?")
    page.get_by_role("button", name="Envoyer le message").click()
    expect(page.locator(".messages-thread")).to_contain_text("vos composteurs")
    assert "jardinier@lilas.fr" not in page.content()
    message = ContactMessage.objects.get()
    assert message.sender.username == "alice"
    sent = [m for m in mail.outbox if m.to == ["jardinier@lilas.fr"]]
    assert sent and sent[0].reply_to == []  # replies go through the site: no address disclosed
    assert "alice@recyclerie-du-val.fr" not in sent[0].body
    assert "Alice de la Recyclerie" in sent[0].body


def test_anonymous_visitor_is_sent_to_login_and_sees_no_address(page, live_server, seeded_site):
    partner = Organisation.objects.public().first()
    project = ProjectFactory(title="Épicerie solidaire", contact_email="caisse@epicerie.fr")
    ProjectSourceFactory(project=project, organisation=partner)
    page.goto(live_server.url + project.get_absolute_url())
    assert "caisse@epicerie.fr" not in page.content()
    expect(page.get_by_role("link", name="Écrire aux porteurs")).to_have_count(0)
    page.goto(live_server.url + f"/projets/{project.slug}/contacter/")
    expect(page).to_have_url(re.compile(r"/comptes/login/"))
    assert not ContactMessage.objects.exists()
