import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from association.models import Page
from portal.models import NavItem
from tests.soup import parse, select, text, texts

pytestmark = pytest.mark.django_db


def links(element, condition=""):
    """(href, text) of the links inside `element`, in order."""
    return [(link["href"], text(link)) for link in element.select(f"a{condition}")]


@pytest.fixture
def about():
    root = Page.objects.create(title="中国开发区协会", slug="about", body="<p>协会概况</p>")
    Page.objects.create(title="协会简介", slug="introduction", parent=root, order=1)
    Page.objects.create(title="协会章程", slug="charter", parent=root, order=2)
    Page.objects.create(title="内部草稿", slug="draft", parent=root, order=3, active=False)
    return root


def test_navigation_dropdown_lists_the_published_sub_pages(client, about):
    """A navigation item pointing at a page with "list sub-entries" shows its children."""
    NavItem.objects.create(
        title="中国开发区协会", target=f"association.page:{about.pk}", include_children=True
    )
    dropdown = select(client.get("/about/about/"), ".nav-list ul")[0]
    assert links(dropdown) == [
        ("/about/introduction/", "协会简介"),
        ("/about/charter/", "协会章程"),
    ]


def test_new_sub_page_appears_in_the_cached_navigation(client, about):
    """A new sub-page appears in the cached navigation at once."""
    NavItem.objects.create(
        title="中国开发区协会", target=f"association.page:{about.pk}", include_children=True
    )
    client.get("/about/about/")
    Page.objects.create(title="联系我们", slug="contact", parent=about, order=9)
    assert ("/about/contact/", "联系我们") in links(parse(client.get("/about/about/")))


@pytest.mark.usefixtures("about")
def test_page_shows_a_side_menu_of_its_siblings(client):
    """A page's side menu lists its published siblings and marks the current one."""
    side = select(client.get("/about/charter/"), ".side-menu")[0]
    assert [title for _href, title in links(side)] == ["中国开发区协会", "协会简介", "协会章程"]
    assert links(side, '[aria-current="page"]') == [("/about/charter/", "协会章程")]


@pytest.mark.usefixtures("about")
def test_unpublished_page_answers_404(client):
    """An unpublished page answers 404."""
    assert client.get("/about/draft/").status_code == 404


@pytest.mark.usefixtures("about")
def test_page_body_is_sanitised_on_save():
    """A page body loses scripts and event handlers on every save."""
    page = Page.objects.create(
        title="测试", slug="x", body='<p onclick="x()">正文</p><script>alert(1)</script>'
    )
    page.refresh_from_db()
    assert page.body == "<p>正文</p>"


def test_page_query_count_does_not_grow_with_siblings(client, about):
    """A page costs the same queries with 2 or 17 siblings."""
    client.get("/about/charter/")  # warm the chrome
    with CaptureQueriesContext(connection) as few:
        client.get("/about/charter/")
    for index in range(15):
        Page.objects.create(title=f"页面{index}", slug=f"p{index}", parent=about)
    client.get("/about/charter/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/about/charter/")
    assert "页面14" in response.content.decode()
    assert len(many) == len(few) <= 6


def test_breadcrumbs_of_a_deep_page_cost_the_same_queries_as_of_a_shallow_one(client, about):
    """The ancestors of a page come from one query, however deep the page is."""
    parent = about
    for depth in range(12):
        parent = Page.objects.create(title=f"第{depth}层", slug=f"level-{depth}", parent=parent)
    client.get("/about/charter/")  # warm the chrome
    with CaptureQueriesContext(connection) as shallow:
        client.get("/about/charter/")
    with CaptureQueriesContext(connection) as deep:
        response = client.get(f"/about/{parent.slug}/")
    crumbs = texts(response, ".breadcrumbs li")
    assert crumbs[:3] == ["首页", "中国开发区协会", "第0层"] and crumbs[-1] == "第11层"
    assert len(deep) == len(shallow)


@pytest.mark.usefixtures("about")
def test_staff_preview_of_an_unpublished_page_is_never_cached_nor_indexed(admin_client):
    """Staff see an unpublished page; the answer is neither cached nor indexed."""
    response = admin_client.get("/about/draft/")
    assert response.status_code == 200 and "内部草稿" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.usefixtures("about")
def test_staff_without_the_page_permission_cannot_preview(client, django_user_model):
    """Being staff is not enough: previewing needs the right to view pages in the admin."""
    client.force_login(django_user_model.objects.create_user("intern", is_staff=True))
    assert client.get("/about/draft/").status_code == 404
