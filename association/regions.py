"""Provinces of China and the four economic regions the statistics use.

Values are ASCII (pinyin) so they can stand in URLs; labels are what readers see.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    EAST = "east", _("Eastern region")
    CENTRAL = "central", _("Central region")
    WEST = "west", _("Western region")
    NORTHEAST = "northeast", _("Northeastern region")


class Province(models.TextChoices):
    BEIJING = "beijing", "北京市"
    TIANJIN = "tianjin", "天津市"
    HEBEI = "hebei", "河北省"
    SHANXI = "shanxi", "山西省"
    NEIMENGGU = "neimenggu", "内蒙古自治区"
    LIAONING = "liaoning", "辽宁省"
    JILIN = "jilin", "吉林省"
    HEILONGJIANG = "heilongjiang", "黑龙江省"
    SHANGHAI = "shanghai", "上海市"
    JIANGSU = "jiangsu", "江苏省"
    ZHEJIANG = "zhejiang", "浙江省"
    ANHUI = "anhui", "安徽省"
    FUJIAN = "fujian", "福建省"
    JIANGXI = "jiangxi", "江西省"
    SHANDONG = "shandong", "山东省"
    HENAN = "henan", "河南省"
    HUBEI = "hubei", "湖北省"
    HUNAN = "hunan", "湖南省"
    GUANGDONG = "guangdong", "广东省"
    GUANGXI = "guangxi", "广西壮族自治区"
    HAINAN = "hainan", "海南省"
    CHONGQING = "chongqing", "重庆市"
    SICHUAN = "sichuan", "四川省"
    GUIZHOU = "guizhou", "贵州省"
    YUNNAN = "yunnan", "云南省"
    XIZANG = "xizang", "西藏自治区"
    SHAANXI = "shaanxi", "陕西省"
    GANSU = "gansu", "甘肃省"
    QINGHAI = "qinghai", "青海省"
    NINGXIA = "ningxia", "宁夏回族自治区"
    XINJIANG = "xinjiang", "新疆维吾尔自治区"


_REGION_OF = {
    Region.EAST: "beijing tianjin hebei shanghai jiangsu zhejiang fujian shandong guangdong hainan",
    Region.CENTRAL: "shanxi anhui jiangxi henan hubei hunan",
    Region.WEST: "neimenggu guangxi chongqing sichuan guizhou yunnan xizang shaanxi gansu qinghai "
    "ningxia xinjiang",
    Region.NORTHEAST: "liaoning jilin heilongjiang",
}
REGION_OF_PROVINCE = {
    province: region for region, names in _REGION_OF.items() for province in names.split()
}


def region_of(province):
    """The economic region (东部/中部/西部/东北) a province belongs to."""
    return REGION_OF_PROVINCE.get(province, "")
