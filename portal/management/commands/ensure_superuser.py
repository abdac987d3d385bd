import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the superuser `admin` with a random password, printed once, unless one exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            name = User.objects.filter(is_superuser=True).values_list("username", flat=True)[0]
            self.stdout.write(
                f"A superuser exists already ({name!r}); its password is unchanged. "
                f"To set a new one: .venv/bin/python manage.py changepassword {name}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created superuser {username!r} with password {password!r}. "
                "It is shown only this once: note it now."
            )
        )
