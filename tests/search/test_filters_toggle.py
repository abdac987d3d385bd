import pytest

from tests.soup import select

pytestmark = pytest.mark.django_db


def test_filters_are_folded_until_a_reader_uses_them(client):
    """On a phone the results come first; the filters open when one is set or wrong."""

    def is_open(params):
        toggles = select(client.get("/search/", params), "details.search-filters-toggle")
        assert len(toggles) == 1
        return toggles[0].has_attr("open")

    assert not is_open({"q": "开发区"})
    assert is_open({"q": "开发区", "start": "2026-01-01"})
    assert is_open({"q": "开发区", "end": "not-a-date"})
