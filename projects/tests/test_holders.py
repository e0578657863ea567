"""Holders: claim rules, holder edits surviving harvests, contact limits and safeguards."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.tests.fixtures import make_member
from projects.holders.claims import claim_auto_method, claim_decide, project_claim
from projects.holders.conversations import conversation_start
from projects.holders.errors import HolderError
from projects.models import ContactBlock, ContactMessage, Conversation, ProjectClaim
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def deliver_on_commit(monkeypatch):
    """Tests run inside a transaction: deliver e-mails at once instead of on commit."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())


@pytest.fixture
def project(org_a):
    project = ProjectFactory(
        title="Garage solidaire du Bocage",
        website="https://www.garage-bocage.fr/accueil",
        contact_email="contact@garage-bocage.fr",
    )
    ProjectSourceFactory(project=project, organisation=org_a)
    return project


# --- claim rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "method"),
    [
        ("contact@garage-bocage.fr", "contact_email"),
        ("CONTACT@Garage-Bocage.fr", "contact_email"),
        ("marie@garage-bocage.fr", "website_domain"),
        ("marie@lyon.garage-bocage.fr", "website_domain"),
        ("marie@gmail.com", None),
        ("marie@garage-bocage.fr.evil.com", None),
        ("marie@bocage.fr", None),
    ],
)
def test_automatic_confirmation_rules(project, email, method):
    assert claim_auto_method(project, email) == method


def test_shared_hosting_domains_never_confirm(project):
    project.website = "https://garage-bocage.wordpress.com/"
    project.contact_email = ""
    assert claim_auto_method(project, "pirate@wordpress.com") is None


def test_claim_with_matching_verified_email_is_confirmed(project):
    user = make_member("marie", "marie@garage-bocage.fr")
    claim = project_claim(project, user)
    assert claim.status == ProjectClaim.Status.CONFIRMED and claim.method == "website_domain"


def test_unverified_email_cannot_claim(project):
    user = make_member("marie", "marie@garage-bocage.fr", verified=False)
    with pytest.raises(HolderError, match="Confirmez"):
        project_claim(project, user)


def test_other_claims_wait_for_the_listing_partner(
    project, editor_a, editor_b, client, django_capture_on_commit_callbacks, mailoutbox
):
    user = make_member("jean", "jean@gmail.com")
    claim = project_claim(project, user, message="Je suis le trésorier.")
    assert claim.status == ProjectClaim.Status.PENDING
    assert project_claim(project, user) == claim  # idempotent

    client.force_login(editor_b)  # another organisation: does not see it, cannot decide
    assert "jean" not in client.get("/admin/revendications/").text
    response = client.post(f"/admin/revendications/{claim.pk}/confirmer/")
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        claim_decide(claim, editor_b, approve=True)

    client.force_login(editor_a)
    assert "Je suis le trésorier." in client.get("/admin/revendications/").text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/revendications/{claim.pk}/confirmer/")
    claim.refresh_from_db()
    assert claim.status == ProjectClaim.Status.CONFIRMED and claim.decided_by == editor_a
    assert "Garage solidaire du Bocage" in mailoutbox[-1].subject


def test_a_rejected_claim_is_not_reopened(project, editor_a):
    user = make_member("jean", "jean@gmail.com")
    claim = project_claim(project, user)
    claim_decide(claim, editor_a, approve=False, note="Inconnu du partenaire.")
    with pytest.raises(HolderError, match="refusée"):
        project_claim(project, user)


# --- holder edits and harvests ------------------------------------------------------------


def test_holder_edit_survives_two_harvests_of_a_changed_partner_page(org_a, client):
    from projects.services.importer import HarvestedItem, project_upsert_from_record

    url = "https://partenaire-a.exemple.org/projets/garage"

    def harvest(summary, website):
        return project_upsert_from_record(
            HarvestedItem(
                organisation_id=org_a.pk,
                url=url,
                title="Garage solidaire du Bocage",
                summary=summary,
                description_html=f"<p>{summary} Des bénévoles réparent les voitures.</p>",
                website=website,
            ),
            auto_publish=True,
        ).project.__class__.objects.get(sources__url=url)

    project = harvest("Un garage associatif.", "https://garage-bocage.fr")
    assert project.live and project.website == "https://garage-bocage.fr"
    holder = make_member("marie", "marie@garage-bocage.fr")
    client.force_login(holder)
    client.post(reverse("projects:claim", kwargs={"slug": project.slug}))
    response = client.post(
        reverse("projects:holder_edit", kwargs={"slug": project.slug}),
        {
            "description": "Notre garage répare et prête des voitures.\n\nOuvert le samedi.",
            "website": "https://nouveau-garage-bocage.fr",
            "contact_email": "",
            "image_url": "",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.provenance["website"]["origin"] == "holder"

    for summary, website in (
        ("Un garage associatif qui grandit.", "https://garage-bocage.fr/v2"),
        ("Un garage associatif, édition 3.", "https://garage-bocage.fr/v3"),
    ):
        project = harvest(summary, website)
        project.refresh_from_db()
        assert project.website == "https://nouveau-garage-bocage.fr"
        assert "Ouvert le samedi." in project.description
        assert project.summary.startswith(summary)  # untouched fields follow the page


def test_only_holders_edit(project, client):
    client.force_login(make_member("curieux"))
    response = client.get(reverse("projects:holder_edit", kwargs={"slug": project.slug}))
    assert response.status_code == 403


# --- contact ------------------------------------------------------------------------------


@pytest.fixture
def holder(project):
    user = make_member("marie", "marie@garage-bocage.fr")
    project_claim(project, user)
    return user


def _send(client, project, body="Bonjour, j'aimerais échanger sur votre garage."):
    return client.post(reverse("projects:contact", kwargs={"slug": project.slug}), {"body": body})


def test_contact_form_refuses_the_eleventh_message_in_an_hour(project, holder, client, mailoutbox):
    sender = make_member("paul", "paul@exemple.org")
    client.force_login(sender)
    for _ in range(10):
        assert _send(client, project).status_code == 302
    response = _send(client, project)
    assert response.status_code == 429
    assert "10 messages" in response.text
    assert ContactMessage.objects.filter(sender=sender).count() == 10


def test_message_reaches_holders_and_no_address_is_disclosed(project, holder, client, mailoutbox):
    sender = make_member("paul", "paul@exemple.org")
    client.force_login(sender)
    response = _send(client, project)
    conversation = Conversation.objects.get()
    assert response.url == reverse("projects:conversation", kwargs={"pk": conversation.pk})
    mail = mailoutbox[-1]
    # no Reply-To: the holder answers on the site, never learns the writer's address
    assert mail.to == ["marie@garage-bocage.fr"] and mail.reply_to == []
    assert (
        "paul@exemple.org" not in mail.body
        and reverse("projects:conversation", kwargs={"pk": conversation.pk}) in mail.body
    )
    page = client.get(response.url).text
    assert "marie@garage-bocage.fr" not in page and "contact@garage-bocage.fr" not in page
    assert "garage-bocage.fr" not in client.get(project.get_absolute_url()).text.split("site")[0]

    client.force_login(holder)  # the holder sees it, replies, reports
    assert "Garage solidaire" in client.get(reverse("projects:conversations")).text
    client.post(response.url, {"body": "Avec plaisir, passez samedi !"})
    assert mailoutbox[-1].to == ["paul@exemple.org"]
    assert mailoutbox[-1].reply_to == [] and "marie@garage-bocage.fr" not in mailoutbox[-1].body
    first = conversation.messages.first()
    client.post(reverse("projects:message_report", kwargs={"pk": first.pk}), {"reason": "pub"})
    first.refresh_from_db()
    assert first.reported_by == holder and first.report_reason == "pub"


def test_anonymous_visitors_cannot_write_nor_see_addresses(project, holder, client):
    page = client.get(project.get_absolute_url()).text
    assert "@" not in page.replace("@context", "").replace("@type", "").replace("@id", "")
    response = _send(client, project)
    assert response.status_code == 302 and "/comptes/login/" in response.url
    assert not ContactMessage.objects.exists()
    conversation_page = client.get(reverse("projects:conversations"))
    assert conversation_page.status_code == 302


def test_honeypot_and_block_list(project, holder, client):
    sender = make_member("robot", "robot@exemple.org")
    client.force_login(sender)
    response = client.post(
        reverse("projects:contact", kwargs={"slug": project.slug}),
        {"body": "Achetez nos produits miracles !", "website_url": "http://spam.example"},
    )
    assert response.status_code == 302 and not ContactMessage.objects.exists()
    ContactBlock.objects.create(user=sender, reason="Spam")
    response = _send(client, project)
    assert response.status_code == 403 and "ne peut plus envoyer" in response.text
    assert not ContactMessage.objects.exists()


def test_unclaimed_project_contact_email_is_written_once_with_opt_out(project, client, mailoutbox):
    sender = make_member("paul", "paul@exemple.org")
    client.force_login(sender)
    assert _send(client, project).status_code == 302
    mail = mailoutbox[-1]
    assert mail.to == ["contact@garage-bocage.fr"] and "desinscription" in mail.body
    assert _send(client, project).status_code == 403  # once only
    opt_out = mail.body.split("desinscription/")[1].split("/")[0]
    client.post(reverse("projects:contact_opt_out", kwargs={"token": opt_out}))
    other = make_member("luc", "luc@exemple.org")
    with pytest.raises(HolderError, match="ne pas être contactés"):
        conversation_start(project, other, "Bonjour, un autre message pour vous.")


def test_draft_projects_cannot_be_claimed_or_contacted(client):
    draft = ProjectFactory(live=False)
    client.force_login(make_member("paul"))
    assert client.get(reverse("projects:claim", kwargs={"slug": draft.slug})).status_code == 404
    assert _send(client, draft).status_code == 404


def test_a_writer_who_shares_their_address_gets_direct_replies(project, holder, client, mailoutbox):
    client.force_login(make_member("paul", "paul@exemple.org"))
    client.post(
        reverse("projects:contact", kwargs={"slug": project.slug}),
        {"body": "Bonjour, écrivez-moi directement.", "share_email": "on"},
    )
    mail = mailoutbox[-1]
    assert mail.reply_to == ["paul@exemple.org"] and "paul@exemple.org" in mail.body


def test_an_unclaimed_project_answers_through_its_reply_link(project, client, mailoutbox):
    """The contact address answers on the site without an account; neither address shown."""
    sender = make_member("paul", "paul@exemple.org")
    client.force_login(sender)
    _send(client, project)
    mail = mailoutbox[-1]
    assert mail.to == ["contact@garage-bocage.fr"] and mail.reply_to == []
    assert "paul@exemple.org" not in mail.body
    reply_path = "/projets/porteurs/repondre/" + mail.body.split("porteurs/repondre/")[1].split()[0]
    conversation = Conversation.objects.get()
    chat = reverse("projects:conversation", kwargs={"pk": conversation.pk})
    assert "Répondre" not in client.get(chat).text.split("</ol>")[1]  # not before an answer

    client.logout()
    page = client.get(reply_path)
    assert page.status_code == 200 and "échanger sur votre garage" in page.text
    assert "paul@exemple.org" not in page.text
    done = client.post(reply_path, {"body": "Bonjour Paul, passez au garage samedi."})
    assert done.status_code == 200 and "data-replied" in done.text
    answer = ContactMessage.objects.get(from_contact_email=True)
    assert answer.sender is None and answer.conversation == conversation
    notice = mailoutbox[-1]
    assert notice.to == ["paul@exemple.org"] and notice.reply_to == []
    assert "contact@garage-bocage.fr" not in notice.body and "Le contact du projet" in notice.body

    # the member sees it and may now answer; the contact address gets a new reply link
    client.force_login(sender)
    thread = client.get(chat).text
    assert "passez au garage samedi" in thread and "le contact du projet" in thread
    client.post(chat, {"body": "Merci, à samedi alors !"})
    assert mailoutbox[-1].to == ["contact@garage-bocage.fr"]
    assert "porteurs/repondre/" in mailoutbox[-1].body and mailoutbox[-1].reply_to == []


def test_a_forged_or_outdated_reply_link_answers_nothing(project, client, mailoutbox):
    client.force_login(make_member("paul", "paul@exemple.org"))
    _send(client, project)
    token = mailoutbox[-1].body.split("porteurs/repondre/")[1].split("/")[0]
    client.logout()
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(f"/projets/porteurs/repondre/{forged}/").status_code == 404
    project.contact_email = "nouveau@garage-bocage.fr"  # the address changed since
    project.save()
    refused = client.post(f"/projets/porteurs/repondre/{token}/", {"body": "Une réponse tardive."})
    assert refused.status_code == 403 and "plus valable" in refused.text
    assert not ContactMessage.objects.filter(from_contact_email=True).exists()


def test_reply_link_is_rate_limited(project, client, mailoutbox):
    client.force_login(make_member("paul", "paul@exemple.org"))
    _send(client, project)
    path = (
        "/projets/porteurs/repondre/"
        + mailoutbox[-1].body.split("porteurs/repondre/")[1].split()[0]
    )
    client.logout()
    for n in range(5):
        assert client.post(path, {"body": f"Réponse numéro {n} au membre."}).status_code == 200
    assert client.post(path, {"body": "Une réponse de trop."}).status_code == 429
    assert ContactMessage.objects.filter(from_contact_email=True).count() == 5
