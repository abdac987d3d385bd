import re

from django import forms
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.models import Tag

from editorial import wordcheck
from editorial.locking import LockedFormMixin
from portal.sanitize import clean_html

from . import services, workflow
from .models import Article, Source

# What editors may use in the body; the server-side allow-list (portal.sanitize) is the
# guard, this only decides which buttons the editor shows.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "TextStyle": True,
    "TextAlign": {"types": ["paragraph", "heading"]},
    "History": True,
    "HTML": True,
}


class BodyEditorWidget(AdminProseEditorWidget):
    """django-prose-editor (BSD, Tiptap) plus our image upload button (js/prose-upload.js)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("preset", "configurable")
        super().__init__(*args, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["js_modules"] = [*config.get("js_modules", []), static("js/prose-upload.js")]
        config["extensions"]["ImageUpload"] = {
            "uploadUrl": reverse("admin:articles_article_upload_image"),
        }
        return config


def split_tag_names(text):
    """Tag names typed by an editor: separated by commas (half- or full-width) or 、."""
    names = re.split(r"[,，、]", text or "")
    return list(dict.fromkeys(" ".join(name.split())[:100] for name in names if name.strip()))


class TextField(forms.CharField):
    """A textarea's text with the browser's CRLF line ends read as LF, so text posted back
    unchanged (an automatic summary has line breaks) compares equal to what was shown."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ArticleAdminForm(LockedFormMixin, forms.ModelForm):
    new_tags = forms.CharField(
        label=_("new tags"),
        max_length=300,
        required=False,
        help_text=_("Tags not in the list yet, separated by commas: they are created."),
    )
    new_source = forms.CharField(
        label=_("new source"),
        max_length=100,
        required=False,
        help_text=_("Not in the list? Type it here: it joins the list of sources."),
    )

    publish_anyway = forms.BooleanField(
        label=_("publish anyway"),
        required=False,
        help_text=_("I checked the words marked above and the article may go out as it is."),
    )

    class Meta:
        model = Article
        fields = [
            "title", "subtitle", "channel", "topics", "tags", "new_tags", "source", "new_source",
            "author",
            "cover", "summary", "body", "status", "publish_at", "offline_at", "is_pinned",
            "headline_position",
        ]  # fmt: skip
        widgets = {"body": BodyEditorWidget(), "summary": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"summary": TextField}
        help_texts = {
            "summary": _(
                "Left empty, it is taken from the start of the body and follows the body's "
                "changes. Once written by hand, it is kept."
            )
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.can_publish = user is not None and workflow.can_publish(user)
        current = self.instance.status if self.instance.pk else None
        pending = getattr(self.instance, "_pending_m2m", None)
        if pending is not None:
            # The form edits the pending changes, not the live version.
            self.initial["topics"] = pending.get("topics", [])
            self.initial["tags"] = list(Tag.objects.filter(name__in=pending.get("tags", [])))
        if "status" in self.fields and user is not None:
            allowed = workflow.form_statuses(user, current)
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]
        if "headline_position" in self.fields:
            self.fields["headline_position"].required = False  # empty means 0
        if not self.can_publish and "status" in self.fields:
            self.fields["status"].help_text = _(
                "Publishing, withdrawing and headlines are for reviewers (审核)."
            )
            if current == Article.Status.PUBLISHED:
                # Changes to a published article go to review; taking it down (back to
                # draft, or to a later time) is withdrawing it, a reviewer's decision.
                # Disabled fields ignore posts.
                self.fields["status"].help_text = _(
                    "Your changes to this published article are reviewed before readers see them."
                )
                for name in ("status", "publish_at"):
                    if name in self.fields:
                        self.fields[name].disabled = True

    def full_clean(self):
        super().full_clean()
        # A browser cannot keep a chosen file in a form that comes back with errors: say so
        # at the cover field, instead of letting the cover vanish silently.
        chose_cover = self.is_bound and self.files.get("cover") and "cover" in self.fields
        if chose_cover and self._errors and "cover" not in self._errors:
            self.add_error(
                "cover",
                forms.ValidationError(
                    _(
                        "The cover image you chose was not saved because of the errors "
                        "on this page: choose it again."
                    ),
                    code="choose_again",
                ),
            )

    def clean_body(self):
        return clean_html(self.cleaned_data.get("body", ""))

    def clean_publish_at(self):
        if self.fields["publish_at"].disabled:
            # The disabled widget drops microseconds; keep the stored time exactly.
            return self.instance.publish_at
        return self.cleaned_data.get("publish_at")

    def check_words(self, cleaned):
        """Sensitive words and typos, when this save submits or publishes the text."""
        self.word_hits, self.published_anyway, self.word_confirm = [], False, False
        status = cleaned.get("status") or self.instance.status
        original = self.instance.status if self.instance.pk else None
        publishing = status == Article.Status.PUBLISHED and self.can_publish
        submitting = status == Article.Status.PENDING or (
            status == Article.Status.PUBLISHED and not self.can_publish
        )
        # Pending changes shown in the form are new text to readers even when unchanged here.
        text_changed = bool(set(self.changed_data) & set(services.CHECKED_FIELDS)) or bool(
            self.instance.pk and self.instance.has_pending_changes and self.can_publish
        )
        if not (publishing or submitting) or (status == original and not text_changed):
            return
        values = {
            name: cleaned.get(name, getattr(self.instance, name))
            for name in services.CHECKED_FIELDS
        }
        if "summary" not in self.changed_data and self.instance.summary_auto:
            values["summary_auto"] = True  # it will be made from the new body
        self.word_hits = services.check_words(values)
        if wordcheck.has_block(self.word_hits):
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "The text contains blocked words (marked below). Remove them before "
                        "the article is submitted or published."
                    ),
                    code="blocked",
                ),
            )
        elif self.word_hits and publishing:
            self.word_confirm = True  # the template shows the "publish anyway" box
            if cleaned.get("publish_anyway"):
                self.published_anyway = True
            else:
                self.add_error(
                    None,
                    forms.ValidationError(
                        _(
                            "Check the words marked below. To publish the text as it is, "
                            "tick “publish anyway” and save again."
                        ),
                        code="confirm",
                    ),
                )

    def word_hits_html(self):
        return services.render_word_hits(getattr(self, "word_hits", []))

    def clean_headline_position(self):
        return self.cleaned_data.get("headline_position") or 0

    def clean_new_tags(self):
        return split_tag_names(self.cleaned_data.get("new_tags", ""))

    def clean_new_source(self):
        return " ".join(self.cleaned_data.get("new_source", "").split())

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status and self.user is not None and "status" not in self._errors:
            original = self.instance.status if self.instance.pk else None
            try:
                workflow.move(self.user, original, status)
            except PermissionError:
                self.add_error(
                    "status",
                    forms.ValidationError(
                        _("Only reviewers may publish or withdraw articles.")
                        if not self.can_publish
                        else _("An article cannot go from this status to that one."),
                        code="publish",
                    ),
                )
        self.check_words(cleaned)
        publish_at, offline_at = cleaned.get("publish_at"), cleaned.get("offline_at")
        if publish_at and offline_at and offline_at <= publish_at:
            self.add_error(
                "offline_at",
                forms.ValidationError(
                    _("The take-down time must be after the publish time."), code="offline"
                ),
            )
        if "tags" in cleaned and self.cleaned_data.get("new_tags"):
            # Existing tags chosen in the list plus the typed ones; taggit creates the new.
            cleaned["tags"] = [*cleaned["tags"], *self.cleaned_data["new_tags"]]
        return cleaned

    def save(self, commit=True):
        name = self.cleaned_data.get("new_source")
        if name:
            self.instance.source, _created = Source.objects.get_or_create(name=name)
        if "publish_at" in self.changed_data:
            self.instance.publish_time_chosen = True  # set on purpose: publishing keeps it
        if "summary" in self.changed_data:
            # Written by hand it is kept; emptied, it follows the body again.
            self.instance.summary_auto = not self.instance.summary.strip()
        return super().save(commit)

    def m2m_values(self):
        """Topics and tags as posted (model instances and new tag names), without saving."""
        values = {}
        if "topics" in self.cleaned_data:
            values["topics"] = list(self.cleaned_data["topics"])
        if "tags" in self.cleaned_data:
            values["tags"] = list(self.cleaned_data["tags"])
        return values
