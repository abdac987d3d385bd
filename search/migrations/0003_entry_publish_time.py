"""A copy of the publication time in the entry, to walk and sort entries newest first.

On PostgreSQL the normalised text moves out of line (compressed, in TOAST): the entry
rows become narrow, so GIN candidates are read and sorted without reading their texts.
Rows written before this migration keep their inline text until they are rewritten
(`manage.py rebuild_search_index`).
"""

from django.db import migrations, models

TABLE = "search_searchentry"


def copy_publish_times(apps, schema_editor):
    schema_editor.execute(
        f"UPDATE {TABLE} SET publish_at = "
        f"(SELECT publish_at FROM articles_article WHERE articles_article.id = {TABLE}.article_id)"
    )


# The copy follows the article even through QuerySet.update() (no signal is sent then).
PG_TRIGGER = f"""
CREATE OR REPLACE FUNCTION search_entry_copy_publish_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET publish_at = NEW.publish_at WHERE article_id = NEW.id;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS search_entry_publish_at ON articles_article;
CREATE TRIGGER search_entry_publish_at AFTER UPDATE OF publish_at ON articles_article
FOR EACH ROW WHEN (OLD.publish_at IS DISTINCT FROM NEW.publish_at)
EXECUTE FUNCTION search_entry_copy_publish_at();
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER IF NOT EXISTS search_entry_publish_at AFTER UPDATE OF publish_at ON articles_article
FOR EACH ROW WHEN OLD.publish_at IS NOT NEW.publish_at
BEGIN
    UPDATE {TABLE} SET publish_at = NEW.publish_at WHERE article_id = NEW.id;
END
"""


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_publish_at ON articles_article")
        schema_editor.execute("DROP FUNCTION IF EXISTS search_entry_copy_publish_at()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_publish_at")


def text_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # toast_tuple_target 128 (the minimum): any sizeable text is compressed, then moved.
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN text SET STORAGE EXTENDED")


def text_inline(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN text SET STORAGE MAIN")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editor_roles"),
        ("search", "0002_postgresql_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="publish_at",
            field=models.DateTimeField(null=True, verbose_name="publish time"),
        ),
        migrations.RunPython(copy_publish_times, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["-publish_at", "-article"], name="search_entry_order_idx"),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
        migrations.RunPython(text_out_of_line, text_inline),
    ]
