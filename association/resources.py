"""CSV/Excel import and export of development zones (django-import-export).

Columns carry what an editor reads (江苏省, 国家级, industry names separated by
"|"), not internal codes. A row is matched to an existing zone by its name. Any
bad row (unknown province, unknown industry, a year that is not a number…) is
reported with its row number and the whole file is rolled back: an import
either takes every row or none.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Industry, Zone
from .regions import Province


class ChoiceWidget(widgets.Widget):
    """Reads a choice by its label (江苏省) or its code (jiangsu); writes the label.

    Labels are translated lazily, so they are compared when a row is read: the
    Chinese label is always accepted, whatever language the editor's admin uses.
    """

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def _labels(self):
        labels = {str(label): str(value) for value, label in self.choices}
        with translation.override("zh-hans"):
            labels.update({str(label): str(value) for value, label in self.choices})
        return labels

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        values = {str(code) for code, _label in self.choices}
        if value in values:
            return value
        labels = self._labels()
        if value in labels:
            return labels[value]
        raise ValueError(
            _("Unknown value “%(value)s”. Use one of: %(choices)s.")
            % {"value": value, "choices": "、".join(str(label) for _code, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class _ReadableNumberMixin:
    """Turns decimal's cryptic ConversionSyntax into a row error an editor understands."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(
                _("“%(value)s” is not a number.") % {"value": str(value).strip()}
            ) from None


class IntegerWidget(_ReadableNumberMixin, widgets.IntegerWidget):
    pass


class DecimalWidget(_ReadableNumberMixin, widgets.DecimalWidget):
    pass


class IndustriesWidget(widgets.ManyToManyWidget):
    """Industry names separated by "|"; an unknown name is an error, not silently dropped."""

    def __init__(self, **kwargs):
        super().__init__(Industry, separator="|", field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        if not names:
            return Industry.objects.none()
        found = Industry.objects.filter(name__in=names)
        missing = sorted(set(names) - {industry.name for industry in found})
        if missing:
            raise ValueError(
                _("Unknown industry: %(names)s. Add it to the industry list first.")
                % {"names": "、".join(missing)}
            )
        return found


# Empty Excel cells arrive as None, which a NOT NULL text column refuses: read them as "".
TEXT = widgets.CharWidget(allow_blank=True)


class ZoneResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="名称", widget=TEXT)
    short_name = fields.Field(attribute="short_name", column_name="简称", widget=TEXT)
    province = fields.Field(
        attribute="province", column_name="省份", widget=ChoiceWidget(Province.choices)
    )
    city = fields.Field(attribute="city", column_name="城市", widget=TEXT)
    level = fields.Field(
        attribute="level", column_name="级别", widget=ChoiceWidget(Zone.Level.choices)
    )
    type = fields.Field(
        attribute="type", column_name="类型", widget=ChoiceWidget(Zone.Type.choices)
    )
    industries = fields.Field(
        attribute="industries", column_name="主导产业", widget=IndustriesWidget()
    )
    year_approved = fields.Field(
        attribute="year_approved", column_name="批准年份", widget=IntegerWidget()
    )
    area = fields.Field(attribute="area", column_name="面积（平方公里）", widget=DecimalWidget())
    address = fields.Field(attribute="address", column_name="地址", widget=TEXT)
    website = fields.Field(attribute="website", column_name="网址", widget=TEXT)
    introduction = fields.Field(attribute="introduction", column_name="简介", widget=TEXT)

    class Meta:
        model = Zone
        import_id_fields = ["name"]
        fields = [
            "name",
            "short_name",
            "province",
            "city",
            "level",
            "type",
            "industries",
            "year_approved",
            "area",
            "address",
            "website",
            "introduction",
        ]
        # full_clean() on every row: a missing name or a bad URL is a row error too.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("industries")
