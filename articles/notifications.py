"""The e-mails of the article workflow: to the reviewers when something waits for review,
to the authors when it is published or sent back. Sent after the transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from editorial import review
from editorial.models import ReviewComment, ReviewStep

from .workflow import (
    REVIEWER_GROUP,
    authors_of,
    goes_through_stages,
    may_review,
    next_stage,
    review_stages,
)

# --- E-mails -----------------------------------------------------------------------------------


def _admin_url(article, request, view="change"):
    """The article's admin page `view` ("change", or "review" for reviewers), absolute."""
    url = reverse(f"admin:articles_article_{view}", args=[article.pk])
    return request.build_absolute_uri(url) if request is not None else url


def _send(messages):
    """One message per recipient (nobody sees the others' addresses), after the commit."""
    messages = [message for message in messages if message[3]]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def notify_reviewers(article, *, request=None, changes=False):
    """Tell the reviewers (group 审核, with an e-mail address) that something waits for them;
    in a channel with several stages, those who decide its first stage (初审)."""
    User = get_user_model()
    if goes_through_stages(article):
        stage = review.Stage(1, review_stages(article))
        addresses = sorted({user.email for user in stage_holders(stage)})
    else:
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
    body = _("Review it here: %(url)s") % {"url": _admin_url(article, request, "review")}
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


# --- Review comments (editorial.review) --------------------------------------------------------


def _review_url(article, request):
    url = reverse("admin:articles_article_review", args=[article.pk])
    return request.build_absolute_uri(url) if request is not None else url


def _stage_reviewers(article, revision):
    """Who may decide at the stage `revision` waits for (active, with an address)."""
    return stage_holders(next_stage(article, revision))


def stage_holders(stage):
    """Active people with an address who may decide at `stage` (editorial.review.Stage)."""
    permission = stage.permission or "articles.publish_article"
    app_label, codename = permission.split(".")
    User = get_user_model()
    holders = (
        User.objects.filter(
            Q(
                groups__permissions__codename=codename,
                groups__permissions__content_type__app_label=app_label,
            )
            | Q(
                user_permissions__codename=codename,
                user_permissions__content_type__app_label=app_label,
            )
            | Q(is_superuser=True),
            is_active=True,
        )
        .exclude(email="")
        .distinct()
    )
    return [user for user in holders if may_review(user, stage)]


def notify_comment(article, revision, user, body, *, request=None):
    """E-mail a review comment to the other side: from the author to the reviewers who took
    part (or, if none yet, those of the stage it waits for); from a reviewer to the author."""
    authors = authors_of(article, revision)
    if user.pk in {author.pk for author in authors}:
        ids = set(ReviewStep.objects.filter(revision=revision).values_list("user_id", flat=True))
        ids |= set(
            ReviewComment.objects.filter(revision=revision).values_list("user_id", flat=True)
        )
        ids -= {author.pk for author in authors} | {None}
        User = get_user_model()
        recipients = list(User.objects.filter(pk__in=ids, is_active=True).exclude(email=""))
        recipients = recipients or _stage_reviewers(article, revision)
    else:
        recipients = list(authors)
    subject = _("Comment on “%(title)s” from %(user)s") % {
        "title": article.title,
        "user": user.get_username(),
    }
    text = _("%(body)s\n\nThe review page: %(url)s") % {
        "body": body,
        "url": _review_url(article, request),
    }
    sender = settings.DEFAULT_FROM_EMAIL
    _send(
        [
            (str(subject), str(text), sender, [person.email])
            for person in {person.pk: person for person in recipients}.values()
            if person.email and person.pk != user.pk
        ]
    )


def notify_next_stage(article, stage, *, request=None):
    """Tell those who decide `stage` that the change now waits for them."""
    subject = _("“%(title)s” waits for %(stage)s") % {"title": article.title, "stage": stage.name}
    body = _("Review it here: %(url)s") % {"url": _review_url(article, request)}
    sender = settings.DEFAULT_FROM_EMAIL
    _send([(str(subject), str(body), sender, [user.email]) for user in stage_holders(stage)])
