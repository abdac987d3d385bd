"""Staff who log in as people do: the password form, then the second factor."""

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/admin/login/"
PASSWORD = "Right-Pass-2026!"


def password_login(client, username, password=PASSWORD, ip="203.0.113.7", next_url="/admin/"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": next_url}, REMOTE_ADDR=ip
    )


def code_for(device, drift=0):
    """What the authenticator app shows now (drift=1: the next 30-second window)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
    return str(value).zfill(device.digits)


def make_user(django_user_model, username, group=None, superuser=False, authenticator=False):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if authenticator:
        TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    return user


@pytest.fixture
def boss(django_user_model):
    """A superuser who has set up an authenticator."""
    return make_user(django_user_model, "boss", superuser=True, authenticator=True)
