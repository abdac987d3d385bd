import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Channel, ChannelTree

DATE_VALIDATORS = [
    MinValueValidator(datetime.date(1900, 1, 1)),
    MaxValueValidator(datetime.date(2999, 12, 31)),
]


class SearchForm(forms.Form):
    """The filters of the results page; the query text itself is parsed leniently."""

    q = forms.CharField(label=_("Search for"), required=False, strip=False)
    channel = forms.ModelChoiceField(
        label=_("Channel"),
        queryset=Channel.objects.published(),
        required=False,
        empty_label=_("All channels"),
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error(
                "end",
                forms.ValidationError(_("The end date is before the start date."), code="order"),
            )
        return cleaned

    def channel_ids(self):
        """The chosen channel and its active sub-channels: what its channel page lists."""
        channel = getattr(self, "cleaned_data", {}).get("channel")
        return ChannelTree.get().subtree_ids(channel.pk) if channel else None

    def time_range(self):
        """[start, end) as aware datetimes in the site's time zone (end date included)."""
        cleaned = getattr(self, "cleaned_data", {})
        start, end = cleaned.get("start"), cleaned.get("end")
        zone = timezone.get_current_timezone()
        since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone) if start else None
        until = (
            datetime.datetime.combine(
                end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
            if end
            else None
        )
        return since, until
