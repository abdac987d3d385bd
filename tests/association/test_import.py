import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from association.models import Zone

from .factories import make_industry, make_zone

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/association/zone/import/"
HEADER = "名称,简称,省份,城市,级别,类型,主导产业,批准年份,面积（平方公里）,地址,网址,简介\n"
GOOD_ROWS = [
    "合肥经济技术开发区,合肥经开区,安徽省,合肥,国家级,经济技术开发区,集成电路|生物医药,1993,"
    "268.5,合肥市示例路1号,https://hf.example.org/,简介一\n",
    "芜湖高新区,,anhui,芜湖,国家级,高新技术产业开发区,集成电路,2010,,,,\n",
]


def csv_file(*rows):
    return SimpleUploadedFile(
        "zones.csv", (HEADER + "".join(rows)).encode("utf-8"), content_type="text/csv"
    )


@pytest.fixture
def industries():
    return [make_industry("集成电路", "ic"), make_industry("生物医药", "bio")]


def xlsx_file(*rows):
    """An Excel workbook with the header and the given rows (lists of cell values)."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("zones.xlsx", buffer.getvalue(), content_type=XLSX_TYPE)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_GOOD = [
    "合肥经开区",
    "",
    "安徽省",
    "合肥",
    "国家级",
    "经济技术开发区",
    "集成电路",
    1993,
    268.5,
]
XLSX_BAD = ["坏数据开发区", "", "安徽省", "", "部级", "经济技术开发区", "", 1993, "很大"]


def post_import(client, upload, file_format="0"):
    return client.post(IMPORT_URL, {"import_file": upload, "format": file_format, "resource": "0"})


def confirm_import(client, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post("/admin/association/zone/process_import/", data)


@pytest.mark.usefixtures("industries")
def test_csv_import_creates_zones_with_labels_resolved(admin_client):
    """A CSV import, after its dry run, creates zones with Chinese labels resolved to codes."""
    response = post_import(admin_client, csv_file(*GOOD_ROWS))
    assert response.status_code == 200
    assert Zone.objects.count() == 0  # the first step is a dry run
    confirm_import(admin_client, response)
    hefei = Zone.objects.get(name="合肥经济技术开发区")
    assert (hefei.province, hefei.region, hefei.level) == ("anhui", "central", "national")
    assert {i.name for i in hefei.industries.all()} == {"集成电路", "生物医药"}
    assert Zone.objects.get(name="芜湖高新区").type == Zone.Type.HIGHTECH


@pytest.mark.usefixtures("industries")
def test_csv_import_with_a_bad_row_reports_it_and_imports_nothing(admin_client):
    """A CSV with one bad row names that row in Chinese and imports nothing."""
    bad_row = "坏数据开发区,,火星省,某市,国家级,经济技术开发区,不存在的产业,很早,,,,\n"
    response = post_import(admin_client, csv_file(GOOD_ROWS[0], bad_row, GOOD_ROWS[1]))
    html = response.content.decode()
    assert response.status_code == 200
    assert Zone.objects.count() == 0
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    result = response.context["result"]
    assert result.has_validation_errors()
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [3]  # Excel's row: the header is row 1
    assert "火星省" in html and "不存在的产业" in html
    assert "Unknown value" not in html  # the error is in Chinese
    assert "未知的取值" in html


@pytest.mark.usefixtures("industries")
def test_excel_import_creates_zones_from_rows_with_empty_cells(admin_client):
    """An Excel import accepts rows with empty cells."""
    response = post_import(admin_client, xlsx_file(XLSX_GOOD), file_format="1")
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), (
        [(e.error, e.row) for e in result.base_errors]
        + [(n, [e.error for e in errs]) for n, errs in result.row_errors()]
        + [(r.number, r.error_dict) for r in result.invalid_rows]
    )
    confirm_import(admin_client, response)
    zone = Zone.objects.get(name="合肥经开区")
    assert (zone.province, zone.level, zone.year_approved) == ("anhui", "national", 1993)
    assert str(zone.area) == "268.50"


@pytest.mark.usefixtures("industries")
def test_excel_import_with_a_bad_row_reports_it_and_imports_nothing(admin_client):
    """An Excel file with bad rows names each row and imports nothing."""
    only_a_name = ["只有名称的开发区"]
    response = post_import(
        admin_client, xlsx_file(XLSX_GOOD, XLSX_BAD, only_a_name), file_format="1"
    )
    html = response.content.decode()
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3, 4]
    assert "部级" in html and "“很大”不是数字" in html
    assert response.context.get("confirm_form") is None
    assert Zone.objects.count() == 0


@pytest.mark.usefixtures("industries")
def test_import_transaction_rolls_back_every_row_when_one_fails():
    """Even without the admin's dry run, a failing file leaves the database untouched."""
    import tablib

    from association.resources import ZoneResource

    data = tablib.Dataset()
    data.csv = HEADER + GOOD_ROWS[0] + "坏行开发区,,江苏省,,国家级,,,,,,,\n"
    result = ZoneResource().import_data(
        data, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert Zone.objects.count() == 0


@pytest.mark.usefixtures("industries")
def test_reimport_updates_a_zone_matched_by_name(admin_client):
    """Importing a zone again updates the zone of that name instead of duplicating it."""
    make_zone(name="合肥经济技术开发区", province="anhui", city="旧城")
    confirm_import(admin_client, post_import(admin_client, csv_file(GOOD_ROWS[0])))
    assert Zone.objects.filter(name="合肥经济技术开发区").count() == 1
    assert Zone.objects.get(name="合肥经济技术开发区").city == "合肥"


def test_excel_export_uses_readable_labels(admin_client, industries):
    """The Excel export has Chinese headers and labels, not codes."""
    make_zone(name="苏州工业园区", province="jiangsu", industries=industries)
    response = admin_client.post(
        "/admin/association/zone/export/",
        {"format": "1", "resource": "0", **{f"zoneresource_{f}": "on" for f in FIELDS}},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "名称"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["省份"] == "江苏省" and row["级别"] == "国家级"
    assert set(row["主导产业"].split("|")) == {"集成电路", "生物医药"}


FIELDS = [
    "name", "short_name", "province", "city", "level", "type", "industries",
    "year_approved", "area", "address", "website", "introduction",
]  # fmt: skip


def test_zone_export_neutralises_cells_that_spreadsheets_would_run_as_formulas(admin_client):
    """An address such as =HYPERLINK(...) must reach the spreadsheet as text, not a formula."""
    make_zone(name="测试开发区", address='=HYPERLINK("http://evil.example","点我")')
    response = admin_client.post(
        "/admin/association/zone/export/",
        {"format": "0", "resource": "0", **{f"zoneresource_{f}": "on" for f in FIELDS}},
    )
    assert response.status_code == 200, response.content[:500]
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    address = dict(zip(header, row, strict=True))["地址"]
    assert "HYPERLINK" in address
    assert not address.startswith(("=", "+", "-", "@"))
