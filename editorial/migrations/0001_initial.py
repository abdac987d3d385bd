"""The editorial tools' models move here from `portal` (audit log, word lists) and
`articles` (revisions). The tables stay as they are (each model names its table in
`Meta.db_table`), so this migration changes Django's state only, and renames the
content types, so that permissions given to groups (审计员: view the audit log) and
audit entries about word-list changes keep pointing at the same rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = {
    "auditentry": "portal",
    "sensitiveword": "portal",
    "commonmistake": "portal",
    "revision": "articles",
}


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, old_app in MOVED.items():
        if ContentType.objects.using(db).filter(app_label="editorial", model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=old_app, model=model).update(
            app_label="editorial"
        )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, old_app in MOVED.items():
        ContentType.objects.using(db).filter(app_label="editorial", model=model).update(
            app_label=old_app
        )


class Migration(migrations.Migration):

    initial = True

    # After every migration that still creates or uses the old models' state and
    # permissions (the roles of articles 0003 and accounts 0002 among them).
    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('portal', '0007_audit_staff_account_actions'),
        ('articles', '0010_channel_kind'),
        ('accounts', '0002_auditor_role_and_unlock'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommonMistake',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('normalized', models.CharField(editable=False, max_length=200, unique=True)),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('wrong', models.CharField(max_length=100, verbose_name='wrong form')),
                        ('right', models.CharField(max_length=100, verbose_name='right form')),
                    ],
                    options={
                        'verbose_name': 'common mistake',
                        'verbose_name_plural': 'common mistakes',
                        'db_table': 'portal_commonmistake',
                        'ordering': ['normalized'],
                    },
                ),
                migrations.CreateModel(
                    name='SensitiveWord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('normalized', models.CharField(editable=False, max_length=200, unique=True)),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('word', models.CharField(max_length=100, verbose_name='word')),
                        ('level', models.CharField(choices=[('block', 'block'), ('warn', 'warn')], default='block', help_text='Block: publishing is refused until the word is removed. Warn: publishing needs an explicit confirmation, which is recorded.', max_length=5, verbose_name='level')),
                    ],
                    options={
                        'verbose_name': 'sensitive word',
                        'verbose_name_plural': 'sensitive words',
                        'db_table': 'portal_sensitiveword',
                        'ordering': ['normalized'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time')),
                        ('username', models.CharField(blank=True, max_length=150, verbose_name='user name')),
                        ('action', models.CharField(choices=[('created', 'created'), ('changed', 'changed'), ('submitted', 'submitted for review'), ('published', 'published'), ('published_anyway', 'published despite warnings'), ('rejected', 'rejected'), ('withdrawn', 'withdrawn'), ('pinned', 'pinned'), ('unpinned', 'unpinned'), ('deleted', 'deleted'), ('restored', 'restored'), ('status_changed', 'status changed'), ('reply_published', 'reply published'), ('login', 'logged in'), ('logout', 'logged out'), ('login_failed', 'login failed'), ('otp_enrolled', 'second factor enrolled'), ('otp_verified', 'second factor passed'), ('otp_failed', 'second factor failed'), ('recovery_code_used', 'recovery code used'), ('codes_replaced', 'recovery codes replaced'), ('otp_reset', 'second factor reset'), ('unlocked', 'login unlocked'), ('session_expired', 'session expired'), ('password_changed', 'password changed')], db_index=True, max_length=20, verbose_name='action')),
                        ('object_id', models.CharField(blank=True, max_length=64, verbose_name='object ID')),
                        ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='object')),
                        ('detail', models.TextField(blank=True, verbose_name='detail')),
                        ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                        ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype', verbose_name='object type')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'audit log entry',
                        'verbose_name_plural': 'audit log',
                        'db_table': 'portal_auditentry',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='portal_audi_content_5784a7_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='Revision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('version', models.PositiveIntegerField(verbose_name='version')),
                        ('kind', models.CharField(choices=[('created', 'Created'), ('saved', 'Saved'), ('submitted', 'Submitted for review'), ('changes', 'Changes submitted for review'), ('published', 'Published'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('restored', 'Restored')], max_length=10, verbose_name='what happened')),
                        ('data', models.JSONField(verbose_name='content')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='content type')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'revision',
                        'verbose_name_plural': 'revisions',
                        'db_table': 'articles_revision',
                        'ordering': ['-id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id', '-id'], name='revision_object_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
