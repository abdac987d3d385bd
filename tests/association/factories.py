"""Builders of association models for its tests (articles come from `tests.factories`)."""

import datetime
import itertools

from association.models import Industry, Issue, MemberAssociation, Zone

_counter = itertools.count()


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
