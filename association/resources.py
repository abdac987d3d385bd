"""CSV/Excel import and export of development zones (django-import-export).

Columns carry what an editor reads (江苏省, 国家级, industry names separated by
"|"), not internal codes. A row is matched to an existing zone by its name. Any
bad row (unknown province, unknown industry, a year that is not a number…) is
reported and the whole file is rolled back: an import either takes every row or none.

Made for Chinese Excel users: a CSV file is read as UTF-8 (with or without BOM) or
GB18030/GBK, whichever it is; errors name the row as Excel numbers it (the header is
row 1) and the column by its Chinese header; every error of the file is reported in one
pass; empty cells show as empty. CSV exports start with a BOM so Excel reads UTF-8.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Result

from portal.spreadsheets import CSV

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
        if not value:
            raise ValueError(
                _("The cell is empty. Use one of: %(choices)s.")
                % {"choices": "、".join(str(label) for _code, label in self.choices)}
            )
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


class WebsiteWidget(widgets.CharWidget):
    """An address typed as in a browser (www.example.cn) gets https://, as in the admin form."""

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if value and "://" not in value:
            value = "https://" + value
        return value


class UnreadableFile(ValueError):
    """A CSV file in an encoding we do not read; its message is for the editor."""


def read_text(data):
    """Bytes of a CSV file as text: UTF-8 (BOM or not), else GB18030 (a superset of GBK)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is neither UTF-8 nor GBK text. Save it from Excel as CSV."))


class ChineseCSV(CSV):
    """CSV as Chinese Excel writes and reads it: GBK or UTF-8 in, UTF-8 with BOM out.

    Read as bytes (is_binary) so the encoding is detected here, not fixed by the admin.
    """

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return super().create_dataset(read_text(in_stream), **kwargs)

    def export_data(self, dataset, **kwargs):
        return ("\ufeff" + super().export_data(dataset, **kwargs)).encode("utf-8")


class ExcelRowsResult(Result):
    """Row numbers as Excel shows them: the header is row 1, the first zone row 2."""

    def row_errors(self):
        return [(number + 1, errors) for number, errors in super().row_errors()]


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
    website = fields.Field(attribute="website", column_name="网址", widget=WebsiteWidget())
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

    @classmethod
    def get_result_class(cls):
        return ExcelRowsResult

    def import_instance(self, instance, row, **kwargs):
        """Every field's error at once, the industries' (saved later, as m2m) included."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        industries = self.fields["industries"]
        try:
            industries.clean(row, **kwargs)
        except ValueError as error:
            errors["industries"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def _column_names(self, error):
        """The row's errors keyed by the Chinese column headers the editor sees."""
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        messages = {}
        for key, value in error.message_dict.items():
            name = NON_FIELD_ERRORS if key == NON_FIELD_ERRORS else columns.get(key, key)
            messages.setdefault(name, []).extend(value)
        return ValidationError(messages)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self._column_names(row_result.validation_error)
        return row_result

    def import_data_inner(self, *args, **kwargs):
        result = super().import_data_inner(*args, **kwargs)
        for row in result.invalid_rows:
            row.number += 1  # Excel's numbering: the header is row 1
            row.values = tuple("" if value is None else value for value in row.values)
        for row in result.error_rows:
            row.number += 1
        return result
