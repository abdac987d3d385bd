"""The harness of real servers (tests/servers.py) does what tests of several processes need:
gunicorn's workers told apart, an editor in the real admin, a replica that can lag on purpose."""

import pytest
import redis

from tests.servers import form_fields

pytestmark = pytest.mark.servers

EDITOR = ("bianji", "pw-Editor-2026")
REVIEWER = ("shenhe", "pw-Review-2026")


@pytest.fixture(scope="module")
def site(module_site_server):
    """`make serve` with 3 workers."""
    return module_site_server(workers=3)


@pytest.fixture(scope="module")
def articles(site):
    """An editor (编辑), a reviewer (审核) and three published articles, made in one
    `manage.py shell` (`create_user` and `make_article` take one each)."""
    return site.run_json(
        "from django.contrib.auth.models import Group, User\n"
        "from tests import factories\n"
        "for username, password, group in params['users']:\n"
        "    user = User.objects.create_user(username, password=password, is_staff=True)\n"
        "    user.groups.add(Group.objects.get(name=group))\n"
        "result = [factories.make_article(title=f'撤稿测试{n}').pk for n in (1, 2, 3)]",
        users=[(*EDITOR, "编辑"), (*REVIEWER, "审核")],
    )


def field(fields, name):
    return [value for key, value in fields if key == name]


def test_hit_every_worker_reaches_each_of_the_three_workers(site):
    """Each of the 3 gunicorn workers answers the home page, and the answer names its pid."""
    answers = site.hit_every_worker("/")
    assert len(answers) == 3
    assert sorted(answers) == site.worker_pids()
    assert {response.status for response in answers.values()} == {200}
    assert all(response.worker_pid == pid for pid, response in answers.items())


def test_the_site_runs_in_production_mode(site):
    """DEBUG off with collected, hashed static files served by whitenoise, as `make serve`."""
    home = site.get("/")
    stylesheets = [link["href"] for link in home.soup().select('link[rel="stylesheet"]')]
    assert stylesheets and all(".css" in href for href in stylesheets)
    hashed = [href for href in stylesheets if href.startswith("/static/") and href.count(".") >= 2]
    assert hashed, stylesheets
    assert site.get(hashed[0]).status == 200
    missing = site.get("/no-such-page/")
    assert missing.status == 404 and "Traceback" not in missing.body


def test_an_editor_logs_in_and_opens_an_article_change_form(site, articles):
    """A member of 编辑 (not a superuser) logs in through the login form and gets the change
    form of a published article, whose status only a reviewer may change."""
    editor = site.admin_session(*EDITOR)
    response, fields = editor.form(editor.article_change_path(articles[2]))
    assert response.status == 200
    assert field(fields, "title") == ["撤稿测试3"]
    assert field(fields, "status") == []  # disabled for editors: a browser does not send it
    assert field(fields, "version") == ["1"]


def test_a_reviewer_withdraws_articles_with_the_action_and_with_the_form(site, articles):
    """撤稿 through the list's bulk action and through the change form's status."""
    reviewer = site.admin_session(*REVIEWER)
    by_action, by_form, untouched = articles
    messages = reviewer.withdraw_article(by_action)
    assert [level for level, _text in messages] == ["success"]
    assert reviewer.withdraw_article(by_form, via="form").status == 302
    for pk in (by_action, by_form):
        _response, fields = reviewer.form(reviewer.article_change_path(pk))
        assert field(fields, "status") == ["withdrawn"]
    statuses = site.run_json(  # the site's database, read with the project's own code
        "from articles.models import Article\n"
        "result = dict(Article.objects.filter(pk__in=params['pks']).values_list('pk', 'status'))",
        pks=articles,
    )
    assert statuses == {str(by_action): "withdrawn", str(by_form): "withdrawn",
                        str(untouched): "published"}  # fmt: skip


def test_app_servers_with_redis_share_it_under_a_key_prefix_of_their_own(site_server):
    """Two app servers of one site (redis=True) cache in one Redis under the site's own key
    prefix, and the site leaves no key behind when it stops."""
    first = site_server(workers=1, redis=True)
    second = first.another_server(workers=1)
    assert set(first.worker_pids()).isdisjoint(second.worker_pids())
    assert first.get("/").status == second.get("/").status == 200
    assert first.env["REDIS_URL"] == second.env["REDIS_URL"]
    assert first.env["CACHE_KEY_PREFIX"] == second.env["CACHE_KEY_PREFIX"] == first.cache_prefix
    client = redis.Redis.from_url(first.env["REDIS_URL"])
    assert list(client.scan_iter(f"{first.cache_prefix}:*"))
    first.stop()
    assert not list(client.scan_iter(f"{first.cache_prefix}:*"))
    assert second.process is None  # stopped with the site


def test_form_fields_are_what_a_browser_submits():
    """Unticked boxes, files, buttons and disabled controls are left out; the first option of
    a single choice without a selection is sent; a textarea's leading newline is not."""
    html = """<form id="thing_form" method="post">
      <input name="a" value="1"><input type="checkbox" name="b"><input type="checkbox"
      name="c" checked><input type="file" name="d"><input type="submit" name="_save">
      <input name="e" value="x" disabled><select name="f"><option value="p">P</option>
      <option value="q">Q</option></select><select name="g" multiple><option value="1"
      selected>1</option><option value="2" selected>2</option></select>
      <textarea name="h">\nline</textarea></form>"""
    assert form_fields(html) == [
        ("a", "1"), ("c", "on"), ("f", "p"), ("g", "1"), ("g", "2"), ("h", "line"),
    ]  # fmt: skip


def test_the_replica_receives_rows_written_on_the_primary(streaming_replica):
    """A row written on the primary can be read on the standby once it caught up."""
    streaming_replica.execute("CREATE TABLE seen (note text)", dbname="portal", user="portal")
    streaming_replica.execute("INSERT INTO seen VALUES ('写入主库')", dbname="portal")
    streaming_replica.wait_caught_up()
    rows = streaming_replica.execute("SELECT note FROM seen", dbname="portal", standby=True)
    assert rows == [("写入主库",)]


def test_a_paused_replica_stays_behind_until_resumed(streaming_replica):
    """While replay is paused the standby receives the WAL but does not show the row."""
    replica = streaming_replica
    replica.execute("CREATE TABLE lag (n int)", dbname="portal")
    replica.wait_caught_up()
    replica.pause_replay()
    try:
        replica.execute("INSERT INTO lag VALUES (1)", dbname="portal")
        replica.wait_received()
        assert replica.execute("SELECT n FROM lag", dbname="portal", standby=True) == []
        assert replica.execute("SELECT n FROM lag", dbname="portal") == [(1,)]
    finally:
        replica.resume_replay()
    replica.wait_caught_up()
    assert replica.execute("SELECT n FROM lag", dbname="portal", standby=True) == [(1,)]


def test_a_site_with_a_replica_skips_it_while_it_lags(site_server, streaming_replica):
    """A replica held behind is not read (its generation row lags the primary's): readers
    see an article written meanwhile at once, as staff do."""
    site = site_server(workers=1, replica=streaming_replica, extra_env={"PAGE_CACHE_SECONDS": "0"})
    site.create_user(*EDITOR, groups=["编辑"])
    editor = site.admin_session(*EDITOR)
    with streaming_replica.paused():
        pk = site.make_article(title="副本还没有")
        streaming_replica.wait_received()
        assert site.get(f"/articles/{pk}/").status == 200
        assert editor.get(editor.article_change_path(pk)).status == 200
    assert "副本还没有" in site.get(f"/articles/{pk}/").body
