# ruff: noqa: E501 (Chinese sentences are kept whole)
"""Demo content of the association app (original text written for this project).

The people named on the 领导成员 page are fictional, as in any demo; contact details
come from the one block of example data, `settings.DEMO_CONTACT`.

Idempotent: everything is looked up by a natural key (slug, name, year and number)
before it is created, so running the demo twice duplicates nothing.
"""

import datetime
import io
import random
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from .models import Industry, Issue, MemberAssociation, Page, TocEntry, Zone
from .regions import Province, region_of

PAGES = [
    (
        "about",
        "中国开发区协会",
        "",
        "<p>中国开发区协会是由全国各类开发区及相关机构自愿组成的全国性、行业性社会组织，"
        "致力于为会员提供交流合作、政策研究与咨询培训服务。</p>",
        [
            (
                "introduction",
                "协会简介",
                "<p>协会成立以来，始终围绕开发区高质量发展开展工作，联系服务各地经济技术开发区、"
                "高新技术产业开发区、海关特殊监管区域和边境经济合作区。</p>"
                "<p>协会通过年会、专题研讨、信息发布和调查研究，推动园区间经验交流，"
                "为政府部门制定政策提供参考。</p>",
            ),
            (
                "charter",
                "协会章程",
                "<h2>第一章 总则</h2><p>第一条 本会名称为中国开发区协会，英文名称为China Association "
                "of Development Zones。</p><p>第二条 本会是由全国各类开发区管理机构和相关企事业单位自愿结成的"
                "全国性、行业性、非营利性社会组织。</p><p>第三条 本会宗旨是服务会员、服务行业、服务政府，"
                "促进开发区创新发展、开放发展和绿色发展。本会遵守宪法、法律法规和国家政策，践行社会主义核心价值观。</p>"
                "<h2>第二章 业务范围</h2><p>第四条 本会的业务范围包括：</p><ol><li>开展开发区政策研究和行业调查，"
                "向政府有关部门反映会员诉求；</li><li>组织开发区之间的经验交流、考察学习和人员培训；</li>"
                "<li>举办论坛、展会和项目对接活动，促进国内外经济技术合作；</li><li>编辑出版会刊《中国开发区》，"
                "建设和维护协会网站；</li><li>承办政府有关部门委托的其他事项。</li></ol>"
                "<h2>第三章 会员</h2><p>第五条 本会实行单位会员制。拥护本会章程、有加入本会意愿、在开发区建设"
                "管理领域具有一定影响的单位，可申请成为本会会员。</p><p>第六条 会员入会须提交入会申请书，"
                "经理事会讨论通过后由秘书处颁发会员证书。</p>",
            ),
            (
                "organization",
                "组织机构",
                "<p>协会设会员代表大会、理事会和常务理事会，日常工作由秘书处承担。</p>"
                "<ul><li>综合部</li><li>会员服务部</li><li>研究咨询部</li><li>会刊编辑部</li></ul>",
            ),
            (
                "leaders",
                "领导成员",
                "<p>协会领导成员由会员代表大会选举产生，每届任期五年。第七届理事会领导成员如下（按职务排列）：</p>"
                "<h2>会长</h2><p>周立新</p><h2>副会长</h2><ul><li>陈建平（江苏省开发区协会会长）</li>"
                "<li>刘海燕（浙江省开发区协会会长）</li><li>王志强（广东省开发区协会会长）</li>"
                "<li>赵明远（四川省开发区协会会长）</li></ul><h2>秘书长</h2><p>孙卫东</p>"
                "<h2>副秘书长</h2><ul><li>李晓红</li><li>郑国栋</li></ul>",
            ),
            (
                "join",
                "入会指南",
                "<h2>入会条件</h2><p>依法设立的各类开发区管理机构及相关企事业单位，"
                "拥护本会章程，均可申请加入。</p><h2>办理流程</h2>"
                "<ol><li>提交入会申请表；</li><li>秘书处审核；</li><li>理事会批准并颁发会员证书。</li></ol>",
            ),
            (
                "contact",
                "联系我们",
                # Placeholders from the one block of example contact data (settings.DEMO_CONTACT).
                f"<p>秘书处地址：{settings.DEMO_CONTACT['address']}（邮编 "
                f"{settings.DEMO_CONTACT['postcode']}）</p><p>办公电话：{settings.DEMO_CONTACT['phone']}"
                f"（工作日 9:00—17:00）</p><p>电子邮箱：{settings.DEMO_CONTACT['email']}</p>"
                "<p>会员入会、杂志征订和会议报名等事项，请通过以上方式与秘书处联系。</p>",
            ),
        ],
    ),
    (
        "services",
        "协会服务",
        "",
        "<p>协会面向会员单位提供培训、会展、咨询和调研等服务。</p>",
        [
            (
                "training",
                "培训",
                "<p>每年举办开发区管理干部培训班，内容涵盖招商引资、营商环境、产业规划和安全生产等。</p>",
            ),
            (
                "exhibitions",
                "会展",
                "<p>组织会员参加国内外投资贸易洽谈活动，搭建园区推介和项目对接平台。</p>",
            ),
            (
                "consulting",
                "咨询",
                "<p>为园区提供发展规划、产业定位、体制机制改革等方面的咨询服务。</p>",
            ),
            (
                "research",
                "调研",
                "<p>围绕开发区发展的热点难点问题开展专题调研，形成研究报告供会员参考。</p>",
            ),
        ],
    ),
]

INDUSTRIES = [
    ("新一代信息技术", "it"),
    ("高端装备制造", "equipment"),
    ("生物医药", "biomedicine"),
    ("新材料", "materials"),
    ("新能源汽车", "nev"),
    ("节能环保", "green"),
    ("现代物流", "logistics"),
    ("集成电路", "ic"),
    ("食品加工", "food"),
    ("纺织服装", "textile"),
    ("石油化工", "petrochemical"),
    ("跨境电商", "ecommerce"),
]

CITIES = {
    "beijing": ["北京"],
    "tianjin": ["天津", "滨海"],
    "hebei": ["石家庄", "唐山", "保定", "廊坊", "沧州"],
    "shanxi": ["太原", "大同", "晋中"],
    "neimenggu": ["呼和浩特", "包头", "鄂尔多斯", "满洲里", "二连浩特"],
    "liaoning": ["沈阳", "大连", "鞍山", "营口", "丹东"],
    "jilin": ["长春", "吉林", "延吉", "珲春"],
    "heilongjiang": ["哈尔滨", "大庆", "齐齐哈尔", "绥芬河", "黑河"],
    "shanghai": ["上海", "闵行", "松江"],
    "jiangsu": ["南京", "苏州", "无锡", "常州", "南通", "扬州", "徐州", "连云港"],
    "zhejiang": ["杭州", "宁波", "嘉兴", "绍兴", "温州", "金华"],
    "anhui": ["合肥", "芜湖", "马鞍山", "滁州"],
    "fujian": ["福州", "厦门", "泉州", "漳州"],
    "jiangxi": ["南昌", "九江", "赣州"],
    "shandong": ["济南", "青岛", "烟台", "潍坊", "威海", "临沂"],
    "henan": ["郑州", "洛阳", "新乡", "许昌"],
    "hubei": ["武汉", "襄阳", "宜昌", "黄石"],
    "hunan": ["长沙", "株洲", "湘潭", "岳阳"],
    "guangdong": ["广州", "深圳", "珠海", "佛山", "东莞", "惠州", "湛江"],
    "guangxi": ["南宁", "柳州", "钦州", "凭祥", "东兴"],
    "hainan": ["海口", "洋浦"],
    "chongqing": ["重庆", "万州", "长寿"],
    "sichuan": ["成都", "绵阳", "德阳", "宜宾"],
    "guizhou": ["贵阳", "遵义"],
    "yunnan": ["昆明", "曲靖", "瑞丽", "河口"],
    "xizang": ["拉萨"],
    "shaanxi": ["西安", "宝鸡", "咸阳", "榆林"],
    "gansu": ["兰州", "天水", "金昌"],
    "qinghai": ["西宁", "格尔木"],
    "ningxia": ["银川", "石嘴山"],
    "xinjiang": ["乌鲁木齐", "石河子", "霍尔果斯", "喀什", "伊宁"],
}

BORDER_CITIES = {
    "满洲里", "二连浩特", "丹东", "珲春", "绥芬河", "黑河", "凭祥",
    "东兴", "瑞丽", "河口", "霍尔果斯", "喀什", "伊宁",
}  # fmt: skip

# (name suffix, type, level, earliest year, short-name suffix)
ZONE_KINDS = [
    ("经济技术开发区", Zone.Type.ETDZ, Zone.Level.NATIONAL, 1984, "经开区"),
    ("高新技术产业开发区", Zone.Type.HIGHTECH, Zone.Level.NATIONAL, 1988, "高新区"),
    ("综合保税区", Zone.Type.BONDED, Zone.Level.NATIONAL, 2006, "综保区"),
    ("经济开发区", Zone.Type.ETDZ, Zone.Level.PROVINCIAL, 1992, "经开区"),
    ("高新技术产业园区", Zone.Type.HIGHTECH, Zone.Level.PROVINCIAL, 1995, "高新园"),
    ("现代服务业集聚区", Zone.Type.OTHER, Zone.Level.PROVINCIAL, 2008, "服务业集聚区"),
]

# No website is given where we do not know the member's own address (no invented links).
MEMBERS = [
    ("jiangsu", "江苏省开发区协会", ""),
    ("zhejiang", "浙江省开发区协会", ""),
    ("guangdong", "广东省开发区协会", ""),
    ("shandong", "山东省开发区协会", ""),
    ("hubei", "湖北省开发区协会", ""),
    ("sichuan", "四川省开发区协会", ""),
    ("liaoning", "辽宁省开发区协会", ""),
    ("henan", "河南省开发区协会", ""),
    ("anhui", "安徽省开发区协会", ""),
    ("shaanxi", "陕西省开发区协会", ""),
    ("jiangsu", "苏州市开发区协会", ""),
    ("guangdong", "深圳市园区发展促进会", ""),
]

TOC_SECTIONS = [
    ("特别策划", ["园区高质量发展的{topic}路径", "从“{topic}”看开发区新动能"]),
    ("政策解读", ["{topic}相关政策要点梳理", "读懂新一轮{topic}支持措施"]),
    ("园区观察", ["{city}：以{topic}带动产业升级", "{city}开发区的{topic}实践"]),
    ("对话", ["访{city}园区负责人：谈{topic}"]),
    ("数据", ["{topic}主要指标季度分析"]),
]
TOPICS = ["营商环境", "科技创新", "开放合作", "绿色低碳", "数字化转型", "招商引资"]
TOPICS += ["产业链协同", "人才服务", "对外贸易", "安全生产", "土地集约利用", "体制改革"]


FONT_PATH = Path(__file__).resolve().parent / "demo_font" / "wqy-microhei-subset.ttf"
# Every character drawn on a demo image; the font holds exactly these (see its README).
COVER_TEXT = (
    "中国开发区协会主办年第期总聚焦月刊0123456789 《》·"
    + "".join(TOPICS)
    + "".join(name for _province, name, _website in MEMBERS)
)


def _font(size):
    return ImageFont.truetype(str(FONT_PATH), size)


def _png(size, color, accent=None):
    image = Image.new("RGB", size, color)
    if accent:
        ImageDraw.Draw(image).rectangle([0, int(size[1] * 0.72), size[0], size[1]], fill=accent)
    return image


def _encode(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def member_logo_png(name, color):
    """A round badge with the first character of the province (苏, 浙…) in white."""
    image = Image.new("RGB", (120, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, 116, 116], fill=color)
    draw.text((60, 60), name[0], font=_font(60), fill="white", anchor="mm")
    return _encode(image)


def cover_png(year, number, total, theme, color):
    """A portrait magazine cover, all in Chinese: masthead, issue line, cover story."""
    width, height = 300, 424
    image = _png((width, height), color, accent="#f2f2f2")
    draw = ImageDraw.Draw(image)
    draw.text((width // 2, 58), "中国开发区", font=_font(48), fill="white", anchor="mm")
    draw.line([(30, 96), (width - 30, 96)], fill="white", width=2)
    draw.text(
        (width // 2, 118), f"{year}年第{number}期 · 总第{total}期", font=_font(16),
        fill="white", anchor="mm",
    )  # fmt: skip
    for i in range(5):  # a skyline: the zones
        x = 24 + i * 52
        draw.rectangle([x, 300 - (i % 3 + 2) * 30, x + 36, 305], fill=(255, 255, 255))
    draw.text((width // 2, 340), theme, font=_font(26), fill=color, anchor="mm")
    draw.text((width // 2, 392), "中国开发区协会主办", font=_font(14), fill="#555555", anchor="mm")
    return _encode(image)


def load_pages():
    for order, (slug, title, summary, body, children) in enumerate(PAGES):
        parent, _created = Page.objects.get_or_create(
            slug=slug, defaults={"title": title, "body": body, "summary": summary, "order": order}
        )
        for child_order, (child_slug, child_title, child_body) in enumerate(children):
            Page.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "title": child_title,
                    "body": child_body,
                    "parent": parent,
                    "order": child_order,
                },
            )


def load_members():
    colors = ["#0b4ea2", "#c8161d", "#2a7f62", "#7a4fa0", "#d07a12", "#3b6e8f"]
    for order, (province, name, website) in enumerate(MEMBERS):
        member, created = MemberAssociation.objects.get_or_create(
            name=name,
            defaults={
                "province": province,
                "website": website,
                "order": order,
                "description": f"{name}是{Province(province).label}开发区的行业组织，"
                "组织会员交流、开展调研并向有关部门反映园区诉求。",
                "contact": "电话：0000-00000000",
            },
        )
        if created:
            logo = member_logo_png(name, colors[order % len(colors)])
            member.logo.save("logo.png", ContentFile(logo))


def load_zones():
    industries = {}
    for order, (name, slug) in enumerate(INDUSTRIES):
        industries[slug], _created = Industry.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    industry_list = list(industries.values())
    rng = random.Random(2026)
    existing = set(Zone.objects.values_list("name", flat=True))
    new_zones, zone_industries = [], {}
    for province, cities in CITIES.items():
        for city in cities:
            kinds = ZONE_KINDS[:3] if len(cities) <= 3 else ZONE_KINDS
            for suffix, zone_type, level, earliest, short in kinds:
                name = f"{city}{suffix}"
                picks = rng.sample(industry_list, rng.randint(2, 4))
                year = rng.randint(earliest, 2020)
                area = rng.randint(500, 30000) / 100
                if name in existing:
                    continue
                zone = Zone(
                    name=name,
                    short_name=f"{city}{short}",
                    province=province,
                    city=city,
                    level=level,
                    type=zone_type,
                    year_approved=year,
                    area=area,
                    address=f"{Province(province).label}{city}市示例大道 {rng.randint(1, 999)} 号",
                    introduction=f"{name}位于{city}，{year}年获批设立，"
                    f"重点发展{'、'.join(i.name for i in picks)}等产业。",
                )
                new_zones.append(zone)
                zone_industries[name] = picks
            if city in BORDER_CITIES and f"{city}边境经济合作区" not in existing:
                name = f"{city}边境经济合作区"
                zone = Zone(
                    name=name,
                    short_name=f"{city}边合区",
                    province=province,
                    city=city,
                    level=Zone.Level.NATIONAL,
                    type=Zone.Type.BORDER,
                    year_approved=rng.randint(1992, 2015),
                    introduction=f"{name}是面向周边国家开放合作的重要平台。",
                )
                new_zones.append(zone)
                zone_industries[name] = [industries["logistics"], industries["ecommerce"]]
    # bulk_create skips save(), which derives the region from the province.
    for zone in new_zones:
        zone.region = region_of(zone.province)
    Zone.objects.bulk_create(new_zones, batch_size=200)
    through = Zone.industries.through
    ids = dict(Zone.objects.filter(name__in=zone_industries).values_list("name", "id"))
    through.objects.bulk_create(
        [
            through(zone_id=ids[name], industry_id=industry.pk)
            for name, picks in zone_industries.items()
            for industry in picks
        ],
        batch_size=500,
    )


def load_magazine():
    rng = random.Random(300)
    cities = [city for cities in CITIES.values() for city in cities]
    # 2025年第12期 (总第289期) … 2026年第11期 (总第300期), plus next month's, not yet out.
    issues = [(2025, 12)] + [(2026, n) for n in range(1, 13)]
    for index, (year, number) in enumerate(issues):
        total = 289 + index
        topic = TOPICS[index % len(TOPICS)]
        upcoming = (year, number) == (2026, 12)
        issue, created = Issue.objects.get_or_create(
            year=year,
            number=number,
            defaults={
                "total_number": total,
                "theme": f"聚焦{topic}",
                "publish_date": datetime.date(year, number, 10),
                "published": not upcoming,
            },
        )
        if not created:
            continue
        cover = cover_png(
            year,
            number,
            total,
            f"聚焦{topic}",
            ["#0b4ea2", "#1d6f5f", "#8a2431", "#51437a"][index % 4],
        )
        issue.cover.save("cover.png", ContentFile(cover))
        order = 0
        for section, titles in TOC_SECTIONS:
            for template in titles:
                order += 1
                TocEntry.objects.create(
                    issue=issue,
                    section=section,
                    title=template.format(topic=topic, city=rng.choice(cities)),
                    author=rng.choice(["本刊记者", "本刊编辑部", "特约撰稿人", "研究部"]),
                    page=order * 6,
                    order=order,
                )


def link_articles():
    """Link published demo articles (when the articles app made any) to what they are about.

    A zone's news has the zone's 管委会 as source; a member association lists the news
    of zones in its province; a magazine entry points at an article on its theme.
    """
    from articles.models import Article

    published = Article.objects.published()
    if not published.exists():
        return
    by_source = {}
    for pk, source in published.filter(source__name__endswith="管委会").values_list(
        "pk", "source__name"
    ):
        by_source.setdefault(source.removesuffix("管委会"), []).append(pk)
    for zone in Zone.objects.filter(name__in=by_source):
        if not zone.articles.exists():
            zone.articles.add(*by_source[zone.name])
    for member in MemberAssociation.objects.all():
        if member.articles.exists():
            continue
        cities = CITIES.get(member.province, [])
        ids = [
            pk
            for zone_name, pks in sorted(by_source.items())
            if any(zone_name.startswith(city) for city in cities)
            for pk in pks
        ]
        member.articles.add(*ids[:4])
    articles = list(published.order_by("id")[:24])
    entries = TocEntry.objects.filter(order=1, article__isnull=True, issue__published=True)
    for index, entry in enumerate(entries.order_by("issue__total_number")):
        entry.article = articles[index % len(articles)]
        entry.save(update_fields=["article"])


def load(stdout):
    load_pages()
    load_members()
    load_zones()
    load_magazine()
    link_articles()
    stdout.write(
        f"Association: {Page.objects.count()} pages, {MemberAssociation.objects.count()} members, "
        f"{Zone.objects.count()} zones, {Issue.objects.count()} magazine issues."
    )
