"""Public forms: every field assumes hostile input and answers with a message next to it."""

import re
import unicodedata

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Channel
from portal.text import CONTROL_CHARACTERS  # the one rule; NUL is refused by a validator
from portal.uploads import MB, DocumentValidator, safe_filename

from .models import Manuscript, Message, MessageCategory

ATTACHMENT_EXTENSIONS = (".doc", ".docx", ".pdf", ".wps", ".txt", ".jpg", ".jpeg", ".png")
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 20 * MB
MAX_ATTACHMENTS_TOTAL_BYTES = 50 * MB

# Invisible characters that reorder or hide text (Trojan-source style spoofing of
# names and subjects). The zero-width joiner U+200D stays: emoji sequences need it.
INVISIBLE_CHARACTERS = re.compile(
    "[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


class PlainTextField(forms.CharField):
    """A CharField for public text: NFC, no invisible or control characters, clear NUL error."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(
            ProhibitNullCharactersValidator(
                message=_("The text contains a null character (\\0), which is not allowed.")
            )
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            value = INVISIBLE_CHARACTERS.sub("", value)
            value = CONTROL_CHARACTERS.sub("", value)
            value = value.replace("\r\n", "\n")
            if not isinstance(self.widget, forms.Textarea):
                # One-line fields end up in e-mail subjects and headings: no line breaks.
                value = " ".join(value.split())
        return super().to_python(value)


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{5,28}[0-9]$",
    message=_("Enter a phone number: digits, spaces, +, - and parentheses only."),
    code="phone",
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            files = [f for f in data if f]
            if not files and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [single_clean(f, initial) for f in files]
        return [single_clean(data, initial)] if data else single_clean(data, initial) or []


class NamespacedCaptchaInput(CaptchaTextInput):
    """The captcha widget with its URLs under this app's namespace (submissions/urls.py)."""

    template_name = "submissions/_captcha_widget.html"
    # One <label for> the answer box (not a <fieldset>/<legend>), so that the box gets
    # the label, aria-describedby (help text, error) and aria-invalid like any field.
    use_fieldset = False

    def _render(self, template_name, context, renderer=None):
        # Form renderers only see app templates; this one lives in the project's templates/.
        return mark_safe(loader.render_to_string(template_name, context))

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        self._key = CaptchaStore.generate_key(generator)
        self._value = [self._key, ""]
        self.id_ = self.build_attrs(attrs).get("id", None)

    def image_url(self):
        # Drawn at twice the size and shown at a fixed height: sharp on every screen.
        return reverse("submissions:captcha-image-2x", kwargs={"key": self._key})

    def audio_url(self):
        return None

    def refresh_url(self):
        return None


def make_captcha_field():
    return CaptchaField(
        label=_("Verification code"),
        help_text=_("Type the result of the sum shown in the picture."),
        widget=NamespacedCaptchaInput(generator="captcha.helpers.math_challenge"),
        error_messages={
            "invalid": _("The verification code is wrong; a new one is shown, please try again."),
            "required": _("Enter the verification code."),
        },
    )


class AntiSpamMixin:
    """A honeypot field every form has, and a captcha when the view asks for one."""

    honeypot_name = "website"

    def __init__(self, *args, require_captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_name] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.require_captcha = require_captcha
        if require_captcha:
            self.fields["captcha"] = make_captcha_field()

    @property
    def honeypot_field(self):
        return self[self.honeypot_name]

    def visible_fields(self):
        hidden = {self.honeypot_name, "captcha"}
        return [field for field in super().visible_fields() if field.name not in hidden]

    def clean(self):
        cleaned_data = super().clean()
        if self.data.get(self.honeypot_name):
            raise ValidationError(_("Your submission could not be accepted."), code="honeypot")
        return cleaned_data


PLAIN_TEXT_FIELDS = {
    name: PlainTextField
    for name in ("title", "author_name", "organisation", "phone", "abstract", "text")
}


class ManuscriptForm(AntiSpamMixin, forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_(
            "1 to 5 files: doc, docx, wps, pdf, txt, jpg or png; at most 20 MB each and "
            "50 MB in total."
        ),
        widget=MultipleFileInput(
            attrs={"accept": ",".join(ATTACHMENT_EXTENSIONS)},
        ),
    )

    class Meta:
        model = Manuscript
        fields = [
            "title",
            "author_name",
            "organisation",
            "phone",
            "email",
            "preferred_channel",
            "abstract",
            "text",
            "declaration",
        ]
        field_classes = PLAIN_TEXT_FIELDS
        labels = {"declaration": _("Declaration")}
        help_texts = {
            "declaration": _(
                "I declare that this work is original, that I hold its rights, and I consent "
                "to the editors editing and publishing it."
            ),
            "abstract": _("At most 2,000 characters."),
            "text": _("Optional: paste the text here if you like (at most 100,000 characters)."),
            "preferred_channel": _("Where you would like it to appear; the editors decide."),
        }
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 5}),
            "text": forms.Textarea(attrs={"rows": 10}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_channel"].queryset = Channel.objects.published()
        self.fields["preferred_channel"].empty_label = _("No preference")
        self.fields["declaration"].required = True
        self.fields["declaration"].error_messages["required"] = _(
            "Please confirm the declaration before sending."
        )
        self.fields["phone"].validators.append(phone_validator)
        self.fields["attachments"].error_messages["required"] = _("Attach at least one file.")

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors and "attachments" not in self._errors:
            # Browsers never send chosen files back into a re-displayed form: say so
            # next to the (now empty) file input instead of letting them vanish silently.
            self.add_error(
                "attachments",
                ValidationError(
                    _("Files cannot be kept when the form has an error: please choose them again."),
                    code="choose_again",
                ),
            )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(max)s files can be attached; you chose %(count)s."),
                code="too_many_files",
                params={"max": MAX_ATTACHMENTS, "count": len(files)},
            )
        # The total first: no file is looked into when the whole is already too large.
        total = sum(upload.size for upload in files)
        if total > MAX_ATTACHMENTS_TOTAL_BYTES:
            raise ValidationError(
                _("The files together are too large (%(size)s); the limit is %(limit)s."),
                code="files_too_large",
                params={
                    "size": filesizeformat(total),
                    "limit": filesizeformat(MAX_ATTACHMENTS_TOTAL_BYTES),
                },
            )
        validator = DocumentValidator(
            extensions=ATTACHMENT_EXTENSIONS, max_bytes=MAX_ATTACHMENT_BYTES
        )
        errors = []
        for upload in files:
            try:
                validator(upload)
            except ValidationError as error:
                for message in error.messages:
                    errors.append(
                        ValidationError(
                            "%(name)s: %(message)s",
                            code=error.error_list[0].code,
                            params={"name": safe_filename(upload.name), "message": message},
                        )
                    )
        if errors:
            raise ValidationError(errors)
        return files


class MessageForm(AntiSpamMixin, forms.ModelForm):
    class Meta:
        model = Message
        fields = ["category", "name", "contact", "subject", "content", "agree_to_publish"]
        field_classes = {name: PlainTextField for name in ("name", "contact", "subject", "content")}
        labels = {"agree_to_publish": _("I agree that my message and its reply may be published")}
        help_texts = {
            "contact": _("Phone or e-mail, so that we can reach you; never published."),
            "content": _("Plain text, at most 2,000 characters."),
            "agree_to_publish": _(
                "Your name, subject, message and our reply may then appear in the public list "
                "of messages; your contact never does."
            ),
        }
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MessageCategory.objects.published()
        self.fields["category"].empty_label = None


def normalise_code(value):
    return re.sub(r"\s+", "", value or "").upper()


class StatusLookupForm(forms.Form):
    tracking_number = PlainTextField(
        label=_("Tracking number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "TG20260101-XXXXXX"}),
    )
    email = forms.EmailField(label=_("E-mail used when submitting"), max_length=254)

    def clean_tracking_number(self):
        return normalise_code(self.cleaned_data["tracking_number"])


class MessageLookupForm(forms.Form):
    number = PlainTextField(
        label=_("Message number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "LY20260101-XXXXXX"}),
    )
    query_code = PlainTextField(
        label=_("Query code"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def clean_number(self):
        return normalise_code(self.cleaned_data["number"])

    def clean_query_code(self):
        return normalise_code(self.cleaned_data["query_code"])
