"""Demo content: message categories, a few published messages, two manuscripts in review.

Idempotent: everything is found by its natural key (slug, fixed demo numbers).
"""

from datetime import timedelta

from django.utils import timezone

from .models import Manuscript, Message, MessageCategory, StatusChange

CATEGORIES = [
    ("咨询", "question", "consult@example.org"),
    ("建议", "advice", "advice@example.org"),
    ("投诉", "complaint", "complaint@example.org"),
    ("其他", "other", ""),
]

MESSAGES = [
    (
        "LY20261103-DEMQ2A",
        "question",
        "陈先生",
        "开发区年度统计报表的报送时间",
        "请问今年开发区主要经济指标报表的报送截止时间是什么时候？是否有新的模板？",
        "您好，今年报表于12月15日前通过协会统计平台报送，新模板已在“通知公告”栏目发布。",
        9,
    ),
    (
        "LY20261108-DEMA3B",
        "advice",
        "刘女士",
        "建议增设园区招商项目发布栏目",
        "不少会员单位希望能在协会网站集中发布招商项目信息，便于企业查找，建议考虑增设专门栏目。",
        "感谢您的建议。我们正在研究设立招商信息专栏，届时将在网站公布。",
        6,
    ),
    (
        "LY20261114-DEMC4C",
        "complaint",
        "网友",
        "培训报名页面无法打开",
        "上周点击培训报名链接时页面一直打不开，希望尽快修复。",
        "非常抱歉给您带来不便，问题已于次日修复，欢迎再次报名。",
        3,
    ),
    (
        "LY20261120-DEMP5D",
        "advice",
        "赵先生",
        "希望公开更多园区案例",
        "希望网站能多介绍中西部开发区在产业转移方面的经验做法。",
        "",
        1,
    ),
]

MANUSCRIPTS = [
    (
        "TG20261105-DEMK6E",
        "产城融合视角下的开发区公共服务配套研究",
        "周文静",
        "某省开发区研究中心",
        Manuscript.Status.SECOND_REVIEW,
        [Manuscript.Status.FIRST_REVIEW, Manuscript.Status.SECOND_REVIEW],
        "稿件已通过初审，正在复审，请耐心等待。",
    ),
    (
        "TG20261112-DEMM7F",
        "以数字化平台提升园区企业服务效率的探索",
        "孙浩",
        "某经济技术开发区管委会",
        Manuscript.Status.RECEIVED,
        [],
        "",
    ),
]


def load(stdout):
    now = timezone.now()
    categories = {}
    for order, (name, slug, email) in enumerate(CATEGORIES):
        categories[slug], _created = MessageCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "email": email, "order": order}
        )
    for number, slug, name, subject, content, reply, days_ago in MESSAGES:
        sent = now - timedelta(days=days_ago)
        message, created = Message.objects.get_or_create(
            number=number,
            defaults={
                "category": categories[slug],
                "name": name,
                "contact": "demo@example.org",
                "subject": subject,
                "content": content,
                "agree_to_publish": True,
                "state": Message.State.APPROVED if reply else Message.State.PENDING,
                "reply": reply,
                "replied_at": sent + timedelta(days=1) if reply else None,
                "created_at": sent,
            },
        )
        if created:
            message.set_query_code("DEMO2345")
            message.save(update_fields=["query_code_hash"])
    for number, title, author, organisation, status, steps, reply in MANUSCRIPTS:
        manuscript, created = Manuscript.objects.get_or_create(
            tracking_number=number,
            defaults={
                "title": title,
                "author_name": author,
                "organisation": organisation,
                "phone": "010-00000000",
                "email": "author@example.org",
                "abstract": f"《{title}》的摘要：结合调研材料，分析现状与问题并提出建议。",
                "declaration": True,
                "status": status,
                "reply": reply,
                "submitted_at": now - timedelta(days=14),
            },
        )
        if created:
            StatusChange.objects.create(
                manuscript=manuscript,
                status=Manuscript.Status.RECEIVED,
                changed_at=manuscript.submitted_at,
            )
            for index, step in enumerate(steps, start=1):
                changed_at = now - timedelta(days=14 - 5 * index)
                StatusChange.objects.create(
                    manuscript=manuscript, status=step, changed_at=changed_at
                )
    stdout.write("Submissions: message categories, messages and manuscripts loaded.")
