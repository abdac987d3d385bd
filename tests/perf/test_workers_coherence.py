"""What an editor changes reaches every reader on the next request, however the site is run:
`make serve`'s three gunicorn workers without Redis, the same with Redis, and a read replica
that lags (tests/servers.py runs them for real)."""

from urllib.parse import urlencode

import pytest

from tests.servers import form_errors, form_fields

pytestmark = pytest.mark.servers

ADMIN = ("zhuguan", "pw-Admin-2026-x")
REVIEWER = ("shenhe", "pw-Review-2026")
REQUESTS = 30


def statuses(site, path, count=REQUESTS):
    return [site.get(path).status for _ in range(count)]


def warm_every_worker(site, path):
    """Each worker answers `path` twice: the second answer comes from its cache."""
    site.hit_every_worker(path)
    answers = site.hit_every_worker(path)
    assert {r.status for r in answers.values()} == {200}, path
    return answers


@pytest.fixture(scope="module", params=[False, True], ids=["no-redis", "redis"])
def site(request, module_site_server):
    site = module_site_server(workers=3, redis=request.param)
    site.create_user(*REVIEWER, groups=["审核"])
    site.create_user(*ADMIN, groups=(), superuser=True)
    return site


def test_a_withdrawal_is_gone_from_every_worker_at_once(site):
    """Warmed on all three workers, an article withdrawn by a reviewer answers 404 to 30 of
    30 requests that follow, whichever worker serves them."""
    pk = site.make_article(title="撤稿测试")
    answers = warm_every_worker(site, f"/articles/{pk}/")
    assert len(answers) == 3
    site.admin_session(*REVIEWER).withdraw_article(pk)
    assert statuses(site, f"/articles/{pk}/") == [404] * REQUESTS


def test_a_channel_switched_off_and_on_shows_on_every_worker(site):
    """A channel switched off answers 404 everywhere at once, and 200 again once on."""
    site.make_article(channel_slug="switch", title="栏目开关")
    path = "/channels/switch/"
    warm_every_worker(site, path)
    admin = site.admin_session(*ADMIN)
    channel = site.run_json(
        "from articles.models import Channel\nresult = Channel.objects.get(slug='switch').pk"
    )
    change = f"{site.admin_url}articles/channel/{channel}/change/"
    admin.post_admin_form(change, {"active": None})
    assert statuses(site, path) == [404] * REQUESTS
    admin.post_admin_form(change, {"active": "on"})
    assert statuses(site, path) == [200] * REQUESTS


def test_mourning_mode_and_settings_reach_every_worker(site):
    """Mourning mode on and off, and a new phone number, show on every worker's next page."""
    warm_every_worker(site, "/")
    admin = site.admin_session(*ADMIN)
    change = f"{site.admin_url}portal/sitesettings/1/change/"
    admin.post_admin_form(change, {"mourning": "on", "phone": "010-6000 0001"})
    pages = [site.get("/").body for _ in range(REQUESTS)]
    assert all("mourning" in page and "010-6000 0001" in page for page in pages)
    admin.post_admin_form(change, {"mourning": None})
    pages = [site.get("/").body for _ in range(REQUESTS)]
    assert not any('class="mourning' in page or "mourning-mode" in page for page in pages)


def message_post(site, text):
    """A reader's message through the real form (a captcha answered from the database): the
    POST to send, as (method, path, body, headers, cookies)."""
    form = site.get("/messages/new/")
    fields = dict(form_fields(form.body))
    if "captcha_0" in fields:  # asked for once an address has sent a few
        fields["captcha_1"] = site.run_json(
            "from captcha.models import CaptchaStore\n"
            "result = CaptchaStore.objects.get(hashkey=params['key']).response",
            key=fields["captcha_0"],
        )
    fields.update(name="读者", contact="reader@example.org", subject="留言", content=text)
    fields.update(agree_to_publish="on")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": site.url}
    return ("POST", "/messages/new/", urlencode(fields), headers, form.cookies())


def test_a_new_block_word_holds_messages_on_every_worker(site):
    """A block word saved in the admin holds a reader's message whichever worker stores it:
    six messages, the last three sent at once so that different workers store them."""
    site.run_json(
        "from submissions.models import MessageCategory\n"
        "MessageCategory.objects.get_or_create(slug='zixun', defaults={'name': '咨询'})"
    )
    admin = site.admin_session(*ADMIN)
    add = f"{site.admin_url}editorial/sensitiveword/add/"
    admin.post_admin_form(add, {"word": "屏蔽新词", "level": "block"})
    workers = set()
    for n in range(3):  # one by one: from the third on, the form asks for a captcha
        response = site.request(*message_post(site, f"这里有屏蔽新词 {n}"))
        assert response.status == 302, form_errors(response)
        workers.add(response.worker_pid)
    # Each form now carries its captcha, so all three posts are complete whatever their order.
    posts = [message_post(site, f"这里有屏蔽新词 {n}") for n in range(3, 6)]
    responses = site.requests_concurrently(posts)
    assert [r.status for r in responses] == [302] * 3, [form_errors(r) for r in responses]
    workers.update(r.worker_pid for r in responses)
    held = site.run_json(
        "from submissions.models import Message\n"
        "result = list(Message.objects.filter(content__contains='屏蔽新词')"
        ".values_list('held', flat=True))"
    )
    assert held == [True] * 6
    assert len(workers) >= 2  # the messages were not all stored by one worker


def test_a_lagging_replica_never_serves_or_stores_a_withdrawn_article(
    site_server, streaming_replica
):
    """With replay paused, a withdrawal committed on the primary is still gone for readers:
    the lagging replica is not read, so no page rendered from it is stored as current."""
    site = site_server(workers=2, replica=streaming_replica)
    site.create_user(*REVIEWER, groups=["审核"])
    pk = site.make_article(title="副本撤稿")
    streaming_replica.wait_caught_up()
    warm_every_worker(site, f"/articles/{pk}/")
    with streaming_replica.paused():
        site.admin_session(*REVIEWER).withdraw_article(pk)
        streaming_replica.wait_received()
        assert statuses(site, f"/articles/{pk}/") == [404] * REQUESTS
    streaming_replica.wait_caught_up()
    assert statuses(site, f"/articles/{pk}/") == [404] * REQUESTS
