import re

from django import forms
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from portal.sanitize import clean_html

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


class ArticleAdminForm(forms.ModelForm):
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

    class Meta:
        model = Article
        fields = [
            "title", "subtitle", "channel", "topics", "tags", "new_tags", "source", "new_source",
            "author",
            "cover", "summary", "body", "status", "publish_at", "is_pinned",
        ]  # fmt: skip
        widgets = {"body": BodyEditorWidget(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish
        if not can_publish and "status" in self.fields:
            allowed = {Article.Status.DRAFT, Article.Status.PENDING}
            current = self.instance.status if self.instance.pk else None
            if current:
                allowed.add(current)  # an editor may keep the status an article has
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]
            self.fields["status"].help_text = _(
                "Publishing, withdrawing and headlines are for reviewers (审核)."
            )
            if current == Article.Status.PUBLISHED:
                # Taking a published article down (back to draft, or to a later time)
                # is withdrawing it: a reviewer's decision. Disabled fields ignore posts.
                for name in ("status", "publish_at"):
                    if name in self.fields:
                        self.fields[name].disabled = True

    def clean_body(self):
        return clean_html(self.cleaned_data.get("body", ""))

    def clean_publish_at(self):
        if self.fields["publish_at"].disabled:
            # The disabled widget drops microseconds; keep the stored time exactly.
            return self.instance.publish_at
        return self.cleaned_data.get("publish_at")

    def clean_new_tags(self):
        return split_tag_names(self.cleaned_data.get("new_tags", ""))

    def clean_new_source(self):
        return " ".join(self.cleaned_data.get("new_source", "").split())

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not self.can_publish and status:
            original = self.instance.status if self.instance.pk else None
            if (
                status in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}
                and status != original
            ):
                self.add_error(
                    "status",
                    forms.ValidationError(
                        _("Only reviewers may publish or withdraw articles."), code="publish"
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
        return super().save(commit)
