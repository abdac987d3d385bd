import pytest

pytestmark = pytest.mark.django_db


def test_filters_are_folded_until_a_reader_uses_them(client):
    """On a phone the results come first; the filters open when one is set or wrong."""
    plain = client.get("/search/", {"q": "开发区"}).content.decode()
    assert '<details class="search-filters-toggle">' in plain
    filtered = client.get("/search/", {"q": "开发区", "start": "2026-01-01"}).content.decode()
    assert '<details class="search-filters-toggle" open>' in filtered
    invalid = client.get("/search/", {"q": "开发区", "end": "not-a-date"}).content.decode()
    assert '<details class="search-filters-toggle" open>' in invalid
