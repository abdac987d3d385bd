"""The two editorial roles: 编辑 (write, submit for review) and 审核 (also publish, withdraw, pin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "编辑"
REVIEWER_GROUP = "审核"

EDITOR_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_attachment"),
    ("articles", "change_attachment"),
    ("articles", "delete_attachment"),
    ("articles", "view_attachment"),
    ("articles", "add_source"),
    ("articles", "view_source"),
    ("articles", "view_channel"),
    ("articles", "view_topic"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]
REVIEWER_EXTRA = [
    ("articles", "publish_article"),
    ("articles", "delete_article"),
    ("articles", "change_source"),
    ("articles", "add_topic"),
    ("articles", "change_topic"),
    ("articles", "change_homeblock"),
    ("articles", "view_homeblock"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        return found

    editors, _created = Group.objects.get_or_create(name=EDITOR_GROUP)
    editors.permissions.add(*permissions(EDITOR_PERMISSIONS))
    reviewers, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    reviewers.permissions.add(*permissions(EDITOR_PERMISSIONS + REVIEWER_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR_GROUP, REVIEWER_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_cover_renditions_home_blocks"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
