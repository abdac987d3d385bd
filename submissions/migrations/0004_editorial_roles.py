"""Roles for all the editorial work, not only articles (issue 12).

编辑 (editor): articles, association pages, magazine issues, zones, member associations;
manuscripts (status, attachments, article draft).
审核 (reviewer): everything an editor may, plus publishing (articles.publish_article),
readers' messages, navigation, footer links, tags (rename and merge).
留言管理 (message desk): readers' messages only.
Site settings, channels, users and groups stay with superusers.

Permissions are only ever added here, so permissions another migration gives these groups
are kept.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "编辑"
REVIEWER_GROUP = "审核"
MESSAGE_GROUP = "留言管理"


def crud(app_label, model, actions=("add", "change", "view")):
    return [(app_label, f"{action}_{model}") for action in actions]


ALL = ("add", "change", "delete", "view")

EDITOR = [
    *crud("association", "page"),
    *crud("association", "pageattachment", ALL),
    *crud("association", "issue"),
    *crud("association", "tocentry", ALL),
    *crud("association", "zone"),
    *crud("association", "memberassociation"),
    ("association", "view_industry"),
    ("submissions", "view_manuscript"),
    ("submissions", "change_manuscript"),
    ("submissions", "view_manuscriptattachment"),
    ("submissions", "view_statuschange"),
]
MESSAGES = [
    ("submissions", "view_message"),
    ("submissions", "change_message"),
    ("submissions", "view_messagecategory"),
]
REVIEWER = [
    *EDITOR,
    *MESSAGES,
    ("association", "delete_page"),
    ("association", "delete_issue"),
    ("association", "delete_zone"),
    ("association", "delete_memberassociation"),
    *crud("association", "industry", ALL),
    *crud("portal", "navitem", ALL),
    *crud("portal", "linkgroup", ALL),
    *crud("portal", "link", ALL),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
]
GROUPS = {EDITOR_GROUP: EDITOR, REVIEWER_GROUP: REVIEWER, MESSAGE_GROUP: MESSAGES}


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def add_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, pairs in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, pairs))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, pairs in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, pairs))
    Group.objects.filter(name=MESSAGE_GROUP, permissions=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_held_for_sensitive_words"),
        ("articles", "0005_article_review_revisions_offline"),
        ("association", "0006_issue_description"),
        ("portal", "0004_sitesettings_headline_count"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(add_roles, remove_roles)]
