import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Channel, Source, Topic


def png_bytes(size=(800, 600), colour=(30, 120, 200), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="cover.png", size=(800, 600)):
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


@pytest.fixture
def channels(db):
    news = Channel.objects.create(name="资讯中心", slug="news", order=1)
    provincial = Channel.objects.create(name="省级开发区动态", slug="provincial", parent=news)
    east = Channel.objects.create(name="华东地区", slug="east", parent=provincial)
    notices = Channel.objects.create(name="通知公告", slug="notices", order=2)
    return {"news": news, "provincial": provincial, "east": east, "notices": notices}


@pytest.fixture
def make_article(channels):
    counter = {"n": 0}

    def make(**overrides):
        counter["n"] += 1
        values = {
            "title": f"开发区新闻{counter['n']}",
            "channel": channels["provincial"],
            "body": f"<p>正文内容{counter['n']}</p>",
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(hours=counter["n"]),
        }
        values.update(overrides)
        tags = values.pop("tags", [])
        topics = values.pop("topics", [])
        article = Article.objects.create(**values)
        if tags:
            article.tags.add(*tags)
        if topics:
            article.topics.add(*topics)
        return article

    return make


@pytest.fixture
def topic(db):
    return Topic.objects.create(title="不忘初心迎七一", slug="july")


@pytest.fixture
def source(db):
    return Source.objects.create(name="山东菏泽经济开发区")
