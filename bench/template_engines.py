"""How long our templates take to render, and what another engine would change (issue 25).

    DATABASE_URL=postgres://... .venv/bin/python bench/template_engines.py [renders]

In-process, page cache off, on whatever content DATABASE_URL holds (the demo or the
bench corpus). For the home page, the newest article and its channel:

1. the whole request (test client, CPU time of this process) and the render of the page's
   template alone, with the context the view gave it, by
   - Django's engine with the cached loader as it stood (templates as written, indented);
   - Django's engine as configured now (indentation removed at load time,
     portal/template_loaders.py);
2. the loop every list runs (articles/_list.html over 20 articles), by
   - Django's engine as configured;
   - Django's engine with the address of each article given (no `get_absolute_url`, which
     calls reverse(), in the loop);
   - Jinja2 (3.x, autoescape on) with the same markup and filters, if installed
     (`pip install jinja2`: it is not a dependency of the site).

Figures are CPU milliseconds per render (process time), the median of 5 rounds. The
shared chrome fragments are warm in every case, as in a warm server worker. The decision
these figures led to is written in bench/README.md ("Template engine").
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ["PAGE_CACHE_SECONDS"] = "0"

ROUNDS = 5


def cpu_ms(function, repeat):
    """Median over ROUNDS of the CPU milliseconds of one call of `function`."""
    rounds = []
    for _round in range(ROUNDS):
        started = time.process_time()
        for _i in range(repeat):
            function()
        rounds.append((time.process_time() - started) * 1000 / repeat)
    return statistics.median(rounds)


def capture(client, path):
    """The outermost template the view rendered for `path`, its context and request."""
    from django.template.backends.django import Template

    seen = []
    original = Template.render

    def recording(self, context=None, request=None):
        if not seen:
            seen.append((self.template.name, dict(context or {}), request))
        return original(self, context, request)

    Template.render = recording
    try:
        response = client.get(path, headers={"host": "127.0.0.1"})
    finally:
        Template.render = original
    assert response.status_code == 200, (path, response.status_code)
    return seen[0]


def engines():
    """{label: Django template backend}: as it stood before issue 25, and as configured."""
    from django.conf import settings
    from django.template import engines as configured
    from django.template.backends.django import DjangoTemplates

    options = {k: v for k, v in settings.TEMPLATES[0]["OPTIONS"].items() if k != "loaders"}
    before = DjangoTemplates(
        {
            "NAME": "before-issue-25",
            "DIRS": settings.TEMPLATES[0]["DIRS"],
            "APP_DIRS": False,
            "OPTIONS": {
                **options,
                "loaders": [
                    (
                        "django.template.loaders.cached.Loader",
                        [
                            "django.template.loaders.filesystem.Loader",
                            "django.template.loaders.app_directories.Loader",
                        ],
                    )
                ],
            },
        }
    )
    return {
        "Django, cached loader, as written": before,
        "Django, indentation removed": configured["django"],
    }


JINJA_LIST = """{% if articles %}<ul class="item-list article-list">
{% for article in articles %}<li>
<a href="{{ article.get_absolute_url() }}">{{ article.title }}</a>
<time>{{ article.publish_at|iso_date }}</time>
</li>
{% endfor %}</ul>
{% else %}<p class="empty">{{ gettext("No articles yet.") }}</p>
{% endif %}"""

DJANGO_LIST_GIVEN_URLS = """{% load i18n portal_tags %}
{% if articles %}<ul class="item-list article-list">
{% for article in articles %}<li>
<a href="{{ article.url }}">{{ article.title }}</a>
<time>{{ article.publish_at|iso_date }}</time>
</li>
{% endfor %}</ul>
{% else %}<p class="empty">{% translate "No articles yet." %}</p>
{% endif %}"""


def list_loop(articles, repeat):
    """The list loop by each engine: {label: (ms, bytes)}."""
    from django.template import engines as configured
    from django.utils.translation import gettext

    from portal.templatetags.portal_tags import iso_date

    django_engine = configured["django"]
    results = {}
    template = django_engine.get_template("articles/_list.html")
    html = template.render({"articles": articles})
    results["Django, articles/_list.html"] = (
        cpu_ms(lambda: template.render({"articles": articles}), repeat),
        len(html.encode()),
    )
    for article in articles:
        article.url = article.get_absolute_url()
    given = django_engine.from_string(DJANGO_LIST_GIVEN_URLS)
    html = given.render({"articles": articles})
    results["Django, addresses given (no reverse() in the loop)"] = (
        cpu_ms(lambda: given.render({"articles": articles}), repeat),
        len(html.encode()),
    )
    try:
        import jinja2
    except ImportError:
        results["Jinja2 (not installed: pip install jinja2)"] = (None, None)
        return results
    environment = jinja2.Environment(autoescape=True)
    environment.filters["iso_date"] = iso_date
    environment.globals["gettext"] = gettext
    jinja_template = environment.from_string(JINJA_LIST)
    html = jinja_template.render(articles=articles)
    results[f"Jinja2 {jinja2.__version__}, the same markup"] = (
        cpu_ms(lambda: jinja_template.render(articles=articles), repeat),
        len(html.encode()),
    )
    return results


def main(repeat=200):
    import django

    django.setup()
    from django.test import Client

    from articles.models import Article
    from portal import pagecache

    article = Article.objects.published().order_by("-publish_at").first()
    if article is None:
        raise SystemExit("no published article in this database: load the demo or the bench")
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "channel": article.channel.get_absolute_url(),
    }
    client = Client()
    print("| page | whole request, ms CPU | engine | render, ms CPU | bytes |")
    print("|---|---:|---|---:|---:|")
    for name, path in pages.items():
        for _i in range(5):
            client.get(path, headers={"host": "127.0.0.1"})
        request_ms = cpu_ms(
            lambda path=path: client.get(path, headers={"host": "127.0.0.1"}), repeat // 4
        )
        template_name, context, request = capture(client, path)
        for label, backend in engines().items():
            pagecache.bump()  # each engine renders its own chrome fragments once, then reuses them
            template = backend.get_template(template_name)
            html = template.render(context, request)
            ms = cpu_ms(lambda t=template, c=context, r=request: t.render(c, r), repeat // 4)
            print(f"| {name} | {request_ms:.2f} | {label} | {ms:.2f} | {len(html.encode()):,} |")
    articles = list(Article.objects.published().select_related("channel")[:20])
    print()
    print("| the list loop (20 articles) | ms CPU | bytes |")
    print("|---|---:|---:|")
    for label, (ms, size) in list_loop(articles, repeat).items():
        if ms is None:
            print(f"| {label} | | |")
        else:
            print(f"| {label} | {ms:.3f} | {size:,} |")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:2]))
