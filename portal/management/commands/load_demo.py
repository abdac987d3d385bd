import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app contributes its demo content through `<app>.demo.load(stdout)`; order matters
# (articles need channels, the navigation links to channels and pages, and so on; the site
# health check runs last, over all of it).
DEMO_MODULES = [
    "portal.demo",
    "editorial.demo",
    "articles.demo",
    "association.demo",
    "submissions.demo",
    "portal.demo_nav",
    "health.demo",
]


class Command(BaseCommand):
    help = "Load original demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
