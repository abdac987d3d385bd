import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import second_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator and recovery codes (a lost phone). The user sets up a "
        "new authenticator at the next login. Recorded in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="Why (kept in the audit log).")

    def handle(self, username, reason, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = "?"
        detail = f"manage.py reset_second_factor (system user {operator})"
        if reason:
            detail += f": {reason}"
        second_factor.reset(user, by=detail)
        self.stdout.write(
            f"The second factor of {username!r} was reset; they set up a new authenticator "
            "at their next login."
        )
