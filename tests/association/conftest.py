import pytest

from articles.models import Channel


@pytest.fixture
def channel(db):
    return Channel.objects.create(name="资讯", slug="news")
