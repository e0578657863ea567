"""``make relevance`` runs end to end on a small catalogue: seeded, indexed by Wagtail, every
judged query through the three searches, and the figures printed side by side."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from demo.relevance import QUERIES


@pytest.mark.django_db(transaction=True)
def test_search_relevance_prints_the_three_searches(reference_data):
    out = StringIO()
    call_command("search_relevance", "--count", "40", stdout=out)
    text = out.getvalue()
    assert f"{len(QUERIES)} requêtes jugées" in text
    assert "Catalogue : 40 projets publiés" in text
    ndcg = re.findall(r"NDCG@10[^\n]*", text)
    assert ndcg, text
