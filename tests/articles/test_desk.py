"""我的工作台 on the admin home: what waits for an editor (编辑) and a reviewer (审核), with
its counts in the admin's navigation, at a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from editorial.models import Revision

from .test_workflow import change_url, edit, member, review_url

pytestmark = pytest.mark.django_db

Status = Article.Status
HOME = reverse("admin:index")


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "编辑", "editor", "editor@example.cn")


@pytest.fixture
def reviewer(django_user_model):
    return member(django_user_model, "审核", "reviewer", "reviewer@example.cn")


def desk_section(page, key):
    """The HTML of one section of the desk (`desk-<key>`), or None when it is not shown."""
    found = re.search(
        rf'<div class="module desk-section desk-{key}">(.*?)</table>', page, flags=re.S
    )
    return found.group(1) if found else None


def titles_in(section):
    return re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', section)


def home(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def draft_by(user, make_article, **fields):
    fields.setdefault("status", Status.DRAFT)
    return make_article(created_by=user, updated_by=user, **fields)


def submit(client, article):
    """The editor chooses 待审核 in the form and saves."""
    assert edit(client, article, status=Status.PENDING).status_code == 302


def send_back(client, article, reason):
    response = client.post(review_url(article), {"_reject": "1", "reason": reason})
    assert response.status_code == 302


def test_editor_desk_lists_my_drafts_what_was_sent_back_with_why_and_what_waits(
    editor, reviewer, make_article
):
    """编辑 sees their drafts, the article sent back with the reviewer's reason, and what
    they submitted; each opens the change form. Someone else's draft is not there."""
    mine = draft_by(editor.user, make_article, title="我的草稿")
    draft_by(reviewer.user, make_article, title="别人的草稿")
    waiting = draft_by(editor.user, make_article, title="已提交的稿件")
    submit(editor, waiting)
    returned = draft_by(editor.user, make_article, title="被退回的稿件")
    submit(editor, returned)
    send_back(reviewer, returned, "标题需要更准确")
    live = make_article(title="已发布的文章", created_by=reviewer.user)
    edit(editor, live, title="已发布的文章（修改）")  # changes to a live article: for review
    refused = make_article(title="另一篇已发布的", created_by=reviewer.user)
    edit(editor, refused, title="另一篇已发布的（修改）")
    send_back(reviewer, refused, "修改没有必要")

    page = home(editor)
    assert "我的工作台" in page
    assert titles_in(desk_section(page, "drafts")) == ["我的草稿"]
    sent_back = desk_section(page, "sent_back")
    assert titles_in(sent_back) == ["另一篇已发布的", "被退回的稿件"]
    assert "标题需要更准确" in sent_back and "修改没有必要" in sent_back
    assert titles_in(desk_section(page, "mine_in_review")) == ["已提交的稿件", "已发布的文章"]
    for article in (mine, returned, waiting, live, refused):
        assert f'href="{change_url(article)}"' in page
    assert desk_section(page, "review") is None  # reviewing is not an editor's work
    assert "别人的草稿" not in page
    assert desk_section(home(reviewer), "sent_back") is not None  # theirs is empty
    assert titles_in(desk_section(home(reviewer), "sent_back")) == []


def test_reviewer_desk_lists_what_waits_oldest_first_with_its_age_linked_to_review(
    editor, reviewer, make_article
):
    """审核 sees every submitted article and every change to a live one, oldest first,
    with how long it has waited; each opens the review page, not the change form."""
    older = draft_by(editor.user, make_article, title="先提交的")
    submit(editor, older)
    Revision.objects.filter(object_id=older.pk, kind=Revision.Kind.SUBMITTED).update(
        created_at=timezone.now() - timedelta(days=3, hours=2)
    )
    live = make_article(title="线上文章")
    edit(editor, live, title="线上文章（修改）")
    Revision.objects.filter(object_id=live.pk, kind=Revision.Kind.CHANGES).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    newest = draft_by(editor.user, make_article, title="刚提交的")
    submit(editor, newest)
    draft_by(editor.user, make_article, title="未提交的草稿")

    page = home(reviewer)
    section = desk_section(page, "review")
    assert titles_in(section) == ["先提交的", "线上文章", "刚提交的"]
    assert "已等待 3\xa0日，2\xa0小时" in section  # its age, in words
    for article in (older, live, newest):
        assert f'href="{review_url(article)}"' in section
        assert f'href="{change_url(article)}"' not in section
    assert "未提交的草稿" not in page


def test_everyone_sees_publications_and_take_downs_of_the_next_seven_days(
    editor, reviewer, make_article
):
    """Scheduled publications and take-downs within 7 days are on every desk, soonest
    first; later ones and past ones are not."""
    now = timezone.now()
    make_article(title="明天发布", publish_at=now + timedelta(days=1))
    make_article(title="三天后发布", publish_at=now + timedelta(days=3))
    make_article(title="十天后发布", publish_at=now + timedelta(days=10))
    make_article(title="草稿不算", status=Status.DRAFT, publish_at=now + timedelta(days=2))
    make_article(title="后天下线", offline_at=now + timedelta(days=2))
    make_article(title="已经下线", offline_at=now - timedelta(hours=1))
    for client in (editor, reviewer):
        page = home(client)
        assert titles_in(desk_section(page, "publications")) == ["明天发布", "三天后发布"]
        assert titles_in(desk_section(page, "takedowns")) == ["后天下线"]


def test_counts_show_in_the_admin_navigation(editor, reviewer, make_article):
    """The 文章 row of the admin's navigation carries what waits: for a reviewer the
    articles waiting for review, for the editor what was sent back to them."""
    for number in range(3):
        submit(editor, draft_by(editor.user, make_article, title=f"待审{number}"))
    returned = draft_by(editor.user, make_article, title="退回")
    submit(editor, returned)
    send_back(reviewer, returned, "请补充来源")

    badge = re.compile(r'<span class="desk-badge" title="([^"]+)">.*?(\d+)</span>', re.S)
    # Any admin page with the navigation sidebar, and the home page's list of models.
    for url in (reverse("admin:articles_topic_changelist"), HOME):
        assert badge.findall(reviewer.get(url).content.decode()) == [("待审核", "3")]
        assert badge.findall(editor.get(url).content.decode()) == [("退回给我的", "1")]


def test_desk_costs_the_same_queries_with_more_waiting_work(editor, reviewer, make_article):
    """Adding articles to every section adds no query to the admin home, for 编辑 and 审核
    (one query per section shown plus one for all counts)."""

    def fill(number):
        now = timezone.now()
        for n in range(number):
            draft_by(editor.user, make_article, title=f"草稿{number}-{n}")
            pending = draft_by(editor.user, make_article, title=f"待审{number}-{n}")
            services.apply_transition(pending, "submit", editor.user)
            back = draft_by(editor.user, make_article, title=f"退回{number}-{n}")
            back = services.apply_transition(back, "submit", editor.user)
            services.apply_transition(back, "reject", reviewer.user, reason="再改改")
            make_article(title=f"定时{number}-{n}", publish_at=now + timedelta(days=2))
            make_article(title=f"下线{number}-{n}", offline_at=now + timedelta(days=2))

    def queries(client):
        home(client)  # warm the content types and the session
        with CaptureQueriesContext(connection) as captured:
            home(client)
        return len(captured)

    fill(1)
    few = {"editor": queries(editor), "reviewer": queries(reviewer)}
    fill(12)
    many = {"editor": queries(editor), "reviewer": queries(reviewer)}
    assert many == few
    print("admin home queries:", few)


def test_desk_is_not_shown_to_staff_without_article_rights(django_user_model, client):
    """Someone who may not see articles gets no desk (and no error)."""
    user = django_user_model.objects.create_user("plain", password="pw", is_staff=True)
    client.force_login(user)
    page = home(client)
    assert "我的工作台" not in page
