"""Zone import rewrites public zone pages; export reads every zone: both need permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from association.models import Zone

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/association/zone/import/"
EXPORT_URL = "/admin/association/zone/export/"
HEADER = "名称,简称,省份,城市,级别,类型,主导产业,批准年份,面积（平方公里）,地址,网址,简介\n"
HOSTILE_ROW = "苏州工业园区,,江苏省,苏州,国家级,经济技术开发区,,1994,,,https://evil.example/,改写\n"


@pytest.fixture
def zone():
    return Zone.objects.create(
        name="苏州工业园区", province="jiangsu", level="national", type="etdz",
        website="https://www.sipac.gov.cn/",
    )  # fmt: skip


def staff(django_user_model, name, group=None, perms=()):
    user = django_user_model.objects.create_user(name, password="pw-for-tests", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def try_import(client):
    upload = SimpleUploadedFile("zones.csv", (HEADER + HOSTILE_ROW).encode(), "text/csv")
    return client.post(IMPORT_URL, {"import_file": upload, "format": "0", "resource": "0"})


@pytest.mark.parametrize("group", [None, "编辑"])
def test_staff_without_zone_rights_cannot_import_zones(client, django_user_model, zone, group):
    """A staff user without add+change rights on zones gets no import page and no import."""
    user = staff(django_user_model, "nobody", group=group)
    if user.has_perms(["association.add_zone", "association.change_zone"]):
        pytest.skip("this group is meant to write zones")
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert try_import(client).status_code == 403
    zone.refresh_from_db()
    assert zone.website == "https://www.sipac.gov.cn/"


@pytest.mark.parametrize("group", [None, "编辑"])
def test_staff_without_view_right_cannot_export_zones(client, django_user_model, zone, group):
    """Export lists every zone: it needs the view permission."""
    user = staff(django_user_model, "nobody", group=group)
    if user.has_perm("association.view_zone"):
        pytest.skip("this group is meant to see zones")
    client.force_login(user)
    assert client.get(EXPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"format": "0", "resource": "0"}).status_code == 403


def test_change_right_alone_does_not_allow_import(client, django_user_model, zone):
    """Import creates zones as well as changing them: both rights are needed."""
    client.force_login(staff(django_user_model, "changer", perms=["change_zone", "view_zone"]))
    assert client.get(IMPORT_URL).status_code == 403


def test_user_with_add_and_change_rights_may_import(client, django_user_model, zone):
    user = staff(django_user_model, "importer", perms=["add_zone", "change_zone", "view_zone"])
    client.force_login(user)
    response = try_import(client)
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None


def test_user_with_view_right_may_export(client, django_user_model, zone):
    client.force_login(staff(django_user_model, "reader", perms=["view_zone"]))
    assert client.get(EXPORT_URL).status_code == 200
