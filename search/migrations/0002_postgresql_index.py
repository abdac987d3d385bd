"""PostgreSQL only: the GIN index over the tokens, text kept inline, and default synonyms."""

from django.db import migrations

GIN_INDEX_NAME = "search_entry_vector_gin"
TABLE = "search_searchentry"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX_NAME} ON {TABLE} USING gin (vector)")
    # Keep the normalised text of an ordinary article inside the row (compressed with lz4
    # when available), so the exact check reads no TOAST table; the tokens, only read by
    # the index build, go out of line, compressed.
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN text SET STORAGE MAIN")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN title SET STORAGE MAIN")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone():
            schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN text SET COMPRESSION lz4")
            schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET COMPRESSION lz4")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX_NAME}")


def default_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms in ("经开区, 经济技术开发区", "高新区, 高新技术产业开发区"):
        SynonymGroup.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(default_synonyms, migrations.RunPython.noop),
    ]
