from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article
from search.index import create_gin_index, drop_gin_index, index_articles
from search.models import SearchEntry
from search.query import reset_stats


class Command(BaseCommand):
    help = "Rebuild the search index of every article, in batches, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--drop-index",
            action="store_true",
            help="PostgreSQL: drop the GIN index first and build it once at the end (faster "
            "for a full rebuild; searches are slower meanwhile).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, batch_size, drop_index, no_progress, **options):
        total = Article.objects.count()
        # Entries are rewritten in place, so search keeps working during a rebuild.
        if drop_index:
            drop_gin_index()
        with tqdm(total=total, unit="article", disable=no_progress, file=self.stderr) as progress:
            for done in index_articles(Article.objects.all(), batch_size=max(1, batch_size)):
                progress.update(done)
        create_gin_index()
        reset_stats()
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {SearchEntry.objects.count()} of {total} articles.")
        )
