"""Reviewers rename and merge tags in Chinese; editors cannot."""

import pytest
from django.urls import reverse
from taggit.models import Tag

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")


@pytest.fixture
def tagged(content):
    article = content["article"]
    article.tags.add("营商", "营商环境优化")
    return article


def test_reviewer_merges_tags_and_articles_keep_the_merged_tag(reviewer, tagged):
    """Merging asks for the name in Chinese, then moves every use to it and deletes the rest."""
    ids = list(Tag.objects.filter(name__startswith="营商").values_list("pk", flat=True))
    data = {"action": "merge_tags", "_selected_action": ids}
    form = reviewer.post(CHANGELIST, data).content.decode()
    assert "合并为标签" in form and "Merge" not in form
    response = reviewer.post(CHANGELIST, {**data, "apply": "1", "name": "营商环境"})
    assert response.status_code == 302
    assert list(tagged.tags.names()) == ["营商环境"]
    assert not Tag.objects.filter(name__in=["营商", "营商环境优化"]).exists()


def test_reviewer_renames_a_tag(reviewer, tagged):
    """A reviewer changes a tag's name on its change page; articles keep it."""
    tag = Tag.objects.get(name="营商")
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    response = reviewer.post(url, {"name": "营商环境建设", "slug": tag.slug})
    assert response.status_code == 302
    assert "营商环境建设" in tagged.tags.names()


def test_editor_cannot_merge_tags(editor, tagged):
    """Without the tag change and delete permissions the merge does nothing."""
    ids = list(Tag.objects.values_list("pk", flat=True))
    editor.post(
        CHANGELIST,
        {"action": "merge_tags", "_selected_action": ids, "apply": "1", "name": "合并"},
    )
    assert Tag.objects.count() == len(ids)
    assert not Tag.objects.filter(name="合并").exists()
