import pytest

from portal import ratelimit
from portal.sanitize import clean_html
from portal.uploads import RandomUploadPath, safe_filename


def test_sanitiser_keeps_structure_and_drops_scripts():
    """The shared sanitiser keeps structure and drops scripts, handlers and javascript: links."""
    html = (
        '<h2>标题</h2><p onclick="x()">正文<script>alert(1)</script></p>'
        '<ul><li>一</li></ul><a href="javascript:alert(1)">坏</a>'
        '<table><tr><td>格</td></tr></table><img src="/media/a.jpg" onerror="x()" alt="图">'
    )
    cleaned = clean_html(html)
    assert "<h2>标题</h2>" in cleaned and "<li>一</li>" in cleaned and "<td>格</td>" in cleaned
    assert "script" not in cleaned and "onclick" not in cleaned and "onerror" not in cleaned
    assert "javascript:" not in cleaned
    assert '<img src="/media/a.jpg" alt="图">' in cleaned


def test_safe_filename_strips_directories_and_control_characters():
    """Uploaded names lose directories and control characters."""
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("..\\..\\报告\u202e.docx") == "报告.docx"
    assert safe_filename("\x00") == "file"


def test_random_upload_path_keeps_only_the_extension():
    """Stored uploads get a random name that keeps only the lower-cased extension."""
    first = RandomUploadPath("covers")(None, "我的 照片.JPG")
    second = RandomUploadPath("covers")(None, "我的 照片.JPG")
    assert first.startswith("covers/") and first.endswith(".jpg")
    assert first != second and "照片" not in first


@pytest.mark.django_db
def test_rate_limit_allows_the_limit_then_refuses():
    """The rate limiter allows the limit per address, then refuses."""
    results = [ratelimit.hit("test-scope", "203.0.113.9", limit=3, period=60) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.hit("test-scope", "198.51.100.1", limit=3, period=60) is True


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("", 0, "10.0.0.1"),
        ("203.0.113.5, 10.0.0.2", 1, "10.0.0.2"),
        ("1.1.1.1, 203.0.113.5", 2, "1.1.1.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(rf, settings, forwarded, proxies, expected):
    """The client address trusts only as many X-Forwarded-For hops as proxies configured."""
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1")
    assert ratelimit.client_ip(request) == expected
