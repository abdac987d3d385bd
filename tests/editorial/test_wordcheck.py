"""Sensitive words and common mistakes: matching, the cached automaton, the admin lists."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial import wordcheck
from editorial.models import AuditEntry, CommonMistake, SensitiveWord
from portal import generation

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(db):
    SensitiveWord.objects.create(word="违禁词", level="block")
    SensitiveWord.objects.create(word="ＶＰＮ翻墙", level="warn")
    SensitiveWord.objects.create(word="cat", level="warn")
    CommonMistake.objects.create(wrong="再接再励", right="再接再厉")


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def found(hits):
    return [(h.field, h.word, h.level, h.match) for h in hits]


# --- matching ----------------------------------------------------------------------


@pytest.mark.usefixtures("lists")
def test_finds_a_word_inside_unspaced_chinese_with_its_context():
    """A word in the middle of Chinese text without spaces is found, with the text around it."""
    hits = wordcheck.check({"body": "据报道，近日某园区在对外宣传材料中使用了违禁词汇，引发关注。"})
    assert found(hits) == [("body", "违禁词", "block", "违禁词")]
    hit = hits[0]
    assert hit.context == "…日某园区在对外宣传材料中使用了违禁词汇，引发关注。"
    assert hit.before + hit.match + hit.after == hit.context
    assert hit.suggestion == ""


@pytest.mark.usefixtures("lists")
def test_full_width_half_width_and_case_do_not_hide_a_word():
    """ＶＰＮ, vpn and Vpn are the same word; so are full-width and half-width digits."""
    hits = wordcheck.check({"a": "使用vpn翻墙", "b": "使用Ｖｐｎ翻墙", "c": "使用VPN翻墙"})
    assert [(h.field, h.match) for h in hits] == [
        ("a", "vpn翻墙"),
        ("b", "Ｖｐｎ翻墙"),
        ("c", "VPN翻墙"),
    ]
    SensitiveWord.objects.create(word="2026号文", level="block")
    assert found(wordcheck.check({"t": "见２０２６号文件"})) == [
        ("t", "2026号文", "block", "２０２６号文")
    ]


@pytest.mark.usefixtures("lists")
def test_invisible_characters_inside_a_word_do_not_hide_it():
    """A zero-width space or soft hyphen pasted inside a word does not hide it."""
    (hit,) = wordcheck.check({"t": "这是违\u200b禁\u00ad词。"})
    assert hit.word == "违禁词"
    assert hit.match == "违\u200b禁\u00ad词"


@pytest.mark.usefixtures("lists")
def test_latin_words_match_whole_words_only():
    """ "cat" is not found inside "concatenate" but is found next to Chinese characters."""
    assert wordcheck.check({"t": "concatenate the CATS"}) == []
    assert found(wordcheck.check({"t": "一只Cat。"})) == [("t", "cat", "warn", "Cat")]


@pytest.mark.usefixtures("lists")
def test_typo_hit_carries_the_right_form():
    """A common mistake is reported as a typo with the suggested correction."""
    (hit,) = wordcheck.check({"title": "全体干部再接再励"})
    assert (hit.level, hit.word, hit.suggestion) == ("typo", "再接再励", "再接再厉")
    assert not wordcheck.has_block([hit])


@pytest.mark.usefixtures("lists")
def test_block_hits_come_first_and_decide_has_block():
    """Hits are ordered block, warn, typo; has_block is true only with a block hit."""
    hits = wordcheck.check({"title": "再接再励", "body": "cat 与违禁词"})
    assert [h.level for h in hits] == ["block", "warn", "typo"]
    assert wordcheck.has_block(hits)
    assert not wordcheck.has_block([h for h in hits if h.level != "block"])


@pytest.mark.usefixtures("db")
def test_overlapping_entries_are_all_reported():
    """A word inside a longer word: both are reported (the longer one may be the block)."""
    SensitiveWord.objects.create(word="开发区", level="warn")
    SensitiveWord.objects.create(word="国家级开发区名单", level="block")
    hits = wordcheck.check({"t": "国家级开发区名单公布"})
    assert sorted(h.word for h in hits) == ["国家级开发区名单", "开发区"]


@pytest.mark.usefixtures("db")
def test_context_follows_the_original_text_after_expanding_normalisation():
    """Characters that normalise to several (㈱ → (株)) do not shift the reported match."""
    SensitiveWord.objects.create(word="违禁", level="block")
    (hit,) = wordcheck.check({"t": "㈱㈱公司违禁品"})
    assert hit.match == "违禁"
    assert "㈱㈱公司违禁品"[hit.start : hit.end] == "违禁"


@pytest.mark.usefixtures("lists")
def test_rich_text_is_checked_as_plain_text():
    """Tags never hide a word, and paragraphs do not join into one."""
    body = "<p>违<strong>禁</strong>词</p><p>再接</p><p>再励</p>"
    hits = wordcheck.check({"body": wordcheck.plain_text(body)})
    assert found(hits) == [("body", "违禁词", "block", "违禁词")]


@pytest.mark.usefixtures("db")
def test_empty_lists_and_empty_text_find_nothing():
    """No lists, or no text, is no hit (and no error)."""
    assert wordcheck.check({"t": "违禁词"}) == []
    SensitiveWord.objects.create(word="违禁词")
    assert wordcheck.check({"t": "", "u": None}) == []


@pytest.mark.usefixtures("lists")
def test_a_frequent_word_is_reported_a_bounded_number_of_times():
    """A word repeated 100 times is listed at most MAX_PER_ENTRY times."""
    hits = wordcheck.check({"t": "违禁词。" * 100})
    assert len(hits) == wordcheck.MAX_PER_ENTRY


@pytest.mark.usefixtures("db")
def test_a_block_word_after_hundreds_of_typos_is_still_reported():
    """The hit list is bounded, but block hits come first, so nothing hides a block word."""
    CommonMistake.objects.bulk_create(
        [
            CommonMistake(wrong=f"错{i:03d}", right=f"对{i:03d}", normalized=f"错{i:03d}")
            for i in range(300)
        ]
    )
    SensitiveWord.objects.create(word="违禁词")
    wordcheck.lists_changed()
    text = "".join(f"错{i:03d}，" for i in range(300)) + "末尾的违禁词"
    hits = wordcheck.check({"body": text})
    assert len(hits) == wordcheck.MAX_HITS
    assert hits[0].word == "违禁词"
    assert wordcheck.has_block(hits)


# --- the cached automaton ----------------------------------------------------------------


@pytest.mark.usefixtures("lists")
def test_checking_again_costs_no_query_until_a_list_changes():
    """The automaton is built once per list change, not once per check: a request's checks
    cost one read of the shared generation, whatever their number."""
    wordcheck.check({"t": "x"})
    with CaptureQueriesContext(connection) as queries, generation.request_scope():
        for _ in range(5):
            wordcheck.check({"t": "违禁词"})
    assert [q["sql"] for q in queries] == [generation.READ_SQL]
    SensitiveWord.objects.create(word="新词")
    assert found(wordcheck.check({"t": "一个新词"})) == [("t", "新词", "block", "新词")]
    SensitiveWord.objects.filter(word="新词").get().delete()
    assert wordcheck.check({"t": "一个新词"}) == []


@pytest.mark.usefixtures("lists")
def test_another_processs_change_is_seen_through_the_shared_version():
    """A list saved by another process moves the shared generation on: this one rebuilds."""
    assert wordcheck.check({"t": "新词"}) == []
    # Another process writes the list (no signal here) and bumps the shared version.
    SensitiveWord.objects.bulk_create([SensitiveWord(word="新词", normalized="新词")])
    assert wordcheck.check({"t": "新词"}) == []  # still the cached automaton
    generation.bump()  # what the other process's save did
    assert found(wordcheck.check({"t": "新词"})) == [("t", "新词", "block", "新词")]


@pytest.mark.usefixtures("lists")
def test_an_emptied_cache_starts_a_new_generation():
    """Losing the cache (restart, eviction) loses no change: the generation lives in the
    database, and a list saved after that is seen at once."""
    wordcheck.check({"t": "x"})
    cache.clear()
    SensitiveWord.objects.create(word="新词")
    assert found(wordcheck.check({"t": "新词"})) == [("t", "新词", "block", "新词")]


@pytest.mark.usefixtures("lists")
def test_an_unreachable_cache_makes_checks_read_the_lists_not_fail(monkeypatch):
    """With the generation unreadable (Redis down), every check reads the lists from the
    database: never stale."""
    wordcheck.check({"t": "x"})
    monkeypatch.setattr(generation, "read", lambda: None)
    SensitiveWord.objects.bulk_create([SensitiveWord(word="新词", normalized="新词")])
    assert found(wordcheck.check({"t": "新词"})) == [("t", "新词", "block", "新词")]


# --- rendering --------------------------------------------------------------------------


@pytest.mark.usefixtures("lists")
def test_rendered_hits_mark_the_word_show_the_suggestion_and_escape_the_text():
    """The include shows each hit with its context, the word marked, and the right form."""
    hits = wordcheck.check({"title": "<b>再接再励</b>", "body": "<script>违禁词"})
    html = wordcheck.render_hits(hits, labels={"title": "标题", "body": "正文"})
    assert "<mark>再接再励</mark>" in html
    assert "再接再厉" in html
    assert "标题" in html and "正文" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "敏感词（禁止发布）" in html and "疑似错别字" in html
    assert wordcheck.render_hits([]).strip() == ""


@pytest.mark.usefixtures("lists")
def test_summary_names_each_entry_once_for_the_audit_detail():
    """The one-line summary lists every distinct entry hit, by level, for the audit log."""
    hits = wordcheck.check({"title": "cat cat", "body": "再接再励，再接再励"})
    assert wordcheck.summary(hits) == "敏感词（须确认）：cat；疑似错别字：再接再励→再接再厉"


# --- the admin lists ---------------------------------------------------------------------


@pytest.mark.usefixtures("lists")
def test_a_word_equal_after_normalisation_is_refused_in_chinese(admin_client):
    """ＣＡＴ is the same entry as cat: the form says so instead of storing a duplicate."""
    response = admin_client.post(
        reverse("admin:editorial_sensitiveword_add"), {"word": "ＣＡＴ", "level": "block"}
    )
    assert response.status_code == 200
    assert "已在列表中" in response.content.decode()
    assert SensitiveWord.objects.count() == 3


@pytest.mark.usefixtures("lists")
def test_saving_a_word_in_the_admin_takes_effect_at_once_and_is_audited(admin_client):
    """A word added in the admin is matched on the next check; the change is in the log."""
    wordcheck.check({"t": "x"})
    response = admin_client.post(
        reverse("admin:editorial_sensitiveword_add"), {"word": "新敏感词", "level": "warn"}
    )
    assert response.status_code == 302
    assert found(wordcheck.check({"t": "一个新敏感词"})) == [("t", "新敏感词", "warn", "新敏感词")]
    assert AuditEntry.objects.filter(action="created", object_repr="新敏感词").exists()


def upload(text, encoding="utf-8"):
    return SimpleUploadedFile("list.txt", text.encode(encoding), "text/plain")


@pytest.mark.usefixtures("lists")
def test_import_words_from_a_text_file_with_levels(admin_client):
    """One word a line; a line may carry its level; known words get the new level."""
    url = reverse("admin:editorial_sensitiveword_import")
    assert (
        admin_client.get(reverse("admin:editorial_sensitiveword_changelist"))
        .content.decode()
        .count(url)
    )
    text = "# 导入\n甲词\n乙词\twarn\n丙词，警告\n\ncat\tblock\n"
    response = admin_client.post(url, {"file": upload(text), "level": "block"})
    assert response.status_code == 302
    levels = dict(SensitiveWord.objects.values_list("word", "level"))
    assert levels == {
        "违禁词": "block",
        "ＶＰＮ翻墙": "warn",
        "cat": "block",
        "甲词": "block",
        "乙词": "warn",
        "丙词": "warn",
    }
    assert found(wordcheck.check({"t": "乙词"})) == [("t", "乙词", "warn", "乙词")]
    assert AuditEntry.objects.filter(detail="敏感词：从文件导入：新增 3 条，更新 1 条。").exists()


@pytest.mark.usefixtures("db")
def test_import_reads_gbk_files(admin_client):
    """A list saved by a Chinese Windows editor (GBK) is read correctly."""
    response = admin_client.post(
        reverse("admin:editorial_sensitiveword_import"),
        {"file": upload("中文词表\n", "gbk"), "level": "warn"},
    )
    assert response.status_code == 302
    assert SensitiveWord.objects.get().word == "中文词表"


@pytest.mark.usefixtures("lists")
def test_import_mistakes_with_arrows_or_tabs(admin_client):
    """Mistakes import as wrong→right, wrong->right or wrong<TAB>right."""
    text = "按装→安装\n帐号->账号\n其它\t其他\n再接再励→再接再厉!\n"
    response = admin_client.post(
        reverse("admin:editorial_commonmistake_import"), {"file": upload(text)}
    )
    assert response.status_code == 302
    pairs = dict(CommonMistake.objects.values_list("wrong", "right"))
    assert pairs == {"按装": "安装", "帐号": "账号", "其它": "其他", "再接再励": "再接再厉!"}
    (hit,) = wordcheck.check({"t": "软件按装"})
    assert hit.suggestion == "安装"


@pytest.mark.usefixtures("db")
def test_an_import_with_a_bad_line_imports_nothing_and_names_the_line(admin_client):
    """All or nothing: a bad line is reported by number and no entry is stored."""
    response = admin_client.post(
        reverse("admin:editorial_commonmistake_import"), {"file": upload("按装→安装\n只有一个词\n")}
    )
    assert response.status_code == 200
    assert "第 2 行" in response.content.decode()
    assert not CommonMistake.objects.exists()


@pytest.mark.usefixtures("db")
def test_a_binary_file_is_refused_with_a_message(admin_client):
    """A file that is not text gets a clear error, not a 500."""
    response = admin_client.post(
        reverse("admin:editorial_sensitiveword_import"),
        {
            "file": SimpleUploadedFile("x.txt", b"\xff\xfe\x00\x81\x30", "text/plain"),
            "level": "block",
        },
    )
    assert response.status_code == 200
    assert "GB18030" in response.content.decode()


def test_staff_without_the_list_permissions_cannot_see_or_import(client, django_user_model):
    """Only chief editors (superusers or granted the permissions) manage the lists."""
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(editor)
    assert client.get(reverse("admin:editorial_sensitiveword_changelist")).status_code == 403
    assert client.get(reverse("admin:editorial_sensitiveword_import")).status_code == 403
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_sensitiveword", "change_sensitiveword"])
    )
    assert client.get(reverse("admin:editorial_sensitiveword_import")).status_code == 403


def _redis_url():
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return None
    return url


@pytest.mark.usefixtures("lists")
def test_a_save_on_one_server_reaches_another_through_redis():
    """With Redis (production), a list saved on server B makes server A rebuild too."""
    import uuid

    from django.test import override_settings

    url = _redis_url()
    if url is None:
        pytest.skip("no Redis server at TEST_REDIS_URL")
    redis_caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"wordcheck-test-{uuid.uuid4().hex}",  # unique to this run
        }
    }
    with override_settings(CACHES=redis_caches):
        try:
            assert wordcheck.check({"t": "新词"}) == []
            server_a = dict(wordcheck._state)  # server A's built automaton
            wordcheck._state.update(version=None, matcher=None)  # server B, fresh
            SensitiveWord.objects.create(word="新词")  # saved on B: bumps the version
            assert found(wordcheck.check({"t": "新词"})) == [("t", "新词", "block", "新词")]
            wordcheck._state.update(server_a)  # back on A, with its old automaton
            assert found(wordcheck.check({"t": "新词"})) == [("t", "新词", "block", "新词")]
        finally:
            cache.clear()


@pytest.mark.usefixtures("db")
def test_demo_loads_a_starting_list_of_common_mistakes():
    """`make run` shows the check working: frequent mistakes of official writing are listed."""
    from io import StringIO

    from editorial import demo

    demo.load(StringIO())
    demo.load(StringIO())  # idempotent
    assert CommonMistake.objects.count() == 30
    (hit,) = wordcheck.check({"body": "截止目前，园区已签约项目十二个。"})
    assert (hit.match, hit.suggestion) == ("截止目前", "截至目前")
