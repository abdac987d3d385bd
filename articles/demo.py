"""Demo channels, topics, sources, tags and articles.

The text is written for this project, except one real article of the old site
(`demo_legacy.py`), shown word for word where the old site had it. A zone's news sits in
its region's channel under the zone as source; the association's news and notices come
from the association; a topic holds articles on its subject. A few bodies have photos
(stored as the editor's upload button stores them) and one notice a 入会申请表 download.
Idempotent: everything is found by its natural key (slug, name, title) before it is created.
Covers are drawn with Pillow (gradients and shapes, no text).
"""

import io
import random
import zipfile
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from . import demo_legacy
from .media import store_body_image
from .models import Article, Attachment, Channel, HomeBlock, Source, Topic

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

# (zone kind, headline, topic slug or None, channel override or None, lead paragraph).
# A topic's articles are about the topic; the lead says what happened.
SUBJECTS = [
    ("etdz", "新签约重点项目{n}个，总投资超过{m}亿元", None, "investment",
     "近日，{zone}举行重点项目集中签约活动，{n}个项目现场签约，总投资超过{m}亿元，"
     "涵盖新能源、高端装备和新材料等领域。"),
    ("hightech", "举办科技成果转化对接会，{n}家企业达成合作意向", None, None,
     "{zone}日前举办科技成果转化对接会，高校院所发布成果百余项，{n}家企业与科研团队达成合作意向。"),
    ("bonded", "前三季度进出口额同比增长{n}%，跨境电商业务持续扩大", "opening-up", None,
     "海关数据显示，前三季度{zone}进出口额同比增长{n}%，跨境电商、保税物流等新业态持续扩大，"
     "对外开放平台作用进一步显现。"),
    ("provincial", "推进“一网通办”改革，企业开办时间压缩至{n}个工作日", "business-env", None,
     "{zone}深化“放管服”改革，推进政务服务“一网通办”，企业开办时间压缩至{n}个工作日，"
     "实现“一窗受理、一次办结”。"),
    ("hightech", "建设智慧园区平台，{n}家企业接入工业互联网", "digital-zone", None,
     "{zone}建成智慧园区综合管理平台，推动{n}家规上企业接入工业互联网，实现能耗、安全和物流数据实时监测。"),
    ("provincial", "开展循环化改造，单位产值能耗下降{n}%", "green-park", None,
     "{zone}实施园区循环化改造，建设集中供热和中水回用设施，单位产值能耗同比下降{n}%。"),
    ("etdz", "出台支持制造业高质量发展若干措施，涉及{n}项具体举措", None, None,
     "{zone}近日出台支持制造业高质量发展的若干措施，从技术改造、人才引进和金融服务等方面提出{n}项具体举措。"),
    ("provincial", "建设标准化厂房{n}万平方米，助力项目“拎包入驻”", None, None,
     "{zone}加快建设标准化厂房，今年新建{n}万平方米，配套水电气和物流设施，助力中小项目“拎包入驻”。"),
    ("hightech", "新增国家级专精特新“小巨人”企业{n}家", None, None,
     "工业和信息化部公布新一批专精特新“小巨人”企业名单，{zone}新增{n}家，创新主体不断壮大。"),
    ("bonded", "开展保税维修业务，助力企业稳订单拓市场", "opening-up", None,
     "{zone}开展全球保税维修业务，已有{n}家企业获批试点，帮助企业稳订单、拓市场。"),
]  # fmt: skip

PARAGRAPHS = [
    "{zone}坚持把发展经济的着力点放在实体经济上，围绕主导产业延链补链强链，"
    "以项目建设为抓手，推动经济运行稳中有进。",
    "在服务保障方面，{zone}组建项目专班，实行“一个项目、一名领导、一套班子、一抓到底”的推进机制，"
    "帮助企业协调解决用地、用能和用工等问题，确保项目早开工、早投产、早见效。",
    "多家企业表示，园区服务“有求必应、无事不扰”，坚定了在此扩大投资的信心。",
    "下一步，{zone}将锚定高质量发展目标，聚焦产业集群培育和开放平台建设，"
    "努力在区域发展中发挥更大的带动作用。",
]

TOPIC_PARAGRAPHS = {
    "green-park": "园区同步推进分布式光伏和储能项目建设，引导企业开展清洁生产审核，"
    "绿色工厂、绿色供应链管理企业数量持续增加。",
    "digital-zone": "平台汇聚园区企业运行、能耗和安全生产数据，管理部门据此精准服务企业，"
    "企业也能在线办理报修、用工和融资等事项。",
    "business-env": "园区还推行承诺制审批和“拿地即开工”模式，设立企业服务中心，"
    "为企业提供全生命周期帮办代办服务。",
    "opening-up": "园区持续优化通关流程，推行“提前申报”“两步申报”等便利化措施，"
    "整体通关时间明显压缩，外向型企业获得感不断增强。",
}

# The association's own news and notices: its source is the association.
NOTICES = [
    ("关于发展新会员的通知",
     "<p>各有关单位：</p><p>为进一步扩大协会覆盖面，更好地服务开发区发展，协会现面向全国各类开发区"
     "管理机构及相关企事业单位发展新会员。</p><h2>一、申请条件</h2><p>依法设立、拥护本会章程、"
     "有加入本会意愿的开发区管理机构及相关单位。</p><h2>二、办理方式</h2><p>请下载并填写"
     "本通知所附《入会申请表》，加盖公章后报送协会秘书处。</p><p>中国开发区协会</p>"),
    ("关于召开2026年度会员代表大会的通知",
     "<p>各会员单位：</p><p>经研究，协会定于2026年12月在北京召开年度会员代表大会，"
     "审议理事会工作报告和财务报告。</p><p>请各会员单位于会前两周将参会回执报送协会秘书处。</p>"
     "<p>中国开发区协会</p>"),
    ("关于开展开发区高质量发展优秀案例征集工作的通知",
     "<p>各会员单位：</p><p>为总结推广开发区改革创新经验，协会决定开展高质量发展优秀案例征集工作。"
     "案例围绕产业培育、营商环境、绿色低碳和开放合作等方面，每个单位限报两个。</p>"
     "<p>中国开发区协会</p>"),
    ("关于举办开发区招商引资专题培训班的通知",
     "<p>各会员单位：</p><p>为提升开发区招商引资工作水平，协会定于下月举办专题培训班，"
     "邀请有关部门负责同志和专家学者授课。</p><p>中国开发区协会</p>"),
    ("关于《中国开发区》杂志征订工作的公告",
     "<p>《中国开发区》是协会主办的会刊，全面反映开发区建设发展成就。"
     "现启动下一年度征订工作，欢迎各单位订阅。</p><p>中国开发区协会</p>"),
    ("关于调整协会秘书处办公地址的公告",
     "<p>因工作需要，协会秘书处自下月起迁至新址办公，联系电话保持不变。</p><p>中国开发区协会</p>"),
]  # fmt: skip

ASSOCIATION_NEWS = [
    ("协会赴长三角地区开展开发区创新发展专题调研",
     "<p>近日，协会调研组赴长三角地区开展开发区创新发展专题调研，实地考察了园区企业和公共服务平台。</p>"
     "{image}<p>调研组与园区负责人座谈，听取了开发区在体制机制改革和产业培育方面的做法与建议。</p>"),
    ("协会召开开发区绿色低碳发展座谈会",
     "<p>协会在京召开开发区绿色低碳发展座谈会，来自各地开发区的代表交流了节能降碳和循环化改造经验。</p>"
     "<p>与会代表建议，进一步完善园区绿色发展评价体系。</p>"),
    ("开发区营商环境建设经验交流会在京举行",
     "<p>由协会主办的开发区营商环境建设经验交流会在京举行，十余家开发区作了交流发言。</p>"),
    ("协会举办园区数字化转型专题研讨会",
     "<p>协会举办园区数字化转型专题研讨会，围绕智慧园区建设、数据要素应用等议题开展研讨。</p>"),
    ("协会秘书处走访会员单位听取意见建议",
     "<p>协会秘书处近期走访部分会员单位，听取对协会工作的意见建议，了解开发区发展面临的困难。</p>"),
    ("开发区人才工作研讨班顺利结业",
     "<p>为期五天的开发区人才工作研讨班顺利结业，学员们表示收获很大。</p>"),
]  # fmt: skip

POLICY = [
    ("解读：推动开发区改革创新发展的若干举措",
     "<p>近期出台的政策文件从优化管理体制、提升开放水平和推动产业升级等方面，"
     "对开发区改革创新发展作出部署。本文梳理其中的要点。</p>"),
    ("关于支持开发区建设标准化厂房的政策要点",
     "<p>标准化厂房建设有利于降低中小企业投资门槛、提高土地利用效率。本文介绍相关支持政策。</p>"),
    ("图解：开发区综合发展水平考核评价办法",
     "<p>考核评价办法从产业基础、科技创新、开放合作和绿色发展等方面设置指标。</p>"),
    ("一文读懂综合保税区维修业务监管新规",
     "<p>新规进一步明确综合保税区内企业开展保税维修业务的范围和监管要求。</p>"),
]  # fmt: skip


def cover_png(seed):
    """A 1200×675 cover: a diagonal two-colour gradient with a few translucent shapes."""
    rng = random.Random(seed)
    width, height = 1200, 675
    top = (rng.randint(0, 80), rng.randint(60, 140), rng.randint(140, 220))
    bottom = (rng.randint(120, 255), rng.randint(120, 220), rng.randint(40, 160))
    gradient = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(gradient)
    for y in range(height):
        t = y / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _i in range(6):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(60, 260)
        fill = (255, 255, 255, rng.randint(30, 80))
        if rng.random() < 0.5:
            shapes.ellipse([x - r, y - r, x + r, y + r], fill=fill)
        else:
            shapes.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=fill)
    # A skyline of "buildings": the development zone motif.
    x = 0
    while x < width:
        w, h = rng.randint(40, 110), rng.randint(80, 300)
        shapes.rectangle([x, height - h, x + w, height], fill=(255, 255, 255, 70))
        x += w + rng.randint(6, 20)
    image = Image.alpha_composite(gradient.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


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


def zone_body(rng, zone, lead, topic, image=""):
    parts = [f"<p>{lead}</p>", image]
    if topic:
        parts.append(f"<p>{TOPIC_PARAGRAPHS[topic]}</p>")
    parts += [f"<p>{text.format(zone=zone)}</p>" for text in rng.sample(PARAGRAPHS, 2)]
    parts.insert(3, "<h2>重点工作推进有力</h2>")
    parts.append(
        "<table><thead><tr><th>指标</th><th>数值</th><th>同比</th></tr></thead><tbody>"
        f"<tr><td>规上工业增加值</td><td>{rng.randint(80, 600)}亿元</td>"
        f"<td>+{rng.randint(3, 15)}%</td></tr>"
        f"<tr><td>实际使用外资</td><td>{rng.randint(1, 30)}亿美元</td>"
        f"<td>+{rng.randint(2, 20)}%</td></tr>"
        "</tbody></table>"
    )
    return "".join(parts)


def _article_specs():
    """Every demo article as a dict, deterministic. Zone news is about one zone: in its
    region's channel, under that zone as source; the association's news and notices come
    from the association; a topic's articles are about the topic."""
    rng = random.Random(2026)
    specs = []
    for i in range(42):
        place, region = PLACES[i % len(PLACES)]
        kind, headline, topic, channel, lead = SUBJECTS[(i + i // len(PLACES)) % len(SUBJECTS)]
        if kind == "provincial" and region is None:
            kind = "etdz"
        suffix, short, kind_channel = ZONE_KINDS[kind]
        zone = f"{place}{suffix}"
        n, m = rng.randint(3, 30), rng.randint(20, 300)
        specs.append(
            {
                "title": f"{place}{short}{headline.format(n=n, m=m)}",
                "channel": channel or (region if kind_channel == "provincial" else kind_channel),
                "source": f"{zone}管委会",
                "zone": zone,
                "lead": lead.format(zone=zone, n=n, m=m),
                "topic": topic,
                "tags": SUBJECT_TAGS[topic or channel],
                "image": i in (1, 8),
            }
        )
    for title, body in ASSOCIATION_NEWS:
        specs.append({"title": title, "channel": "association-news", "body": body})
    for title, body in POLICY:
        specs.append({"title": title, "channel": "policy", "body": body})
    for title, body in NOTICES:
        specs.append({"title": title, "channel": "notices", "body": body})
    for spec in specs:
        spec.setdefault("source", ASSOCIATION)
    return specs


def _figure(seed, caption):
    """An inline photo stored as the editor's upload button stores one."""
    url, width, height = store_body_image(ContentFile(cover_png(seed), name="photo.jpg"))
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
    created = load_legacy_article(channels, topics["july-first"])
    for index, spec in enumerate(_article_specs()):
        if Article.objects.filter(title=spec["title"]).exists():
            continue
        status = Article.Status.PUBLISHED
        publish_at = now - timedelta(days=index * 1.7, hours=rng.randint(0, 10))
        if index in (5, 17):  # scheduled: published, but their time has not come
            publish_at = now + timedelta(days=2 + index % 3)
        elif index in (9, 23):
            status = Article.Status.DRAFT
        elif index == 31:
            status = Article.Status.PENDING
        if "zone" in spec:
            image = _figure(index, f"{spec['zone']}一景") if spec["image"] else ""
            body = zone_body(rng, spec["zone"], spec["lead"], spec["topic"], image)
        else:
            image = _figure(index, "调研现场") if "{image}" in spec["body"] else ""
            body = spec["body"].replace("{image}", image)
        name = spec["source"]
        if name not in sources:
            sources[name] = Source.objects.get_or_create(name=name)[0]
        article = Article(
            title=spec["title"],
            channel=channels[spec["channel"]],
            source=sources[name],
            author=rng.choice(["", "本网记者", "通讯员 王明", "通讯员 李华"])
            if "zone" in spec
            else "",
            body=body,
            status=status,
            publish_at=publish_at,
            is_pinned=index in (0, 1, 2, 3, 4, 6),
            view_count=rng.randint(50, 3000),
        )
        if index % 2 == 0 or article.is_pinned:
            article.cover.save("cover.jpg", ContentFile(cover_png(index)), save=False)
        article.save()
        if spec.get("tags"):
            article.tags.add(*spec["tags"])
        if spec.get("topic"):
            article.topics.add(topics[spec["topic"]])
        if spec["title"] == NOTICES[0][0]:
            attachment = Attachment(article=article, title="入会申请表")
            attachment.file.save("入会申请表.docx", ContentFile(membership_form_docx()), save=False)
            attachment.full_clean()
            attachment.save()
        created += 1

    for order, (slug, count) in enumerate(
        [("association-news", 6), ("provincial", 8), ("policy", 6), ("investment", 6),
         ("national-etdz", 6), ("hi-tech", 6)]
    ):  # fmt: skip
        HomeBlock.objects.get_or_create(
            channel=channels[slug], defaults={"order": order * 10, "count": count}
        )
    stdout.write(f"Articles ready ({created} new).")
