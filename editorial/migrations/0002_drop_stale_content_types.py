"""On a new database, role migrations that ran between editorial 0001 and the state
moves (they call create_permissions on the historical apps) may have created the old
content types again. Whatever their permissions were given to passes to the editorial
ones, then the old content types go."""

from django.db import migrations

MOVED = {
    "auditentry": "portal",
    "sensitiveword": "portal",
    "commonmistake": "portal",
    "revision": "articles",
}


def drop_stale_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for model, old_app in MOVED.items():
        stale = ContentType.objects.using(db).filter(app_label=old_app, model=model).first()
        current = ContentType.objects.using(db).filter(app_label="editorial", model=model).first()
        if stale is None:
            continue
        if current is None:
            stale.app_label = "editorial"
            stale.save(update_fields=["app_label"])
            continue
        for old in Permission.objects.using(db).filter(content_type=stale):
            new = Permission.objects.using(db).filter(
                content_type=current, codename=old.codename
            ).first()
            if new is not None:
                for group in old.group_set.all():
                    group.permissions.add(new)
                for user in old.user_set.all():
                    user.user_permissions.add(new)
        stale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("portal", "0008_move_audit_and_word_lists_to_editorial"),
        ("articles", "0011_move_revision_to_editorial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(drop_stale_content_types, migrations.RunPython.noop)]
