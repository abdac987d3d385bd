import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"portal", "articles", "association", "submissions", "taggit"}
    }


def test_demo_content_loads_and_a_second_run_duplicates_nothing():
    """The demo content loads, and loading it again duplicates nothing."""
    from io import StringIO

    call_command("load_demo", stdout=StringIO())
    first = _row_counts()
    assert first["portal.NavItem"] >= 6
    assert first["portal.LinkGroup"] == 4
    call_command("load_demo", stdout=StringIO())
    assert _row_counts() == first


def test_superuser_password_is_random_and_printed_once(django_user_model):
    """The demo superuser gets a random password, printed once and never again."""
    from io import StringIO

    out = StringIO()
    call_command("ensure_superuser", stdout=out)
    first = out.getvalue()
    assert "password" in first
    password = first.split("password '")[1].split("'")[0]
    user = django_user_model.objects.get(username="admin")
    assert user.check_password(password) and len(password) >= 12
    again = StringIO()
    call_command("ensure_superuser", stdout=again)
    assert password not in again.getvalue()
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
