import pytest

from tests.articles.conftest import channels, make_article, topic  # noqa: F401 (fixtures)


@pytest.fixture
def page_cache(settings):
    """The site's page cache on, as in production (tests run with it off by default)."""
    settings.PAGE_CACHE_SECONDS = 600
    return settings
