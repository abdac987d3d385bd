"""Small helpers that make model instances for the association tests."""

import datetime
import io
import itertools

from django.utils import timezone
from PIL import Image

from articles.models import Article
from association.models import Industry, Issue, MemberAssociation, Zone

_counter = itertools.count()


def make_article(channel, **overrides):
    values = {
        "title": f"文章{next(_counter)}",
        "channel": channel,
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
    }
    values.update(overrides)
    return Article.objects.create(**values)


def make_zone(**overrides):
    values = {
        "name": f"测试开发区{next(_counter)}",
        "province": "jiangsu",
        "level": Zone.Level.NATIONAL,
        "type": Zone.Type.ETDZ,
    }
    industries = overrides.pop("industries", [])
    values.update(overrides)
    zone = Zone.objects.create(**values)
    zone.industries.set(industries)
    return zone


def make_member(**overrides):
    values = {"name": f"测试协会{next(_counter)}", "province": "jiangsu"}
    values.update(overrides)
    return MemberAssociation.objects.create(**values)


def make_issue(year=2026, number=11, **overrides):
    values = {
        "year": year,
        "number": number,
        "total_number": 289 + (year - 2025) * 12 + number - 12,
        "publish_date": datetime.date(year, number, 1),
        "published": True,
    }
    values.update(overrides)
    return Issue.objects.create(**values)


def make_industry(name, slug):
    return Industry.objects.create(name=name, slug=slug)


def png_bytes(size=(60, 80), color="navy"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()
