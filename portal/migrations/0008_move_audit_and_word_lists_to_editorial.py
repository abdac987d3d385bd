"""The audit log and the word lists now belong to the `editorial` app (its 0001 took
over their state; the tables keep their names). State only: no table is touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_audit_staff_account_actions"),
        ("editorial", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="CommonMistake"),
                migrations.DeleteModel(name="SensitiveWord"),
            ],
            database_operations=[],
        ),
    ]
