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
from articles.models import Article, Channel
from editorial.models import Revision
from tests.factories import member

from .test_workflow import change_url, edit, review_url

pytestmark = pytest.mark.django_db

Status = Article.Status
HOME = reverse("admin:index")


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
            services.save(services.plan(editor.user, pending, transition="submit"))
            back = draft_by(editor.user, make_article, title=f"退回{number}-{n}")
            back = services.save(services.plan(editor.user, back, transition="submit"))
            services.save(services.plan(reviewer.user, back, transition="reject", reason="再改改"))
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


# --- Review stages (初审 / 复审 / 终审) ---------------------------------------------------------


@pytest.fixture
def stage_reviewers(django_user_model):
    people = {
        name: member(django_user_model, group, name, f"{name}@example.cn")
        for name, group in (("first", "初审"), ("second", "复审"), ("final", "终审"))
    }
    both = member(django_user_model, "初审", "both", "both@example.cn")
    both.user.groups.add(*people["second"].user.groups.all())
    people["both"] = both  # holds 初审 and 复审
    return people


def submitted_by(user, make_article, channel, title):
    article = draft_by(user, make_article, title=title, channel=channel)
    return services.save(services.plan(user, article, transition="submit"))


def approve_stage(client, article):
    response = client.post(review_url(article), {"_publish": "1", "reason": ""})
    assert response.status_code == 302


def caption(section):
    return re.search(r"<caption>\s*([^<]+?)\s*<span", section).group(1)


def test_each_review_stage_sees_only_what_waits_for_its_stage(
    three_stage, stage_reviewers, editor, reviewer, make_article
):
    """In a 3-stage channel 初审 sees what waits for the first review, 复审 for the second,
    终审 for the final one (and, as it publishes, the single review of other channels);
    审核 keeps the single-stage channels. Nobody sees their own change, nor a change of
    which they approved a stage. Each entry opens the review page."""
    people = stage_reviewers
    provincial, notices = three_stage["provincial"], three_stage["notices"]
    single = submitted_by(editor.user, make_article, notices, "单级稿")
    at_first = submitted_by(editor.user, make_article, provincial, "待初审稿")
    at_second = submitted_by(editor.user, make_article, provincial, "待复审稿")
    approve_stage(people["first"], at_second)
    at_final = submitted_by(editor.user, make_article, provincial, "待终审稿")
    approve_stage(people["first"], at_final)
    approve_stage(people["second"], at_final)
    own = submitted_by(people["first"].user, make_article, provincial, "初审自己写的")
    approved_first = submitted_by(editor.user, make_article, provincial, "两级都能审的")
    approve_stage(people["both"], approved_first)  # now at 复审, which `both` also holds

    def review_section(name):
        section = desk_section(home(name), "review")
        assert section is not None
        return caption(section), titles_in(section), section

    title, titles, section = review_section(people["first"])
    assert (title, titles) == ("待初审", ["待初审稿"])
    assert f'href="{review_url(at_first)}"' in section
    assert "初审自己写的" not in titles and f'href="{review_url(own)}"' not in section
    assert review_section(people["second"])[:2] == ("待复审", ["待复审稿", "两级都能审的"])
    assert review_section(people["final"])[:2] == ("待审核、终审", ["单级稿", "待终审稿"])
    assert review_section(reviewer)[:2] == ("待审核", ["单级稿"])
    assert review_section(people["both"])[:2] == (
        "待初审、复审",
        ["待初审稿", "待复审稿", "初审自己写的"],
    )
    assert desk_section(home(editor), "review") is None
    assert f'href="{review_url(single)}"' in review_section(reviewer)[2]

    badge = re.compile(r'<span class="desk-badge" title="([^"]+)">.*?(\d+)</span>', re.S)
    assert badge.findall(people["first"].get(HOME).content.decode()) == [("待初审", "1")]
    assert badge.findall(people["final"].get(HOME).content.decode()) == [("待审核、终审", "2")]


def test_desk_queries_stay_the_same_with_more_articles_at_each_stage(
    three_stage, stage_reviewers, editor, reviewer, make_article, capsys
):
    """The admin home of 编辑, 审核, 初审 and 终审 costs as many queries with 10 articles at
    each stage as with 1 (the stage is computed in the query, not per article)."""
    people = stage_reviewers
    provincial, notices = three_stage["provincial"], three_stage["notices"]
    clients = {"编辑": editor, "审核": reviewer, "初审": people["first"], "终审": people["final"]}

    def fill(number):
        for n in range(number):
            submitted_by(editor.user, make_article, notices, f"单级{n}")
            submitted_by(editor.user, make_article, provincial, f"一审{n}")
            second = submitted_by(editor.user, make_article, provincial, f"二审{n}")
            approve_stage(people["first"], second)
            final = submitted_by(editor.user, make_article, provincial, f"终审{n}")
            approve_stage(people["first"], final)
            approve_stage(people["second"], final)

    def queries(client):
        home(client)  # warm the content types, the session and the channel map
        with CaptureQueriesContext(connection) as captured:
            home(client)
        return len(captured)

    fill(1)
    few = {name: queries(client) for name, client in clients.items()}
    assert len(titles_in(desk_section(home(people["final"]), "review"))) == 2
    fill(9)
    many = {name: queries(client) for name, client in clients.items()}
    section = desk_section(home(people["final"]), "review")
    assert len(titles_in(section)) == 10  # SHOWN of the 20 waiting
    assert re.search(r'class="desk-count">\D*20\D', section)
    assert many == few
    with capsys.disabled():
        print(f"\nadmin home queries (1 or 10 articles at each stage): {few}")


def test_the_desk_follows_a_change_of_a_channels_review_stages(
    channels, stage_reviewers, editor, reviewer, make_article
):
    """The channels' stages are cached under the content generation: once a channel asks
    for three stages, what waits in it moves from 审核 to 初审 on the next page."""
    submitted_by(editor.user, make_article, channels["provincial"], "改为三审的栏目")
    assert titles_in(desk_section(home(reviewer), "review")) == ["改为三审的栏目"]
    assert titles_in(desk_section(home(stage_reviewers["first"]), "review")) == []
    channel = Channel.objects.get(pk=channels["provincial"].pk)
    channel.review_stages = 3
    channel.save()
    assert titles_in(desk_section(home(reviewer), "review")) == []
    assert titles_in(desk_section(home(stage_reviewers["first"]), "review")) == ["改为三审的栏目"]
