"""Fixtures shared by harvesting tests: partner sites on loopback and a client allowed to reach
them. Generic on purpose, so integration tests can reuse them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from harvesting.client import SafeClient
from harvesting.tests.sites import PartnerSite

LOOPBACK = ["127.0.0.0/8"]
TEST_USER_AGENT = "CarrefourBot/0.1 (+https://carrefour.test/a-propos/)"


@pytest.fixture
def partner_site() -> Iterator[PartnerSite]:
    """A started partner site (empty routes, robots.txt answers 404 = allow all)."""
    with PartnerSite() as site:
        yield site


@pytest.fixture
def make_partner_site() -> Iterator[Callable[[], PartnerSite]]:
    """Factory for extra partner sites (several hosts in one test)."""
    sites: list[PartnerSite] = []

    def factory() -> PartnerSite:
        site = PartnerSite().start()
        sites.append(site)
        return site

    yield factory
    for site in sites:
        site.stop()


@pytest.fixture
def make_client() -> Callable[..., SafeClient]:
    """Build a SafeClient allowed to reach loopback, fast by default (``min_delay=0``)."""

    def factory(**kwargs) -> SafeClient:
        kwargs.setdefault("allowed_networks", LOOPBACK)
        kwargs.setdefault("user_agent", TEST_USER_AGENT)
        kwargs.setdefault("min_delay", 0.0)
        kwargs.setdefault("total_timeout", 5.0)
        return SafeClient(**kwargs)

    return factory


@pytest.fixture
def client(make_client) -> SafeClient:
    return make_client()
