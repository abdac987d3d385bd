"""Demo site settings, footer link groups and word lists (original content for this project)."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from .models import Link, LinkGroup, SiteSettings

LINK_GROUPS = [
    (
        "gov",
        "政府部门",
        [
            ("国务院", "https://www.gov.cn/"),
            ("商务部", "https://www.mofcom.gov.cn/"),
            ("国家发展和改革委员会", "https://www.ndrc.gov.cn/"),
            ("科学技术部", "https://www.most.gov.cn/"),
            ("工业和信息化部", "https://www.miit.gov.cn/"),
            ("自然资源部", "https://www.mnr.gov.cn/"),
            ("海关总署", "http://www.customs.gov.cn/"),
            ("国家统计局", "https://www.stats.gov.cn/"),
        ],
    ),
    ("associations", "行业协会", []),
    (
        "media",
        "新闻媒体",
        [
            ("新华网", "https://www.xinhuanet.com/"),
            ("人民网", "http://www.people.com.cn/"),
            ("央视网", "https://www.cctv.com/"),
            ("中国新闻网", "https://www.chinanews.com.cn/"),
            ("光明网", "https://www.gmw.cn/"),
            ("第一财经", "https://www.yicai.com/"),
        ],
    ),
    (
        "friends",
        "友情链接",
        [
            ("中国国际投资贸易洽谈会", "https://www.chinafair.org.cn/"),
            ("中国政府采购网", "http://www.ccgp.gov.cn/"),
        ],
    ),
]


def qr_placeholder_png():
    """A QR-like square pattern for the demo (the real code comes from the WeChat account)."""
    image = Image.new("RGB", (210, 210), "white")
    draw = ImageDraw.Draw(image)
    for corner in [(10, 10), (140, 10), (10, 140)]:
        x, y = corner
        draw.rectangle([x, y, x + 60, y + 60], outline="black", width=8)
        draw.rectangle([x + 20, y + 20, x + 40, y + 40], fill="black")
    for i in range(12):
        for j in range(12):
            if (i * 7 + j * 3) % 5 == 0 and not (i < 5 and j < 5):
                draw.rectangle([80 + i * 10, 80 + j * 10, 88 + i * 10, 88 + j * 10], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def load(stdout):
    settings_obj = SiteSettings.load()
    if not settings_obj.copyright_holder:
        contact = settings.DEMO_CONTACT  # placeholders, marked as examples there
        settings_obj.site_name = "中国开发区协会"
        settings_obj.copyright_holder = "中国开发区协会"
        settings_obj.wechat_account = "开发区协会资讯"
        settings_obj.qq_group = contact["qq_group"]
        settings_obj.icp_number = contact["icp_number"]
        settings_obj.address = contact["address"]
        settings_obj.postcode = contact["postcode"]
        settings_obj.phone = contact["phone"]
        settings_obj.email = contact["email"]
        settings_obj.description = "中国开发区协会网站：开发区资讯、政策解读、协会服务与会员信息。"
        settings_obj.keywords = "开发区,经济技术开发区,高新区,园区,协会"
        settings_obj.wechat_qr.save("wechat.png", ContentFile(qr_placeholder_png()), save=False)
        settings_obj.save()
    for order, (slug, name, links) in enumerate(LINK_GROUPS):
        group, _created = LinkGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
        for link_order, (link_name, url) in enumerate(links):
            Link.objects.get_or_create(
                group=group, name=link_name, defaults={"url": url, "order": link_order}
            )
    stdout.write("Site settings and footer links ready.")
