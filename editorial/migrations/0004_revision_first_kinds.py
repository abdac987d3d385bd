"""Two kinds of first revision: 原始版本 (demo content, and content that existed before
revisions were kept; articles 0012 writes them) and 导入版本 (what import_articles wrote).
Choices only: no change to the table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0003_review_steps_signoff_links_comments'),
    ]

    operations = [
        migrations.AlterField(
            model_name='revision',
            name='kind',
            field=models.CharField(choices=[('created', 'Created'), ('saved', 'Saved'), ('submitted', 'Submitted for review'), ('changes', 'Changes submitted for review'), ('published', 'Published'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('restored', 'Restored'), ('original', 'Original version'), ('imported', 'Imported version')], max_length=10, verbose_name='what happened'),
        ),
    ]
