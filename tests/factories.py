"""The one place tests make articles and their channels.

Plain functions rather than a factory library: three small builders need no framework.
"""

import datetime
import io
import itertools

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from articles.models import Article, Channel, Source

_sequence = itertools.count(1)


def reset_sequence():
    """Start numbering again (called before every test, so titles are predictable)."""
    global _sequence
    _sequence = itertools.count(1)


def make_channel(name="资讯中心", slug="news", **fields):
    """The channel with this slug, created on first use."""
    return Channel.objects.get_or_create(slug=slug, defaults={"name": name, **fields})[0]


def make_article(channel=None, *, tags=(), topics=(), source=None, age_hours=None, **fields):
    """A published article, `age_hours` old (by default the n-th article of a test is n
    hours old, so creation order is newest-first order). `source` may be a name."""
    n = next(_sequence)
    fields.setdefault("title", f"开发区新闻{n}")
    fields.setdefault("body", f"<p>正文内容{n}</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    hours = n if age_hours is None else age_hours
    fields.setdefault("publish_at", timezone.now() - datetime.timedelta(hours=hours))
    if isinstance(source, str):
        source = Source.objects.get_or_create(name=source)[0]
    article = Article.objects.create(channel=channel or make_channel(), source=source, **fields)
    if tags:
        article.tags.add(*tags)
    if topics:
        article.topics.add(*topics)
    return article


def png_bytes(size=(60, 80), color="navy", fmt="PNG"):
    """An image file's bytes (PNG unless told otherwise)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="cover.png", size=(800, 600), color="navy"):
    """An uploaded PNG, as a form or model field receives it."""
    return SimpleUploadedFile(name, png_bytes(size, color), content_type="image/png")


def member(django_user_model, group_name, username, email=""):
    """A logged-in test client for a staff member of `group_name`; `client.user` is the user."""
    user = django_user_model.objects.create_user(
        username, password="pw-for-tests", is_staff=True, email=email
    )
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client
