"""Words of the lists in live content: a new block word lists the live articles that
contain it at once, with the checker's own normalisation."""

import pytest
from django.urls import reverse

from editorial import wordcheck
from editorial.models import CommonMistake, SensitiveWord
from health import words
from health.models import WordFinding
from submissions.models import Message
from tests import factories
from tests.soup import parse

pytestmark = pytest.mark.django_db


def found_titles(level=None):
    rows = WordFinding.objects.all()
    if level:
        rows = rows.filter(level=level)
    return set(rows.values_list("title", flat=True))


def test_adding_a_block_word_lists_the_live_articles_containing_it(
    channel, django_capture_on_commit_callbacks
):
    """Full-width letters and a zero-width space inside the word do not hide it; drafts
    and articles without it are not listed."""
    factories.make_article(channel, title="全角", body="<p>这里写着违规ＡＢＣ的内容。</p>")
    factories.make_article(channel, title="零宽空格", body="<p>违\u200b规abc出现在这里。</p>")
    factories.make_article(channel, title="草稿", status="draft", body="<p>违规ABC</p>")
    factories.make_article(channel, title="无关", body="<p>违规行为</p>")
    with django_capture_on_commit_callbacks(execute=True):
        SensitiveWord.objects.create(word="违规ABC", level="block")
    assert found_titles("block") == {"全角", "零宽空格"}
    # A full run finds what the checker that guards publishing finds.
    factories.make_article(channel, title="后来发布", body="<p>违规ＡＢＣ</p>")
    assert wordcheck.has_block(wordcheck.check({"body": "违规ＡＢＣ"}))
    words.scan()
    assert found_titles("block") == {"全角", "零宽空格", "后来发布"}


def test_changing_and_deleting_an_entry_follows_at_once(
    channel, django_capture_on_commit_callbacks
):
    """A warn word made a block word moves level; deleted, its findings go."""
    factories.make_article(channel, title="园区文章", body="<p>某某敏感词在此。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        entry = SensitiveWord.objects.create(word="某某敏感词", level="warn")
    assert found_titles("warn") == {"园区文章"}
    with django_capture_on_commit_callbacks(execute=True):
        entry.level = "block"
        entry.save()
    assert found_titles("warn") == set() and found_titles("block") == {"园区文章"}
    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert WordFinding.objects.count() == 0


def test_typos_in_pages_and_answered_messages_are_found(
    channel, message, django_capture_on_commit_callbacks
):
    """A listed typo in an association page and in a published answer is found; an
    unpublished message is not live content."""
    from association.models import Page

    Page.objects.create(title="协会简介", slug="about", body="<p>我们再接再励。</p>")
    message(1, subject="公开的留言", reply="请再接再励。", state="approved", agree_to_publish=True)
    message(1, subject="未公开的留言", reply="再接再励", state="pending")
    with django_capture_on_commit_callbacks(execute=True):
        CommonMistake.objects.create(wrong="再接再励", right="再接再厉")
    assert found_titles("typo") == {"协会简介", "公开的留言"}
    assert Message.objects.count() == 2


def test_an_import_is_noticed_and_the_page_computes_again(channel, reviewer):
    """Bulk imports send no signals: the page sees the lists changed and looks again."""
    factories.make_article(channel, title="导入后发现", body="<p>批量导入的词</p>")
    words.scan()
    assert not words.is_stale()
    wordcheck.import_words({wordcheck.normalize_term("批量导入的词"): ("批量导入的词", "warn")})
    assert words.is_stale()
    page = reviewer.get(reverse("admin:health_healthrun_changelist"))
    assert "导入后发现" in parse(page).select_one("#check-words").get_text()
    assert not words.is_stale()


def test_a_finding_opens_the_text_with_the_word_marked(
    channel, reviewer, django_capture_on_commit_callbacks
):
    """From an entry the editor opens the article's text with the word highlighted."""
    article = factories.make_article(channel, title="标记", body="<p>前文违禁词后文。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        SensitiveWord.objects.create(word="违禁词", level="block")
    finding = WordFinding.objects.get()
    page = parse(reviewer.get(reverse("admin:health_healthrun_word", args=[finding.pk])))
    assert [mark.get_text() for mark in page.select("mark.current")] == ["违禁词"]
    edit = reverse("admin:articles_article_change", args=[article.pk])
    assert page.select_one(f'a[href="{edit}"]') is not None


def test_the_quick_test_for_one_entry_never_misses_what_the_checker_finds():
    """Looking for one new entry skips only texts the checker could not match: a Chinese
    word split by a tag or a zero-width space, full-width letters and ß for ss pass; the
    characters apart or missing do not."""
    chinese = words.may_contain("数字经济")
    assert chinese("发展数字经济") and chinese("数字<b>经济</b>") and chinese("数\u200b字经济")
    assert not chinese("数字化经济") and not chinese("经济数字")
    latin = words.may_contain(wordcheck.normalize_term("Strasse"))
    assert latin("Straße") and latin("ＳＴＲＡＳＳＥ") and not latin("Strand")
    for text in ("发展数字经济", "数字<b>经济</b>", "数\u200b字经济"):
        plain = wordcheck.plain_text(text)
        entries = [("数字经济", "数字经济", "block", "")]
        assert wordcheck.Matcher(entries).find(plain)[1], text
