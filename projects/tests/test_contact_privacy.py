"""Addresses removed from public text (issue 17, item 3): every form goes, prose stays."""

import pytest

from projects.consolidation.normalize import (
    description_without_emails,
    extract_emails,
    remove_emails,
)


@pytest.mark.parametrize(
    "html",
    [
        '<p>Contact : <a href="mailto:lea@jardin-rennes.fr">lea@jardin-rennes.fr</a></p>',
        '<p>Contact : <a href="mailto:lea@jardin-rennes.fr">Écrivez-nous</a></p>',
        "<p>Courriel : lea [at] jardin-rennes [point] fr</p>",
        "<p>Courriel : lea(at)jardin-rennes.fr</p>",
        "<p>Courriel : lea @ jardin-rennes . fr</p>",
        "<p>Courriel : lea arobase jardin-rennes point fr</p>",
        "<p>Courriel : lea&#64;jardin-rennes.fr</p>",
        "<p>Courriel : nom [at] domaine [point] fr</p>",
        '<p><a href="https://jardin-rennes.fr/ecrire?to=lea@jardin-rennes.fr">Formulaire</a></p>',
    ],
)
def test_every_form_of_address_leaves_the_description(html):
    cleaned = description_without_emails("<p>Un jardin partagé.</p>" + html)
    assert "Un jardin partagé." in cleaned
    assert "mailto" not in cleaned
    assert "lea" not in cleaned.replace("Formulaire", "") and "nom [at]" not in cleaned
    assert extract_emails(cleaned) == []


def test_a_label_left_alone_goes_and_other_text_stays():
    html = (
        "<p>Le point de vue des habitants : 3 . 5 tonnes récoltées, rendez-vous at home.</p>"
        '<p>Contact : <a href="mailto:lea@jardin-rennes.fr">lea@jardin-rennes.fr</a></p>'
        '<p><a href="https://jardin-rennes.fr/">Site du jardin</a> &amp; A &lt; B</p>'
    )
    cleaned = description_without_emails(html)
    assert "Contact" not in cleaned
    assert "Le point de vue des habitants : 3 . 5 tonnes récoltées, rendez-vous at home." in cleaned
    assert '<a href="https://jardin-rennes.fr/">Site du jardin</a> &amp; A &lt; B' in cleaned


def test_remove_emails_in_plain_text():
    text = "Écrire à lea.martin@jardin.fr, ou paul [at] jardin [point] fr. Merci."
    assert remove_emails(text) == "Écrire à, ou. Merci."
    assert remove_emails("Un texte sans adresse, at all.") == "Un texte sans adresse, at all."
