"""The messages export (django-import-export): columns as editors read them."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export import resources, widgets
from import_export.fields import Field

MINUTES = widgets.DateTimeWidget(format="%Y-%m-%d %H:%M")


class MessageResource(resources.Resource):
    number = Field(attribute="number", column_name=_("message number"))
    category = Field(attribute="category__name", column_name=_("category"))
    state = Field(attribute="get_state_display", column_name=_("state"))
    created_at = Field(attribute="created_at", column_name=_("sent"), widget=MINUTES)
    name = Field(attribute="name", column_name=pgettext_lazy("person", "name"))
    contact = Field(attribute="contact", column_name=_("contact"))
    subject = Field(attribute="subject", column_name=_("subject"))
    content = Field(attribute="content", column_name=_("content"))
    agree_to_publish = Field(column_name=_("agrees to publication"))
    reply = Field(attribute="reply", column_name=_("reply"))
    replied_at = Field(attribute="replied_at", column_name=_("replied"), widget=MINUTES)

    def dehydrate_agree_to_publish(self, message):
        return _("yes") if message.agree_to_publish else _("no")
