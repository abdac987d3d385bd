"""External links, checked over HTTP (`site_health --external` only).

Every distinct address once: HEAD, then GET when a server refuses HEAD (some answer 403,
405 or 501 to it). Timeouts per request (HEALTH_EXTERNAL_TIMEOUT), a pool of
HEALTH_EXTERNAL_WORKERS threads and at most HEALTH_EXTERNAL_PER_HOST requests at once to
any one host, so a slow government site is not hammered and does not hold up the rest.
An http: address is also tried over https:, which tells the editors' "use https://" rule
which hosts serve it.

Addresses that resolve to private, loopback or link-local networks are skipped
(HEALTH_EXTERNAL_SKIP_PRIVATE): the check runs on the server, and an address typed into
an article must not make it probe the internal network. Redirects are followed, under
the same rule. The standard library is enough for this (urllib, a thread pool).
"""

import ipaddress
import socket
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

USER_AGENT = "Mozilla/5.0 (compatible; site-health-check)"
RETRY_WITH_GET = {403, 405, 501}

TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
PRIVATE = "private"


@dataclass(frozen=True)
class Outcome:
    url: str
    status: int | None  # the final HTTP status, None when there was no answer
    error: str = ""  # TIMEOUT, UNREACHABLE, PRIVATE or the reason
    https: bool = False  # for an http: address: it answers over https as well

    @property
    def broken(self):
        return self.error not in ("", PRIVATE) or (self.status is not None and self.status >= 400)


class PrivateAddress(Exception):
    pass


def is_private(host):
    """Whether `host` resolves to an address the site must not probe."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # not resolvable: the request will say so
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            return True
    return False


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, skip_private):
        super().__init__()
        self.skip_private = skip_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        host = urlsplit(newurl).hostname or ""
        if self.skip_private and is_private(host):
            raise PrivateAddress(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Checker:
    def __init__(self, *, timeout=None, per_host=None, workers=None, skip_private=None):
        self.timeout = timeout or settings.HEALTH_EXTERNAL_TIMEOUT
        self.per_host = per_host or settings.HEALTH_EXTERNAL_PER_HOST
        self.workers = workers or settings.HEALTH_EXTERNAL_WORKERS
        self.skip_private = (
            settings.HEALTH_EXTERNAL_SKIP_PRIVATE if skip_private is None else skip_private
        )
        self._slots = {}
        self._lock = threading.Lock()
        self.opener = urllib.request.build_opener(_Redirects(self.skip_private))

    def _slot(self, host):
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.per_host)
            return self._slots[host]

    def _request(self, url, method):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                if method == "GET":
                    response.read(1024)
                return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, ""
        except PrivateAddress:
            return None, PRIVATE
        except TimeoutError:
            return None, TIMEOUT
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                return None, TIMEOUT
            return None, UNREACHABLE
        except (OSError, ValueError):
            return None, UNREACHABLE

    def fetch(self, url):
        """(status, error) of one address, within the per-host limit."""
        host = (urlsplit(url).hostname or "").lower()
        if not host:
            return None, UNREACHABLE
        if self.skip_private and is_private(host):
            return None, PRIVATE
        with self._slot(host):
            status, error = self._request(url, "HEAD")
            if status in RETRY_WITH_GET:
                status, error = self._request(url, "GET")
        return status, error

    def check_one(self, url):
        status, error = self.fetch(url)
        https = False
        parts = urlsplit(url)
        if parts.scheme == "http" and error != PRIVATE:
            secure = urlunsplit(("https", *parts[1:]))
            secure_status, secure_error = self.fetch(secure)
            https = not secure_error and secure_status is not None and secure_status < 400
        return Outcome(url, status, error, https)

    def check(self, urls):
        """{url: Outcome} for every distinct address."""
        urls = interleave(dict.fromkeys(urls))
        if not urls:
            return {}
        with ThreadPoolExecutor(max_workers=min(self.workers, len(urls))) as pool:
            return dict(zip(urls, pool.map(self.check_one, urls), strict=True))


def interleave(urls):
    """The addresses one host after another (a, b, c, a, b, c, …), so that the threads
    waiting for a busy host's turn are few and the other hosts go ahead."""
    by_host = {}
    for url in urls:
        by_host.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)
    queues = list(by_host.values())
    ordered = []
    for index in range(max((len(q) for q in queues), default=0)):
        ordered.extend(queue[index] for queue in queues if index < len(queue))
    return ordered
