"""Write-side logic: store what the public sends, notify people, turn manuscripts into drafts."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from articles.models import Article, Channel, Source
from editorial import audit, wordcheck
from portal.sanitize import clean_html
from portal.uploads import safe_filename

from .models import (
    Manuscript,
    ManuscriptAttachment,
    Message,
    StatusChange,
    dated_number,
    random_code,
)

logger = logging.getLogger(__name__)

NUMBER_ATTEMPTS = 8
# The name of the articles.Source given to drafts made from manuscripts (data, not UI text).
SUBMISSION_SOURCE_NAME = "投稿"


def insert_with_unique_number(instance, field, prefix):
    """Insert `instance` with a fresh random number in `field`, retrying on a collision.

    The unique constraint is the judge: two concurrent requests that draw the same
    number cannot both insert it; the loser draws again inside its own savepoint.
    """
    for attempt in range(NUMBER_ATTEMPTS):
        setattr(instance, field, dated_number(prefix))
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
            return instance
        except IntegrityError:
            instance.pk = None
            if attempt == NUMBER_ATTEMPTS - 1:
                raise


def _send(subject, template, context, recipients):
    """Send a plain-text e-mail; a mail server failure is logged, never shown as a 500."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        logger.exception("Could not send %r to %s", subject, recipients)


# What the public writes that is checked for sensitive words (see `flag_sensitive_words`).
MANUSCRIPT_CHECKED_FIELDS = ("title", "author_name", "organisation", "abstract", "text")
MESSAGE_CHECKED_FIELDS = ("name", "subject", "content")


def flag_sensitive_words(obj, fields):
    """Keep `obj`'s sensitive-word hits and hold it when one is a block word.

    A held item is decided by a moderator in its own change form (where the hits are
    shown); bulk actions skip it and the public list never shows it. The sender is not
    told, so the list cannot be probed from outside. Typos are not kept: readers' text
    is not edited.
    """
    hits = wordcheck.check({field: getattr(obj, field) or "" for field in fields})
    hits = [hit for hit in hits if hit.level != wordcheck.TYPO]
    obj.word_hits = wordcheck.hits_to_data(hits)
    obj.held = wordcheck.has_block(hits)
    return hits


def submit_manuscript(form, request):
    """Store a valid ManuscriptForm with its files, record 已收稿, notify; return it.

    Files are written inside the transaction; if anything fails, the rows roll back
    and the files already written are deleted, so nothing is left half-saved.
    """
    from portal.ratelimit import client_ip

    manuscript = form.save(commit=False)
    manuscript.submitter_ip = client_ip(request) or None
    flag_sensitive_words(manuscript, MANUSCRIPT_CHECKED_FIELDS)
    stored = []
    try:
        with transaction.atomic():
            insert_with_unique_number(manuscript, "tracking_number", "TG")
            StatusChange.objects.create(
                manuscript=manuscript,
                status=Manuscript.Status.RECEIVED,
                changed_at=manuscript.submitted_at,
            )
            for upload in form.cleaned_data["attachments"]:
                attachment = ManuscriptAttachment(
                    manuscript=manuscript,
                    original_name=safe_filename(upload.name),
                    size=upload.size,
                )
                attachment.file.save(upload.name, upload, save=False)
                stored.append(attachment.file.name)
                attachment.save()
    except Exception:
        storage = ManuscriptAttachment._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise

    status_url = request.build_absolute_uri(reverse("submissions:status"))
    context = {"manuscript": manuscript, "status_url": status_url}
    _send(
        _("Your manuscript has been received: %(number)s") % {"number": manuscript.tracking_number},
        "submissions/email/manuscript_received.txt",
        context,
        [manuscript.email],
    )
    context["admin_url"] = request.build_absolute_uri(
        reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    )
    _send(
        _("New manuscript %(number)s: %(title)s")
        % {"number": manuscript.tracking_number, "title": manuscript.title},
        "submissions/email/manuscript_editors.txt",
        context,
        [settings.EDITORS_EMAIL],
    )
    return manuscript


def submit_message(form, request):
    """Store a valid MessageForm; return (message, query code). The code is shown only once."""
    from portal.ratelimit import client_ip

    message = form.save(commit=False)
    message.submitter_ip = client_ip(request) or None
    flag_sensitive_words(message, MESSAGE_CHECKED_FIELDS)
    code = random_code(8)
    message.set_query_code(code)
    insert_with_unique_number(message, "number", "LY")
    context = {
        "message": message,
        "admin_url": request.build_absolute_uri(
            reverse("admin:submissions_message_change", args=[message.pk])
        ),
    }
    _send(
        _("New message %(number)s (%(category)s): %(subject)s")
        % {
            "number": message.number,
            "category": message.category.name,
            "subject": message.subject,
        },
        "submissions/email/message_department.txt",
        context,
        [message.category.email or settings.EDITORS_EMAIL],
    )
    return message, code


def _transition(choices, previous, current):
    """ "已收稿 → 初审" for the audit log, in the language of the request."""
    labels = dict(choices)
    return f"{labels.get(previous, previous or '-')} → {labels.get(current, current)}"


def record_status_change(manuscript, user, *, request=None, previous=None):
    """Add the manuscript's current status to its history, signed by `user`, and audit it."""
    change = StatusChange.objects.create(
        manuscript=manuscript, status=manuscript.status, changed_by=user
    )
    audit.record(
        request,
        audit.Action.STATUS_CHANGED,
        manuscript,
        detail=_transition(Manuscript.Status.choices, previous, manuscript.status),
        user=user,
    )
    return change


def record_reply(request, obj):
    """Audit a reply that the public now sees (message or manuscript): the text is kept."""
    audit.record(request, audit.Action.REPLY_PUBLISHED, obj, detail=obj.reply)


def record_message_state(request, message, previous):
    audit.record(
        request,
        audit.Action.STATUS_CHANGED,
        message,
        detail=_transition(Message.State.choices, previous, message.state),
    )


def default_channel():
    slug = settings.SUBMISSIONS_DEFAULT_CHANNEL
    channels = Channel.objects.published()
    return (channels.filter(slug=slug).first() if slug else None) or channels.first()


class DraftError(Exception):
    pass


def create_article_draft(manuscript, user):
    """Turn an accepted manuscript into a draft article (never public) linked back to it."""
    if manuscript.status not in {Manuscript.Status.ACCEPTED, Manuscript.Status.PUBLISHED}:
        raise DraftError(_("only accepted manuscripts can become articles"))
    if manuscript.article_id:
        raise DraftError(_("an article already exists"))
    if manuscript.held:
        raise DraftError(_("it is held for sensitive words: review it in its form first"))
    channel = manuscript.preferred_channel
    if channel is None or not channel.active:
        channel = default_channel()
    if channel is None:
        raise DraftError(_("there is no active channel to put the article in"))
    source, _created = Source.objects.get_or_create(name=SUBMISSION_SOURCE_NAME)
    with transaction.atomic():
        article = Article.objects.create(
            title=manuscript.title[:200],
            author=manuscript.author_name[:100],
            summary=manuscript.abstract,
            body=clean_html(linebreaks(manuscript.text or manuscript.abstract)),
            channel=channel,
            source=source,
            status=Article.Status.DRAFT,
            created_by=user,
            updated_by=user,
        )
        manuscript.article = article
        manuscript.save(update_fields=["article", "updated_at"])
    return article


def moderate_messages(queryset, state, user, *, request=None):
    """Approve or reject messages in bulk, one audit entry each.

    Approval skips held messages, checked again against the current lists (a word may
    have been added since they arrived). Returns (how many changed, the held ones skipped).
    """
    held = []
    with transaction.atomic():
        changed = list(queryset.exclude(state=state))
        if state == Message.State.APPROVED:
            ready = []
            for message in changed:
                if not message.held:
                    flag_sensitive_words(message, MESSAGE_CHECKED_FIELDS)
                    if message.held:
                        Message.objects.filter(pk=message.pk).update(
                            held=True, word_hits=message.word_hits
                        )
                (held if message.held else ready).append(message)
            changed = ready
        if not changed:
            return 0, held
        Message.objects.filter(pk__in=[m.pk for m in changed]).update(
            state=state, moderated_at=timezone.now(), moderated_by=user
        )
        audit.record_many(
            request,
            audit.Action.STATUS_CHANGED,
            changed,
            detail=lambda message: _transition(Message.State.choices, message.state, state),
            user=user,
        )
    return len(changed), held
