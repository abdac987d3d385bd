"""Zone import and export as Chinese Excel users need it: GBK, BOM, Excel rows, Chinese errors."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from association.models import Zone

from .factories import make_industry, make_zone
from .test_import import FIELDS, HEADER, confirm_import, post_import

pytestmark = pytest.mark.django_db

ROWS = [
    "合肥经济技术开发区,合肥经开区,安徽省,合肥,国家级,经济技术开发区,集成电路,1993,268.5,"
    "合肥市示例路1号,www.hf-example.cn,简介一\n",
    "芜湖高新区,,安徽省,芜湖,国家级,高新技术产业开发区,集成电路,2010,,,,\n",
]


@pytest.fixture
def industries():
    return [make_industry("集成电路", "ic"), make_industry("生物医药", "bio")]


def upload(text, encoding):
    return SimpleUploadedFile("开发区.csv", text.encode(encoding), content_type="text/csv")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_from_excel_is_read_in_any_chinese_encoding(admin_client, industries, encoding):
    """GBK (Excel's 'CSV' on Chinese Windows), GB18030 and UTF-8 with or without BOM."""
    response = post_import(admin_client, upload(HEADER + "".join(ROWS), encoding))
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    confirm_import(admin_client, response)
    hefei = Zone.objects.get(name="合肥经济技术开发区")
    assert hefei.province == "anhui" and hefei.city == "合肥"
    assert Zone.objects.count() == 2


def test_website_without_scheme_is_accepted_as_https(admin_client, industries):
    """www.example.cn is read as the admin form reads it: https://www.example.cn."""
    confirm_import(admin_client, post_import(admin_client, upload(HEADER + ROWS[0], "gbk")))
    assert Zone.objects.get().website == "https://www.hf-example.cn"


def test_all_errors_of_a_file_in_one_pass_with_excel_rows_and_chinese_columns(
    admin_client, industries
):
    """Every bad cell of every row, numbered as in Excel, named by its Chinese column."""
    bad = [
        "坏开发区一,,火星省,,国家级,经济技术开发区,不存在的产业,很早,,,,\n",
        "坏开发区二,,安徽省,,,经济技术开发区,,,,,,\n",
    ]
    response = post_import(admin_client, upload(HEADER + ROWS[0] + "".join(bad), "gbk"))
    html = response.content.decode()
    result = response.context["result"]
    rows = {row.number: row for row in result.invalid_rows}
    assert sorted(rows) == [3, 4]
    assert set(rows[3].field_specific_errors) == {"省份", "主导产业", "批准年份"}
    assert "不存在的产业" in " ".join(rows[3].field_specific_errors["主导产业"])
    assert set(rows[4].field_specific_errors) == {"级别"}
    assert "为空" in rows[4].field_specific_errors["级别"][0]
    assert "None" not in html
    assert "部分行的数据校验未通过" in html and "某些行验数据证失败" not in html
    assert Zone.objects.count() == 0


def test_file_in_another_encoding_is_refused_in_chinese(admin_client, industries):
    """Bytes that are neither UTF-8 nor GBK give a Chinese message, not a crash."""
    data = SimpleUploadedFile("a.csv", "名称\n".encode("utf-16"), content_type="text/csv")
    response = post_import(admin_client, data)
    assert response.status_code == 200
    assert "既不是 UTF-8 也不是 GBK" in response.content.decode()
    assert Zone.objects.count() == 0


def test_csv_export_starts_with_a_bom_for_excel(admin_client, industries):
    """The exported CSV is UTF-8 with a BOM, so Excel shows the Chinese correctly."""
    make_zone(name="苏州工业园区", province="jiangsu", industries=industries)
    response = admin_client.post(
        "/admin/association/zone/export/",
        {"format": "0", "resource": "0", **{f"zoneresource_{f}": "on" for f in FIELDS}},
    )
    assert response.content.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[0] == "名称" and row[0] == "苏州工业园区"
