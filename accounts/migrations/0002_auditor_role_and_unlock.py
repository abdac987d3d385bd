"""The 审计员 (auditor) role: reads the audit log and nothing else. Reviewers (审核) may see
and lift login locks (登录锁定)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDITOR_GROUP = "审计员"
REVIEWER_GROUP = "审核"

AUDITOR_PERMISSIONS = [("portal", "view_auditentry")]
REVIEWER_EXTRA = [("accounts", "view_loginlock"), ("accounts", "unlock_login")]


def create_roles(apps, schema_editor):
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

    auditors, _created = Group.objects.get_or_create(name=AUDITOR_GROUP)
    auditors.permissions.set(permissions(AUDITOR_PERMISSIONS))
    reviewers, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    reviewers.permissions.add(*permissions(REVIEWER_EXTRA))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=AUDITOR_GROUP).delete()
    reviewers = Group.objects.filter(name=REVIEWER_GROUP).first()
    if reviewers is not None:
        reviewers.permissions.remove(
            *reviewers.permissions.filter(
                content_type__app_label="accounts",
                codename__in=[codename for _app, codename in REVIEWER_EXTRA],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("portal", "0007_audit_staff_account_actions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
