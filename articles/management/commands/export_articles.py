from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.legacy import export_rows, file_format, open_text_for_writing, write_rows


class Command(BaseCommand):
    help = (
        "Write the imported articles to a .jsonl or .csv file in the format import_articles "
        "reads (a readable content backup; importing it gives the same articles)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            fmt = file_format(file)
        except ValueError as error:
            raise CommandError(str(error)) from None
        with open_text_for_writing(file) as stream:
            count = write_rows(export_rows(), stream, fmt)
        self.stdout.write(
            _("Exported %(count)d articles to %(path)s.") % {"count": count, "path": file}
        )
