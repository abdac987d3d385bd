"""IPv6 reachability as the government-website IPv6 inspections measure it (IPv6 支持度):
the home page, its links on the site (second level) and their links (third level), each
fetched over IPv6 only, plus the page elements (images, scripts, styles) of the home page;
and no page may load anything from a bare IPv4 address.

    .venv/bin/python deploy/ipv6_check.py https://www.example.org/          # the real site
    .venv/bin/python deploy/ipv6_check.py http://[::1]:8080/ --min 1.0     # `make front`

Prints one line per indicator (reachable / checked) and exits 1 when the home page fails or a
level is below --min (default 0.9). At most --limit links per level are fetched (default 30).
Standard library only, so it runs on any machine with Python.
"""

import argparse
import http.client
import ipaddress
import socket
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SKIP_PREFIXES = ("/admin/", "/media/")


def connect_v6(address, timeout=None, source_address=None, **kwargs):
    """socket.create_connection, but only over IPv6 (an AAAA record or an IPv6 literal)."""
    host, port = address
    infos = socket.getaddrinfo(host, port, socket.AF_INET6, socket.SOCK_STREAM)
    last = OSError(f"{host} has no IPv6 address")
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        if timeout is not None:
            sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last


def fetch(url, timeout=10):
    """(status, content type, body) of a GET over IPv6; status 0 when it could not connect."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    connection._create_connection = connect_v6
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("GET", path, headers={"User-Agent": "ipv6-check", "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    except OSError:
        return 0, "", b""
    finally:
        connection.close()


class Links(HTMLParser):
    """Links (a href) and page elements (img/script src, link href) of one page."""

    def __init__(self):
        super().__init__()
        self.links, self.elements = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in ("img", "script", "source", "video", "iframe") and attrs.get("src"):
            self.elements.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.elements.append(attrs["href"])


def parse(base, body):
    parser = Links()
    parser.feed(body.decode("utf-8", errors="replace"))
    return (
        [urljoin(base, link).split("#")[0] for link in parser.links],
        [urljoin(base, element) for element in parser.elements],
    )


def is_ipv4_literal(url):
    try:
        return isinstance(ipaddress.ip_address(urlsplit(url).hostname or ""), ipaddress.IPv4Address)
    except ValueError:
        return False


def same_site(url, base):
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and parts.netloc == urlsplit(base).netloc
        and not parts.path.startswith(SKIP_PREFIXES)
    )


def inspect(base, limit=30):
    """The indicators as a dict: level -> (reachable, checked); plus the IPv4-only elements."""
    seen = {base}
    result = {}
    ipv4_only = []
    status, kind, body = fetch(base)
    result["home"] = (int(status == 200), 1)
    if status != 200:
        return result, ipv4_only
    links, elements = parse(base, body)
    ipv4_only += [element for element in elements if is_ipv4_literal(element)]
    own = [element for element in dict.fromkeys(elements) if same_site(element, base)][:limit]
    result["home elements"] = (sum(fetch(element)[0] == 200 for element in own), len(own))
    level = [link for link in dict.fromkeys(links) if same_site(link, base) and link not in seen]
    for name in ("second level", "third level"):
        level = level[:limit]
        seen.update(level)
        reachable, following = 0, []
        for url in level:
            status, kind, body = fetch(url)
            if not 200 <= status < 400:  # a redirect answered over IPv6 is reachable too
                continue
            reachable += 1
            if "html" in kind:
                page_links, page_elements = parse(url, body)
                ipv4_only += [e for e in page_elements if is_ipv4_literal(e)]
                following += [link for link in page_links if same_site(link, base)]
        result[name] = (reachable, len(level))
        level = [link for link in dict.fromkeys(following) if link not in seen]
    return result, sorted(set(ipv4_only))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the site's home page, e.g. https://www.example.org/")
    parser.add_argument("--limit", type=int, default=30, help="links fetched per level")
    parser.add_argument("--min", type=float, default=0.9, help="share each level must reach")
    args = parser.parse_args(argv)
    result, ipv4_only = inspect(args.url, args.limit)
    failed = result["home"][0] != 1
    for name, (reachable, checked) in result.items():
        share = reachable / checked if checked else 1.0
        failed = failed or share < args.min
        print(f"{name}: {reachable}/{checked} reachable over IPv6 ({share:.0%})")
    for element in ipv4_only:
        print(f"loaded from an IPv4 address: {element}")
    print("IPv6 check " + ("FAILED" if failed or ipv4_only else "passed"))
    return 1 if failed or ipv4_only else 0


if __name__ == "__main__":
    sys.exit(main())
