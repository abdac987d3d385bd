"""The e-mails of the article workflow: to the reviewers when something waits for review,
to the authors when it is published or sent back. Sent after the transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .workflow import REVIEWER_GROUP

# --- E-mails -----------------------------------------------------------------------------------


def _admin_url(article, request):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return request.build_absolute_uri(url) if request is not None else url


def _send(messages):
    """One message per recipient (nobody sees the others' addresses), after the commit."""
    messages = [message for message in messages if message[3]]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def notify_reviewers(article, *, request=None, changes=False):
    """Tell the reviewers (group 审核, with an e-mail address) that something waits for them."""
    User = get_user_model()
    addresses = (
        User.objects.filter(groups__name=REVIEWER_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if changes:
        subject = _("Changes to “%(title)s” wait for review") % {"title": article.title}
    else:
        subject = _("“%(title)s” waits for review") % {"title": article.title}
    body = _("Review it here: %(url)s") % {"url": _admin_url(article, request)}
    sender = settings.DEFAULT_FROM_EMAIL
    _send([(str(subject), str(body), sender, [address]) for address in addresses])


def notify_authors(article, users, name, *, reason="", request=None):
    """Tell the author (and whoever submitted the changes) that it was published or rejected."""
    if name == "publish":
        subject = _("“%(title)s” was published") % {"title": article.title}
        body = _("It is online: %(url)s") % {
            "url": request.build_absolute_uri(article.get_absolute_url())
            if request is not None
            else article.get_absolute_url()
        }
    else:
        subject = _("“%(title)s” was sent back") % {"title": article.title}
        body = _("Reason: %(reason)s\n\nThe article: %(url)s") % {
            "reason": reason,
            "url": _admin_url(article, request),
        }
    sender = settings.DEFAULT_FROM_EMAIL
    _send(
        [(str(subject), str(body), sender, [user.email]) for user in users if user and user.email]
    )
