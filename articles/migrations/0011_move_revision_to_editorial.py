"""Revisions now belong to the `editorial` app (its 0001 took over the state; the table
keeps its name, articles_revision). State only: no table or constraint is touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_channel_kind"),
        ("editorial", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="pending_revision",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="editorial.revision",
                        verbose_name="changes waiting for review",
                    ),
                ),
                migrations.DeleteModel(name="Revision"),
            ],
            database_operations=[],
        ),
    ]
