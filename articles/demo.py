"""Demo channels, topics, sources, tags and articles (original text generated for this project).

Idempotent: everything is found by its natural key (slug, name, title) before it is created.
Covers are drawn with Pillow (gradients and shapes, no text, so no CJK font is needed).
"""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from .models import Article, Channel, HomeBlock, Source, Topic

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

SOURCES = [
    "中国开发区协会", "山东菏泽经济开发区", "苏州工业园区管委会", "合肥高新区管委会",
    "成都经济技术开发区", "西安高新区", "天津经济技术开发区", "协会秘书处",
]  # fmt: skip

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

PLACES = [
    "菏泽", "苏州", "合肥", "成都", "西安", "天津", "青岛", "宁波", "郑州", "武汉", "长沙", "南昌",
    "昆山", "烟台", "泉州", "绵阳", "襄阳", "芜湖", "洛阳", "宜宾",
]  # fmt: skip
SUBJECTS = [
    ("经济开发区", "新签约重点项目{n}个", "总投资超过{m}亿元"),
    ("高新区", "举办科技成果转化对接会", "{n}家企业达成合作意向"),
    ("综合保税区", "前三季度进出口额同比增长{n}%", "跨境电商业务持续扩大"),
    ("经济技术开发区", "出台支持制造业高质量发展若干措施", "涉及{n}项具体举措"),
    ("开发区", "推进“一网通办”改革", "企业开办时间压缩至{n}个工作日"),
    ("高新区", "新增国家级专精特新“小巨人”企业{n}家", "创新主体不断壮大"),
    ("经济开发区", "建设标准化厂房{n}万平方米", "助力项目“拎包入驻”"),
    ("开发区", "开展循环化改造", "单位产值能耗下降{n}%"),
]

PARAGRAPHS = [
    "今年以来，{place}{kind}坚持把发展经济的着力点放在实体经济上，围绕主导产业延链补链强链，"
    "以项目建设为抓手，推动经济运行稳中有进。园区负责人介绍，新落地项目涵盖新材料、高端装备和生物医药等领域。",
    "在服务保障方面，{place}{kind}组建项目专班，实行“一个项目、一名领导、一套班子、一抓到底”的推进机制，"
    "帮助企业协调解决用地、用能和用工等问题，确保项目早开工、早投产、早见效。",
    "与此同时，园区持续优化营商环境，推行承诺制审批和“拿地即开工”模式，审批事项平均办理时限明显缩短。"
    "多家企业表示，园区服务“有求必应、无事不扰”，坚定了在此扩大投资的信心。",
    "科技创新方面，{place}{kind}加快建设公共技术服务平台和中试基地，引导企业加大研发投入，"
    "推动产学研深度融合。目前，园区已集聚各类研发机构数十家，科技型中小企业数量稳步增长。",
    "下一步，{place}{kind}将锚定高质量发展目标，聚焦产业集群培育、开放平台建设和绿色低碳转型，"
    "以更大力度推进改革创新，努力在区域发展中发挥更大的带动作用。",
]

NOTICE_TITLES = [
    "关于召开2026年度会员代表大会的通知",
    "关于开展开发区高质量发展优秀案例征集工作的通知",
    "关于举办开发区招商引资专题培训班的通知",
    "关于《中国开发区》杂志征订工作的公告",
    "关于调整协会秘书处办公地址的公告",
    "关于组织参加中国国际投资贸易洽谈会的通知",
]

ASSOCIATION_TITLES = [
    "协会赴长三角地区开展开发区创新发展专题调研",
    "协会召开开发区绿色低碳发展座谈会",
    "开发区营商环境建设经验交流会在京举行",
    "协会举办园区数字化转型专题研讨会",
    "协会秘书处走访会员单位听取意见建议",
    "开发区人才工作研讨班顺利结业",
]

POLICY_TITLES = [
    "解读：推动开发区改革创新发展的若干举措",
    "关于支持开发区建设标准化厂房的政策要点",
    "图解：开发区综合发展水平考核评价办法",
    "一文读懂综合保税区维修业务监管新规",
]


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


def body_html(rng, place, kind):
    chosen = rng.sample(PARAGRAPHS, 4)
    parts = [f"<p>{text.format(place=place, kind=kind)}</p>" for text in chosen]
    parts.insert(2, "<h2>重点工作推进有力</h2>")
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
    """(title, channel slug, extra) for every demo article, deterministic."""
    rng = random.Random(2026)
    specs = []
    regional = [
        "provincial-east",
        "provincial-central",
        "national-etdz",
        "hi-tech",
        "bonded",
        "investment",
    ]
    for i in range(42):
        place = PLACES[i % len(PLACES)]
        kind, action, result = SUBJECTS[i % len(SUBJECTS)]
        n, m = rng.randint(3, 30), rng.randint(20, 300)
        title = f"{place}{kind}{action.format(n=n, m=m)}，{result.format(n=n, m=m)}"
        specs.append((title, regional[i % len(regional)], {"place": place, "kind": kind}))
    for title in ASSOCIATION_TITLES:
        specs.append((title, "association-news", {"place": "", "kind": "协会"}))
    for title in POLICY_TITLES:
        specs.append((title, "policy", {"place": "", "kind": "开发区"}))
    for title in NOTICE_TITLES:
        specs.append((title, "notices", {"place": "", "kind": "协会"}))
    return specs


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
            },
        )
        channels[slug] = channel

    topics = []
    for order, (slug, title, intro, colour) in enumerate(TOPICS):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            topic = Topic(slug=slug, title=title, intro=intro, order=order)
            topic.banner.save(f"{slug}.png", ContentFile(banner_png(colour)), save=False)
            topic.save()
        topics.append(topic)

    sources = [Source.objects.get_or_create(name=name)[0] for name in SOURCES]

    now = timezone.now()
    rng = random.Random(60)
    created = 0
    for index, (title, slug, extra) in enumerate(_article_specs()):
        if Article.objects.filter(title=title).exists():
            continue
        status = Article.Status.PUBLISHED
        publish_at = now - timedelta(days=index * 1.7, hours=rng.randint(0, 10))
        if index in (5, 17):  # scheduled: published, but their time has not come
            publish_at = now + timedelta(days=2 + index % 3)
        elif index in (9, 23):
            status = Article.Status.DRAFT
        elif index == 31:
            status = Article.Status.PENDING
        article = Article(
            title=title,
            channel=channels[slug],
            source=sources[index % len(sources)],
            author=rng.choice(["", "本网记者", "通讯员 王明", "通讯员 李华"]),
            body=body_html(rng, extra["place"], extra["kind"]),
            status=status,
            publish_at=publish_at,
            is_pinned=index in (0, 1, 2, 3, 4, 6),
            view_count=rng.randint(50, 3000),
        )
        if index % 2 == 0 or article.is_pinned:
            article.cover.save("cover.jpg", ContentFile(cover_png(index)), save=False)
        article.save()
        if slug != "notices":
            article.tags.add(*rng.sample(TAGS, 2))
            if index % 3 == 0:
                article.topics.add(topics[index % len(topics)])
        created += 1

    for order, (slug, count) in enumerate(
        [("association-news", 6), ("provincial", 8), ("policy", 6), ("investment", 6),
         ("national-etdz", 6), ("hi-tech", 6)]
    ):  # fmt: skip
        HomeBlock.objects.get_or_create(
            channel=channels[slug], defaults={"order": order * 10, "count": count}
        )
    stdout.write(f"Articles ready ({created} new).")
