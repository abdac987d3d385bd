"""The review stage roles: 初审, 复审 and 终审 (editorial.review).

Each may do what an editor may (read and write articles) and approve its stage of a
channel with 2 or 3 review stages; 终审 also publishes (`articles.publish_article`). Group
审核 keeps today's single review: it publishes the articles of single-stage channels and
holds no stage of a multi-stage one.
"""

import importlib

from django.contrib.auth.management import create_permissions
from django.db import migrations

roles = importlib.import_module("articles.migrations.0003_editor_roles")

STAGE_GROUPS = {
    "初审": [("editorial", "review_first")],
    "复审": [("editorial", "review_second")],
    "终审": [("editorial", "review_final"), ("articles", "publish_article")],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, extra in STAGE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in [*roles.EDITOR_PERMISSIONS, *extra]:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(STAGE_GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_channel_review_stages"),
        ("editorial", "0003_review_steps_signoff_links_comments"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
