import pytest

from articles.models import Channel


@pytest.fixture
def article_urls(settings):
    """Let templates reverse articles:detail, which only the articles branch defines."""
    settings.ROOT_URLCONF = "tests.association.urls"


@pytest.fixture
def channel(db):
    return Channel.objects.create(name="资讯", slug="news")
