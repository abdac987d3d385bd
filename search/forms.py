import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import ChannelTree

DATE_VALIDATORS = [
    MinValueValidator(datetime.date(1900, 1, 1)),
    MaxValueValidator(datetime.date(2999, 12, 31)),
]


class SearchForm(forms.Form):
    """The filters of the results page; the query text itself is parsed leniently."""

    q = forms.CharField(label=_("Search for"), required=False, strip=False)
    # The visible channels from the cached channel tree: no query to list or check them.
    channel = forms.TypedChoiceField(
        label=_("Channel"),
        choices=lambda: (
            [("", _("All channels"))]
            + [(channel.pk, channel.name) for channel in ChannelTree.get().by_id.values()]
        ),
        coerce=int,
        empty_value=None,
        required=False,
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
        channel_id = getattr(self, "cleaned_data", {}).get("channel")
        return ChannelTree.get().subtree_ids(channel_id) if channel_id else None

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
