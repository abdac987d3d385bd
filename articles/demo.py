"""Demo channels, topics, sources, tags and articles.

The news is written in the association's voice by `demo_text` (five kinds: zone news,
interviews, conference reports, policy interpretations, notices; varied structures and
lengths; no paragraph is used twice), except one real article of the old site
(`demo_legacy.py`), shown word for word where the old site had it, under its old id
53537 (so /index.php/News/info/id/53537.html answers 301). A zone's news sits in its
region's channel under the zone as source; the association's news and notices come from
the association; a topic holds articles on its subject. Covers and inline photos are
scenes drawn locally with Pillow (`demo_images`: skylines, industrial parks, ports,
conference halls, charts); one notice offers a 入会申请表 download. Views of the last 30
days are loaded, so 点击排行 has content from the start, and a few articles get old-site
ids. Idempotent: everything is found by its natural key (slug, name, title) first.
"""

import io
import random
import zipfile
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from editorial import revisions
from editorial.models import Revision

from . import demo_images, demo_legacy, demo_text
from .media import store_body_image
from .models import (
    Article,
    ArticleDailyViews,
    Attachment,
    Channel,
    HomeBlock,
    LegacyArticle,
    Source,
    Topic,
)

# (slug, name, parent slug, description)
CHANNELS = [
    ("news", "资讯中心", None, "开发区与协会的最新资讯。"),
    ("association-news", "协会动态", "news", "协会会议、调研、培训与服务活动。"),
    ("provincial", "省级开发区动态", "news", "各省级开发区的建设进展与经验。"),
    ("provincial-east", "华东地区", "provincial", "山东、江苏、浙江、安徽、福建等地开发区动态。"),
    ("provincial-central", "中西部地区", "provincial", "河南、湖北、四川、陕西等地开发区动态。"),
    ("policy", "政策法规", "news", "与开发区相关的政策文件与解读。"),
    ("investment", "招商引资", "news", "重大项目签约、投资促进与营商环境。"),
    ("zones-news", "中国开发区", None, "国家级经开区、高新区与海关特殊监管区域。"),
    ("national-etdz", "国家级经开区", "zones-news", "国家级经济技术开发区建设发展。"),
    ("hi-tech", "高新技术产业开发区", "zones-news", "高新区科技创新与产业培育。"),
    ("bonded", "综合保税区", "zones-news", "综合保税区与开放平台建设。"),
    ("notices", "通知公告", None, "协会通知、公告与会议安排。"),
]

# How often each must be updated (site health); the others are news channels.
CHANNEL_KINDS = {"policy": Channel.Kind.POLICY, "notices": Channel.Kind.NOTICES}

TOPICS = [
    (
        "green-park",
        "绿色低碳园区建设",
        "聚焦开发区节能降碳、循环化改造与绿色制造体系建设。",
        (34, 139, 87),
    ),
    (
        "digital-zone",
        "数字化转型在园区",
        "智慧园区、工业互联网与数据要素在开发区的实践。",
        (11, 78, 162),
    ),
    ("business-env", "优化营商环境", "审批改革、要素保障与企业服务的创新做法。", (200, 22, 29)),
    ("opening-up", "高水平对外开放", "开发区稳外资、稳外贸与开放平台建设。", (230, 140, 20)),
]

ASSOCIATION = "中国开发区协会"
TOPIC_JULY = (
    "july-first",
    "不忘初心迎“七一”",
    "开发区基层党组织以党建引领高质量发展的实践。",
    (200, 22, 29),
)

TAGS = [
    "高质量发展",
    "招商引资",
    "营商环境",
    "科技创新",
    "绿色发展",
    "产业链",
    "对外开放",
    "党建引领",
]

# Places with the region their provincial news belongs to (None: national channels only).
# The cities are those of the association demo's zone directory, so a zone's news and
# the zone's profile page find each other (see association.demo.link_articles).
PLACES = [
    ("苏州", "provincial-east"), ("成都", "provincial-central"), ("合肥", "provincial-east"),
    ("武汉", "provincial-central"), ("青岛", "provincial-east"), ("西安", "provincial-central"),
    ("宁波", "provincial-east"), ("郑州", "provincial-central"), ("杭州", "provincial-east"),
    ("长沙", "provincial-central"), ("南京", "provincial-east"), ("绵阳", "provincial-central"),
    ("芜湖", "provincial-east"), ("襄阳", "provincial-central"), ("烟台", "provincial-east"),
    ("洛阳", "provincial-central"), ("厦门", "provincial-east"), ("宝鸡", "provincial-central"),
    ("扬州", "provincial-east"), ("天津", None),
]  # fmt: skip

# Zone kinds as the directory names them: (suffix, short form, channel of its news).
# "provincial" means the provincial channel of the place's region.
ZONE_KINDS = {
    "etdz": ("经济技术开发区", "经开区", "national-etdz"),
    "hightech": ("高新技术产业开发区", "高新区", "hi-tech"),
    "bonded": ("综合保税区", "综合保税区", "bonded"),
    "provincial": ("经济开发区", "经济开发区", "provincial"),
}


def banner_png(colour):
    image = Image.new("RGB", (1200, 300), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.line([(i, 300), (i + 300, 0)], fill=tuple(min(255, c + 40) for c in colour), width=14)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


SUBJECT_TAGS = {
    None: ["高质量发展", "产业链"],
    "investment": ["招商引资", "高质量发展"],
    "opening-up": ["对外开放", "营商环境"],
    "business-env": ["营商环境", "高质量发展"],
    "digital-zone": ["科技创新", "产业链"],
    "green-park": ["绿色发展", "高质量发展"],
}


# Which scene illustrates which kind of story.
SCENE_OF_KIND = {
    "etdz": "industry",
    "hightech": "skyline",
    "bonded": "port",
    "provincial": "industry",
    "conference": "conference",
    "policy": "chart",
}


def _zone_spec(writer, index, place, region, subject):
    key, kind, headline, topic, channel, lead = subject
    if kind == "provincial" and region is None:
        kind = "etdz"
    suffix, short, kind_channel = ZONE_KINDS[kind]
    zone = f"{place}{suffix}"
    n, m = writer.rng.randint(3, 30), writer.rng.randint(20, 300)
    values = writer.values(zone=zone, place=place, n=n, m=m)
    lead_text = lead.format(**values)
    writer.used.add(lead_text)
    values["lead_html"] = f"<p>{lead_text}</p>"
    values["zone"] = f"{place}{short}"  # the full name once, in the lead; then the short one
    return {
        "title": f"{place}{short}{headline.format(n=n, m=m)}",
        "channel": channel or (region if kind_channel == "provincial" else kind_channel),
        "source": f"{zone}管委会",
        "zone": zone,
        "kind": kind,
        "write": lambda image: writer.zone_news(key, values, topic, image)[0],
        "topic": topic,
        "tags": SUBJECT_TAGS[topic or channel],
        "author": writer.rng.choice(["", "本网记者", "通讯员", "记者 本网"]),
    }


def _article_specs(writer):
    """Every demo article as a dict, deterministic, the kinds interleaved so that every
    channel has recent news. `write(image)` makes the body (called once, in order)."""
    rng = writer.rng
    zone_news = []
    for i in range(34):
        place, region = PLACES[i % len(PLACES)]
        subject = demo_text.SUBJECTS[(i + i // len(PLACES)) % len(demo_text.SUBJECTS)]
        zone_news.append(_zone_spec(writer, i, place, region, subject))
    interviews = []
    for i, (theme, kind) in enumerate(demo_text.INTERVIEW_THEMES):
        place = PLACES[(i * 5 + 3) % len(PLACES)][0]
        suffix, short, kind_channel = ZONE_KINDS[kind]
        zone = f"{place}{suffix}"
        values = writer.values(zone=f"{place}{short}", place=place)
        interviews.append(
            {
                "title": f"{place}{short}：{theme}——访{zone}管委会负责人",
                "channel": kind_channel,
                "source": f"{zone}管委会",
                "zone": zone,
                "kind": kind,
                "write": lambda image, values=values: writer.interview(values),
                "tags": ["高质量发展", "营商环境"],
                "author": "本网记者",
            }
        )
    conferences = []
    verbs = ["在{city}举行", "在{city}召开", "在{city}成功举办"]
    for i, (event, city, topic, partner) in enumerate(demo_text.EVENTS):
        places = [place for place, _region in rng.sample(PLACES, 3)]
        values = writer.values(
            date=f"{rng.randint(3, 11)}月{rng.randint(1, 28)}日", z1=places[0] + "开发区",
            z2=places[1] + "开发区", z3=places[2] + "开发区",
        )  # fmt: skip
        title = event + verbs[i % 3].format(city=city) if i % 4 else f"协会举办{event}"
        conferences.append(
            {
                "title": title,
                "channel": "association-news",
                "kind": "conference",
                "write": lambda image, a=(event, city, topic, partner), values=values: (
                    writer.conference(*a, values, image)
                ),
            }
        )
    policies = []
    for i, (name, aspects) in enumerate(demo_text.POLICIES):
        policies.append(
            {
                "title": demo_text.POLICY_TITLES[i].format(name=name),
                "channel": "policy",
                "kind": "policy",
                "write": lambda image, a=(name, aspects): writer.policy(*a, image),
            }
        )
    notices = [
        {"title": title, "channel": "notices", "notice": kind} for title, kind in demo_text.NOTICES
    ]
    specs = []
    others = [conferences, policies, notices, interviews]
    for i, spec in enumerate(zone_news):
        specs.append(spec)
        group = others[i % len(others)]
        if group:
            specs.append(group.pop(0))
    for group in others:
        specs += group
    for spec in specs:
        spec.setdefault("source", ASSOCIATION)
        spec.setdefault("author", "")
    return specs


def _figure(scene, seed, caption):
    """An inline photo stored as the editor's upload button stores one."""
    jpeg = demo_images.photo(scene, seed)
    url, width, height = store_body_image(ContentFile(jpeg, name="photo.jpg"))
    return (
        f'<figure><img src="{url}" alt="{caption}" width="{width}" height="{height}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def membership_form_docx():
    """入会申请表 as a minimal Word document (what the notice offers for download)."""
    rows = ["单位名称", "单位地址", "联系人", "联系电话", "电子邮箱", "申请理由"]
    paragraphs = "".join(f"<w:p><w:r><w:t>{text}：</w:t></w:r></w:p>" for text in rows)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>中国开发区协会入会申请表</w:t></w:r></w:p>"
        f"{paragraphs}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _photo_specs(specs):
    """The articles whose body holds a photo: two zone stories, two conference reports and
    a policy interpretation (a chart)."""
    zone = [spec for spec in specs if spec.get("kind") in ZONE_KINDS][1:9:7]
    conference = [spec for spec in specs if spec.get("kind") == "conference"][0:4:3]
    policy = [spec for spec in specs if spec.get("kind") == "policy"][2:3]
    return zone + conference + policy


def load_views(articles, now, rng):
    """Views of the last 30 days (the 点击排行 counts those), as the counter would have
    written them: a figure per day since publication, fewer as a story ages."""
    rows = []
    for article in articles:
        if article.status != Article.Status.PUBLISHED or article.publish_at > now:
            continue
        appeal = rng.lognormvariate(3.4, 0.8)
        age = (now - article.publish_at).days
        total = 0
        for day in range(min(age, 29) + 1):
            views = int(appeal * 0.85 ** (age - day) * rng.uniform(0.6, 1.4)) + (day == age)
            if views:
                rows.append(
                    ArticleDailyViews(
                        article=article, day=(now - timedelta(days=day)).date(), views=views
                    )
                )
                total += views
        article.view_count = total + rng.randint(0, 400)
    ArticleDailyViews.objects.bulk_create(rows, ignore_conflicts=True)
    Article.objects.bulk_update(articles, ["view_count"])


# Old-site ids: the real article's own, and a few more so the 301 can be tried on others.
LEGACY_IDS = [(53537, demo_legacy.TITLE)]
LEGACY_EXTRA = [51207, 52318, 52944]


def load_legacy_ids():
    """Old-site ids for the real article and the first few published demo articles."""
    found = []
    articles = [Article.objects.filter(title=title).first() for _id, title in LEGACY_IDS]
    extra = Article.objects.published().exclude(title=demo_legacy.TITLE).order_by("id")
    articles += list(extra[: len(LEGACY_EXTRA)])
    ids = [i for i, _t in LEGACY_IDS] + LEGACY_EXTRA
    for legacy_id, article in zip(ids[: len(articles)], articles, strict=True):
        if article is not None:
            LegacyArticle.objects.get_or_create(
                legacy_id=legacy_id, defaults={"article": article, "checksum": "demo"}
            )
            found.append(legacy_id)
    return found


def load_legacy_article(channels, topic):
    """The old site's real article, word for word, where the old site had it."""
    if Article.objects.filter(title=demo_legacy.TITLE).exists():
        return 0
    article = Article.objects.create(
        title=demo_legacy.TITLE,
        channel=channels["provincial"],
        source=Source.objects.get_or_create(name=demo_legacy.SOURCE)[0],
        body=demo_legacy.body_html(),
        status=Article.Status.PUBLISHED,
        publish_at=datetime.fromisoformat(demo_legacy.PUBLISHED_AT),
        view_count=demo_legacy.VIEWS,
    )
    article.topics.add(topic)
    article.tags.add("党建引领", "高质量发展")
    revisions.record(article, None, Revision.Kind.ORIGINAL)
    return 1


def load(stdout):
    channels = {}
    for order, (slug, name, parent, description) in enumerate(CHANNELS):
        channel, _created = Channel.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": channels.get(parent),
                "order": order * 10,
                "description": description,
                "kind": CHANNEL_KINDS.get(slug, Channel.Kind.NEWS),
            },
        )
        channels[slug] = channel

    topics = {}
    for order, (slug, title, intro, colour) in enumerate([*TOPICS, TOPIC_JULY]):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            topic = Topic(slug=slug, title=title, intro=intro, order=order)
            topic.banner.save(f"{slug}.png", ContentFile(banner_png(colour)), save=False)
            topic.save()
        topics[slug] = topic

    sources = {}
    now = timezone.now()
    rng = random.Random(60)
    writer = demo_text.Writer(random.Random(2026))
    created = load_legacy_article(channels, topics["july-first"])
    new_articles = []
    specs = _article_specs(writer)
    with_photo = {id(spec) for spec in _photo_specs(specs)}
    for index, spec in enumerate(specs):
        # Every body is written, even for articles already there, so that the text of the
        # next one does not depend on what a previous run left behind.
        if "notice" in spec:
            body = None
        else:
            body = spec["write"]("{image}" if id(spec) in with_photo else "")
        if Article.objects.filter(title=spec["title"]).exists():
            continue
        status = Article.Status.PUBLISHED
        publish_at = now - timedelta(days=index * 1.7, hours=rng.randint(0, 10))
        if "notice" not in spec:  # notices are always out
            if index in (7, 17):  # scheduled: published, but their time has not come
                publish_at = now + timedelta(days=2 + index % 3)
            elif index in (9, 23):
                status = Article.Status.DRAFT
            elif index == 31:
                status = Article.Status.PENDING
        if body is None:
            body = demo_text.notice_body(spec["notice"], settings.DEMO_CONTACT, publish_at)
        elif "{image}" in body:
            caption = f"{spec['zone']}一景" if "zone" in spec else "活动现场"
            if spec["kind"] == "policy":
                caption = "相关数据示意"
            body = body.replace("{image}", _figure(SCENE_OF_KIND[spec["kind"]], index, caption))
        name = spec["source"]
        if name not in sources:
            sources[name] = Source.objects.get_or_create(name=name)[0]
        article = Article(
            title=spec["title"],
            channel=channels[spec["channel"]],
            source=sources[name],
            author=spec["author"],
            body=body,
            status=status,
            publish_at=publish_at,
            is_pinned=index in (0, 1, 2, 3, 4, 6),
        )
        if "notice" not in spec and (index % 2 == 0 or article.is_pinned):
            jpeg = demo_images.photo(SCENE_OF_KIND[spec["kind"]], 1000 + index)
            article.cover.save("cover.jpg", ContentFile(jpeg), save=False)
        article.save()
        if spec.get("tags"):
            article.tags.add(*spec["tags"])
        if spec.get("topic"):
            article.topics.add(topics[spec["topic"]])
        if spec.get("notice") == "membership":
            attachment = Attachment(article=article, title="入会申请表")
            attachment.file.save("入会申请表.docx", ContentFile(membership_form_docx()), save=False)
            attachment.full_clean()
            attachment.save()
        # Its text as the demo wrote it (原始版本), to compare with and restore after edits.
        revisions.record(article, None, Revision.Kind.ORIGINAL)
        new_articles.append(article)
        created += 1
    load_views(new_articles, now, rng)
    legacy = load_legacy_ids()

    for order, (slug, count) in enumerate(
        [("association-news", 6), ("provincial", 8), ("policy", 6), ("investment", 6),
         ("national-etdz", 6), ("hi-tech", 6)]
    ):  # fmt: skip
        HomeBlock.objects.get_or_create(
            channel=channels[slug], defaults={"order": order * 10, "count": count}
        )
    stdout.write(f"Articles ready ({created} new).")
    if legacy:
        stdout.write(
            "Old-site addresses that lead to demo articles (301): "
            + ", ".join(f"/index.php/News/info/id/{legacy_id}.html" for legacy_id in legacy)
        )
