"""Real servers for tests: the site as `make serve` runs it, and a PostgreSQL streaming replica.

`SiteProcess` runs the site the way `make serve` does (DEBUG=0, collected static files,
`migrate`, gunicorn with N sync workers) on a free loopback port, with a database of its own:
a fresh PostgreSQL database when the test session runs on PostgreSQL (DATABASE_URL), a SQLite
file otherwise, or a database on a `StreamingReplica`'s primary (and read from its standby).
Never pytest-django's test database: the site is another program, as in production.

gunicorn's access log names the worker (its pid) of every request, and every request the
harness sends carries an id, so each `Response` says which worker answered it;
`hit_every_worker()` makes sure each worker has answered a path. `AdminSession` logs in
through the real admin login form (and, for superusers and reviewers, the second factor: it
sets up the authenticator from the enrolment page at the first login and types its codes
after) and posts admin forms and actions as an editor does.

`StreamingReplica` is a PostgreSQL primary of our own and a standby made from it with
`pg_basebackup -R`: replication can be paused and resumed, so a test can hold the replica
behind. PostgreSQL refuses to run as root: as root the server binaries run as the `postgres`
user, in temporary folders that user owns.

Fixtures (registered in tests/conftest.py): `site_server` (a factory; its sites stop after
the test), `module_site_server` (the same, shared by a module), `streaming_replica` (one
primary and standby per module), `collected_static` (collectstatic once per session).

    def test_a_withdrawn_article_is_gone_from_every_worker(site_server):  # issue 19
        site = site_server(workers=3)
        pk = site.make_article(title="撤稿测试")
        site.create_user("shen", "pw-Review-2026", groups=["审核"])
        reviewer = site.admin_session("shen", "pw-Review-2026")
        assert {r.status for r in site.hit_every_worker(f"/articles/{pk}/").values()} == {200}
        reviewer.withdraw_article(pk)
        assert {r.status for r in site.hit_every_worker(f"/articles/{pk}/").values()} == {404}

Warming a page in every worker: log in (and make any other change) *before*
`hit_every_worker()`. Without Redis each worker keeps its own page cache and content
generation, and a save handled by a worker makes that worker's cached pages stale, but no
other worker's; the worker that handles an editor's login POST, for one, drops its pages.

Everything is bounded in time and listens on 127.0.0.1 only.
"""

import atexit
import base64
import contextlib
import glob
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
HOST = "127.0.0.1"
REQUEST_ID_HEADER = "X-Harness-Request"
# The worker's pid (gunicorn writes "<pid>"), the harness's request id, status, request line.
ACCESS_LOG_FORMAT = '%(p)s %({x-harness-request}i)s %(s)s "%(r)s"'
ACCESS_LINE = re.compile(r'^<(\d+)> (\S+) (\d{3}) "(.*)"$')
# Redis database of the harness's sites (tests/portal/test_redis.py flushes 15); every site
# has a key prefix of its own there.
REDIS_URL = os.environ.get("HARNESS_REDIS_URL", "redis://127.0.0.1:6379/14")
COMMAND_TIMEOUT = 180  # seconds for one manage.py command (a migrate on a busy machine)
START_TIMEOUT = 60  # seconds for gunicorn's workers to answer
REQUEST_TIMEOUT = 15


def free_port():
    """A TCP port of loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(ready, seconds, what, interval=0.1):
    """Call `ready()` until it is true; raise after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if ready():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {seconds} s")
        time.sleep(interval)


def settings_variables():
    """The environment variables config/settings.py reads (a shell may have set any of them)."""
    source = (BASE_DIR / "config" / "settings.py").read_text()
    pattern = r'(?:env_(?:str|bool|int|list)\(|os\.environ\.get\()\s*"([A-Z][A-Z0-9_]*)"'
    return set(re.findall(pattern, source))


def clean_environment():
    """This process's environment without pytest's marks and without any site setting."""
    drop = settings_variables() | {"GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"}
    return {
        key: value
        for key, value in os.environ.items()
        if key not in drop and not key.startswith("PYTEST")
    }


def _tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _stop_process_group(process, timeout=15):
    """SIGTERM, wait; SIGKILL the whole group if it does not stop in time."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def collect_static(root, env=None):
    """`collectstatic` into `root` (hashed, compressed, as `make serve` does); returns root."""
    root = Path(root)
    env = {
        **clean_environment(),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{root.parent / 'collectstatic.sqlite3'}",
        "STATIC_ROOT": str(root),
        **(env or {}),
    }
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, timeout=COMMAND_TIMEOUT,
    )  # fmt: skip
    return root


# --- PostgreSQL: a primary of our own and its streaming replica --------------------------------


class PostgresUnavailable(Exception):
    """The PostgreSQL server binaries (or the `postgres` user, as root) are not there."""


def pg_bindir():
    """The newest /usr/lib/postgresql/<version>/bin with the server binaries (or PG_BINDIR)."""
    candidates = [os.environ["PG_BINDIR"]] if os.environ.get("PG_BINDIR") else []
    found = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(found, key=lambda p: [int(n) for n in re.findall(r"\d+", p)], reverse=True)
    needed = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
    for bindir in candidates:
        if all(os.access(Path(bindir) / name, os.X_OK) for name in needed):
            return Path(bindir)
    raise PostgresUnavailable(
        "the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) are not installed "
        "under /usr/lib/postgresql/<version>/bin (Debian: apt-get install postgresql)"
    )


class StreamingReplica:
    """A primary cluster and a hot standby streaming from it, in a temporary folder.

    Both trust every connection from loopback (replication included) and listen on free
    ports of 127.0.0.1. The role `portal` (password `portal`) and its database `portal`
    exist on both. `url()` names any database on either server.
    """

    def __init__(self):
        self.bindir = None
        self.base = None
        self.primary_port = None
        self.standby_port = None
        self._started = []  # data directories of running servers, in start order

    # Addresses
    def url(self, dbname="portal", *, standby=False, user="portal", password="portal"):
        port = self.standby_port if standby else self.primary_port
        return f"postgres://{user}:{password}@{HOST}:{port}/{dbname}"

    @property
    def primary_url(self):
        return self.url()

    @property
    def replica_url(self):
        return self.url(standby=True)

    # Life
    def start(self):
        self.bindir = pg_bindir()
        as_root = os.geteuid() == 0
        if as_root:
            if not shutil.which("runuser"):
                raise PostgresUnavailable("runuser is missing (needed to run PostgreSQL as root)")
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("there is no `postgres` user to run PostgreSQL") from None
        self.base = Path(tempfile.mkdtemp(prefix="portal-replica-"))
        atexit.register(self.stop)
        try:
            if as_root:
                os.chown(self.base, owner.pw_uid, owner.pw_gid)
            self.primary_port = free_port()
            primary = self.base / "primary"
            self._pg("initdb", "-D", primary, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                     "--no-locale", "--no-sync")  # fmt: skip
            self._append_conf(
                primary,
                listen_addresses=f"'{HOST}'",
                port=self.primary_port,
                unix_socket_directories=f"'{self.base}'",
                wal_level="replica",
                max_wal_senders=5,
                hot_standby="on",
                fsync="off",
            )
            self._pg_ctl_start(primary)
            self.standby_port = free_port()
            standby = self.base / "standby"
            self._pg("pg_basebackup", "-h", HOST, "-p", self.primary_port, "-U", "postgres",
                     "-D", standby, "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
            self._append_conf(standby, port=self.standby_port, hot_standby="on")
            self._pg_ctl_start(standby)
            self.execute("CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB")
            self.execute("CREATE DATABASE portal OWNER portal")
            self.wait_caught_up()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        """Stop both servers (standby first) and remove their folder."""
        while self._started:
            data = self._started.pop()
            with contextlib.suppress(subprocess.SubprocessError, OSError, RuntimeError):
                self._pg("pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "30", "stop")
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None
        atexit.unregister(self.stop)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # SQL
    def connect(self, *, standby=False, dbname="postgres", user="postgres"):
        import psycopg

        port = self.standby_port if standby else self.primary_port
        return psycopg.connect(
            host=HOST, port=port, user=user, dbname=dbname, autocommit=True, connect_timeout=5
        )

    def execute(self, sql, params=None, *, standby=False, dbname="postgres", user="postgres"):
        """Run one statement (as superuser unless told) and return its rows, if any."""
        with self.connect(standby=standby, dbname=dbname, user=user) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name, owner="portal"):
        from psycopg import sql

        self.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(name), sql.Identifier(owner)))  # fmt: skip

    def drop_database(self, name):
        from psycopg import sql

        self.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    # Replication
    def primary_lsn(self):
        return self.execute("SELECT pg_current_wal_lsn()::text")[0][0]

    def is_paused(self):
        return self.execute("SELECT pg_is_wal_replay_paused()", standby=True)[0][0]

    def pause_replay(self):
        """Stop applying WAL on the standby (it keeps receiving it); returns once paused."""
        self.execute("SELECT pg_wal_replay_pause()", standby=True)
        state = "SELECT pg_get_wal_replay_pause_state()"
        wait_until(
            lambda: self.execute(state, standby=True)[0][0] == "paused",
            10,
            "the standby did not pause its replay",
        )

    def resume_replay(self):
        self.execute("SELECT pg_wal_replay_resume()", standby=True)

    @contextlib.contextmanager
    def paused(self):
        """`with replica.paused():` the standby stays behind; caught up again on exit."""
        self.pause_replay()
        try:
            yield self
        finally:
            self.resume_replay()
            self.wait_caught_up()

    def wait_received(self, timeout=30):
        """Wait until the standby has received (not necessarily applied) all WAL written so far."""
        target = self.primary_lsn()
        query = "SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn"
        wait_until(
            lambda: self.execute(query, [target], standby=True)[0][0],
            timeout,
            f"the standby did not receive WAL up to {target}",
        )

    def wait_caught_up(self, timeout=30):
        """Wait until the standby has replayed everything the primary has written so far."""
        if self.is_paused():
            raise RuntimeError("the standby's replay is paused: it cannot catch up")
        target = self.primary_lsn()
        query = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
        wait_until(
            lambda: self.execute(query, [target], standby=True)[0][0],
            timeout,
            f"the standby did not replay WAL up to {target}",
        )

    # Running the server programs (as `postgres` when we are root)
    def _pg(self, program, *args, timeout=60):
        command = [str(self.bindir / program), *map(str, args)]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        try:
            return subprocess.run(
                command, cwd=self.base, check=True, capture_output=True, text=True,
                timeout=timeout,
            )  # fmt: skip
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"{program} failed: {error.stderr or error.stdout}") from error

    def _pg_ctl_start(self, data):
        log = data.parent / f"{data.name}.log"
        try:
            self._pg("pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "start", timeout=90)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{_tail(log)}") from error
        self._started.append(data)

    @staticmethod
    def _append_conf(data, **values):
        lines = "".join(f"{key} = {value}\n" for key, value in values.items())
        with open(data / "postgresql.conf", "a") as conf:  # written as root: the file stays
            conf.write("\n# tests/servers.py\n" + lines)  # owned by postgres (appended to)


@contextlib.contextmanager
def streaming_replica():
    """A running `StreamingReplica`, stopped and removed on exit."""
    replica = StreamingReplica()
    replica.start()
    try:
        yield replica
    finally:
        replica.stop()


# --- The site as `make serve` runs it ----------------------------------------------------------


class Response(NamedTuple):
    """One answer of the site: status, headers (case-insensitive), decoded body, and the pid
    of the gunicorn worker that answered."""

    status: int
    headers: http.client.HTTPMessage
    body: str
    worker_pid: int | None

    @property
    def location(self):
        return self.headers.get("Location")

    def cookies(self):
        """The cookies this answer sets, {name: value} ("" for a deleted one)."""
        found = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            found[name.strip()] = "" if value == '""' else value
        return found

    def soup(self):
        return BeautifulSoup(self.body, "html.parser")


class _PortTaken(Exception):
    pass


class SiteProcess:
    """The site under gunicorn on a free loopback port, as `make serve` runs it.

    `workers`: gunicorn sync workers. `redis`: share a Redis (REDIS_URL) under a key prefix
    of this site only (True, or the URL of a Redis database). `replica`: a running
    `StreamingReplica`; the site's database is then created on its primary and read from its
    standby (DATABASE_URL, DATABASE_REPLICA_URL). `extra_env`: more settings (strings).
    `static_root`: collected static files to reuse (collected here when not given). `root`:
    the folder for the database file, media, logs (a temporary one, removed, when not given).
    """

    def __init__(
        self, workers=3, redis=False, replica=None, extra_env=None, static_root=None, root=None
    ):
        self.workers = workers
        self.redis = redis
        self.replica = replica
        self.extra_env = dict(extra_env or {})
        self.static_root = static_root
        self._own_root = root is None
        self.root = Path(root) if root else None
        self.port = None
        self.process = None
        self.env = None
        self.database = None  # ("sqlite", path), ("postgres", name) or ("replica", name)
        self.cache_prefix = None
        self._pg_admin_url = None
        self._log_offset = 0
        self._log_entries = {}  # request id -> (pid, status, request line)
        self._log_lock = threading.Lock()
        self._shares = None  # the site whose database, Redis and media this server uses
        self._servers = []  # other app servers of this site (another_server)

    # --- Life
    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def admin_url(self):
        """The admin's path, e.g. "/admin/"."""
        return "/" + self.env.get("ADMIN_URL", "admin/")

    def start(self):
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="portal-site-"))
        self.root.mkdir(parents=True, exist_ok=True)
        atexit.register(self.stop)
        try:
            if self._shares is None:
                if self.static_root is None:
                    self.static_root = collect_static(self.root / "static")
                self.env = self._environment()
                self.run_manage("migrate", "--noinput", "-v0")
                if self.replica is not None:
                    self.replica.wait_caught_up()
            self._start_gunicorn()
        except BaseException:
            self.stop()
            raise
        return self

    def another_server(self, workers=None):
        """A second app server of this site, started: its own gunicorn (and port, workers,
        access log) on the same database, Redis, media and secret key, as behind a load
        balancer. It stops with this one."""
        root = tempfile.mkdtemp(prefix="server-", dir=self.root)
        server = SiteProcess(workers=workers or self.workers, root=root)
        server._shares = self
        server.env = dict(self.env)
        server.static_root, server.replica = self.static_root, self.replica
        self._servers.append(server)
        return server.start()

    def stop(self):
        """Stop gunicorn (SIGTERM, wait), drop the database, remove what the site left."""
        while self._servers:
            self._servers.pop().stop()
        if self.process is not None:
            _stop_process_group(self.process)
            self.process = None
        with contextlib.suppress(Exception):
            self._drop_database()
        with contextlib.suppress(Exception):
            self._forget_redis_keys()
        if self._own_root and self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        atexit.unregister(self.stop)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def _environment(self):
        env = clean_environment()
        env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=f"{HOST},localhost",
            # Plain HTTP on loopback: no redirect to HTTPS, no HSTS. Cookies stay `Secure`
            # as in production; the harness's clients send them anyway.
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            MEDIA_ROOT=str(self.root / "media"),
            PRIVATE_MEDIA_ROOT=str(self.root / "private"),
            STATIC_ROOT=str(self.static_root),
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            **self._database_environment(),
        )
        if self.redis:
            self.cache_prefix = f"harness-{uuid.uuid4().hex[:12]}"
            env["REDIS_URL"] = self.redis if isinstance(self.redis, str) else REDIS_URL
            env["CACHE_KEY_PREFIX"] = self.cache_prefix
            if "VIEW_COUNTER_PREFIX" in settings_variables():
                env["VIEW_COUNTER_PREFIX"] = f"{self.cache_prefix}:views"
        env.update({key: str(value) for key, value in self.extra_env.items()})
        return env

    def _database_environment(self):
        name = f"site_{uuid.uuid4().hex[:12]}"
        if self.replica is not None:
            self.replica.create_database(name)
            self.database = ("replica", name)
            return {
                "DATABASE_URL": self.replica.url(name),
                "DATABASE_REPLICA_URL": self.replica.url(name, standby=True),
            }
        session_url = os.environ.get("DATABASE_URL", "")
        if session_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            parts = urlsplit(session_url)
            name = f"{parts.path.lstrip('/')}_{name}"[:63]
            self._pg_admin_url = parts._replace(path="/postgres").geturl()
            _execute_on(self._pg_admin_url, "CREATE DATABASE {}", name)
            self.database = ("postgres", name)
            return {"DATABASE_URL": parts._replace(path="/" + name).geturl()}
        path = self.root / "db.sqlite3"
        self.database = ("sqlite", path)
        return {"DATABASE_URL": f"sqlite:///{path}"}

    def _drop_database(self):
        if self.database is None:
            return
        kind, name = self.database
        self.database = None
        if kind == "replica":
            self.replica.drop_database(name)
        elif kind == "postgres":
            _execute_on(self._pg_admin_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _forget_redis_keys(self):
        if not self.cache_prefix:
            return
        import redis

        client = redis.Redis.from_url(self.env["REDIS_URL"], socket_timeout=2)
        keys = list(client.scan_iter(f"{self.cache_prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])

    def _start_gunicorn(self, attempts=3):
        """gunicorn on a free port (another one if the port was taken in the meantime)."""
        self.access_log_path = self.root / "access.log"
        self.error_log_path = self.root / "gunicorn.log"
        for attempt in range(1, attempts + 1):
            self.port = free_port()
            with open(self.error_log_path, "ab") as output:
                self.process = subprocess.Popen(
                    [GUNICORN, "config.wsgi", "--bind", f"{HOST}:{self.port}",
                     "--workers", str(self.workers), "--graceful-timeout", "5",
                     "--access-logfile", str(self.access_log_path),
                     "--access-logformat", ACCESS_LOG_FORMAT,
                     "--error-logfile", str(self.error_log_path), "--log-level", "info"],
                    cwd=BASE_DIR, env=self.env, stdout=output, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            try:
                wait_until(self._ready, START_TIMEOUT, "the site did not answer /healthz", 0.2)
                return
            except _PortTaken:
                _stop_process_group(self.process)
                if attempt == attempts:
                    raise
            except TimeoutError as error:
                raise TimeoutError(f"{error}\n{_tail(self.error_log_path)}") from None

    def _ready(self):
        if f"Connection in use: ('{HOST}', {self.port})" in _tail(self.error_log_path, 5):
            raise _PortTaken(self.port)
        if self.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with {self.process.returncode}:\n{_tail(self.error_log_path)}"
            )
        if len(self.worker_pids()) != self.workers:
            return False
        try:
            return self.request("GET", "/healthz").status == 200
        except OSError:
            return False

    # --- Workers and their access log
    def worker_pids(self):
        """The pids of gunicorn's workers now (children of the arbiter)."""
        if self.process is None:
            return []
        pids = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(Path(stat).parent.name))
        return sorted(pids)

    def access_log(self):
        """Every request of the access log so far: [(pid, request id, status, request line)]."""
        entries = []
        for line in self.access_log_path.read_text(errors="replace").splitlines():
            match = ACCESS_LINE.match(line)
            if match:
                pid, rid, status, request = match.groups()
                entries.append((int(pid), rid, int(status), request))
        return entries

    def _read_access_log(self):
        with self._log_lock, open(self.access_log_path, "rb") as log:
            log.seek(self._log_offset)
            chunk = log.read()
            complete = chunk.rfind(b"\n") + 1  # a line being written is read next time
            self._log_offset += complete
            for line in chunk[:complete].decode(errors="replace").splitlines():
                match = ACCESS_LINE.match(line)
                if match:
                    pid, rid, status, request = match.groups()
                    self._log_entries[rid] = (int(pid), int(status), request)

    def pid_of(self, request_id, timeout=5):
        """The pid of the worker that answered the request with this id (from the access log,
        which the worker writes just after the answer)."""
        deadline = time.monotonic() + timeout
        while True:
            self._read_access_log()
            if request_id in self._log_entries:
                return self._log_entries[request_id][0]
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)

    # --- Requests
    def _connection(self):
        return http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)

    @staticmethod
    def _send(connection, method, path, body, headers):
        """One request on an open connection: (status, headers, body, request id)."""
        request_id = uuid.uuid4().hex
        headers = {**headers, REQUEST_ID_HEADER: request_id}
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            return answer.status, answer.headers, content.decode(errors="replace"), request_id
        finally:
            connection.close()

    @staticmethod
    def _headers(headers, cookies):
        headers = dict(headers or {})
        if cookies:
            if isinstance(cookies, dict):
                cookies = "; ".join(f"{name}={value}" for name, value in cookies.items())
            headers["Cookie"] = cookies
        return headers

    def request(self, method, path, body=None, headers=None, cookies=None):
        """Any request; `cookies` a dict or a Cookie header. Redirects are not followed."""
        raw = self._send(self._connection(), method, path, body, self._headers(headers, cookies))
        status, answer_headers, text, request_id = raw
        return Response(status, answer_headers, text, self.pid_of(request_id))

    def get(self, path, cookies=None, headers=None):
        """GET `path`: a `Response` (status, headers, body, worker_pid)."""
        return self.request("GET", path, headers=headers, cookies=cookies)

    def get_concurrently(self, path, count, cookies=None, headers=None):
        """`count` GETs of `path` at once (see `requests_concurrently`): with `count` ≤
        workers, each worker answers one of them."""
        return self.requests_concurrently([("GET", path, None, headers, cookies)] * count)

    def requests_concurrently(self, requests):
        """Requests (method, path, body, headers, cookies) sent at once, on connections all
        opened before any request is sent: a sync worker holds the connection it accepted
        until its request arrives, so with no more requests than workers, each worker
        answers one of them. The responses that came back, in order."""
        count = len(requests)
        connections = [self._connection() for _ in range(count)]
        for connection in connections:
            connection.connect()
        time.sleep(0.1)  # the idle workers accept their connection
        results = [None] * count

        def send(number):
            method, path, body, headers, cookies = requests[number]
            try:
                results[number] = self._send(
                    connections[number], method, path, body, self._headers(headers, cookies)
                )
            except (OSError, http.client.HTTPException) as error:
                results[number] = error

        threads = [threading.Thread(target=send, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT + 5)
        responses = []
        for result in results:
            if isinstance(result, tuple):
                status, answer_headers, text, request_id = result
                responses.append(Response(status, answer_headers, text, self.pid_of(request_id)))
        return responses

    def hit_every_worker(self, path, cookies=None, headers=None, attempts=10):
        """Request `path` until each worker has answered it at least once (at most `attempts`
        rounds of one request per worker, sent at once: usually one round does); {pid: that
        worker's first Response}."""
        seen = {}
        for _attempt in range(attempts):
            pids = set(self.worker_pids())
            for response in self.get_concurrently(path, len(pids), cookies, headers):
                seen.setdefault(response.worker_pid, response)
            if pids and pids <= set(seen):
                return {pid: seen[pid] for pid in sorted(pids)}
        raise AssertionError(
            f"not every worker answered {path} in {attempts} rounds: "
            f"workers {sorted(self.worker_pids())}, answered by {sorted(seen, key=str)}"
        )

    # --- Commands against the same database and settings
    def run_manage(self, *args, input=None, timeout=COMMAND_TIMEOUT):
        """`manage.py ARGS` with the site's environment; the CompletedProcess (raises when it
        fails, with its output)."""
        result = subprocess.run(
            [PYTHON, "manage.py", *map(str, args)], cwd=BASE_DIR, env=self.env, input=input,
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(map(str, args))} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def run_python(self, code, input=None):
        """Run `code` in `manage.py shell` (the site's settings and database); its stdout."""
        return self.run_manage("shell", "--no-imports", "-c", code, input=input).stdout

    def run_json(self, code, **params):
        """Run `code` with `params` (JSON-able) as the dict `params`; `code` sets `result`,
        returned (through JSON)."""
        wrapped = (
            "import json, sys\nparams = json.loads(sys.stdin.read())\nresult = None\n"
            + code
            + "\nprint('\\n' + json.dumps(result, default=str))"
        )
        output = self.run_python(wrapped, input=json.dumps(params))
        return json.loads(output.strip().splitlines()[-1])

    def create_user(self, username, password, groups=("编辑",), superuser=False):
        """A staff user (in `groups`, e.g. 编辑 editors or 审核 reviewers); returns its pk."""
        return self.run_json(CREATE_USER, username=username, password=password,
                             groups=list(groups), superuser=superuser)  # fmt: skip

    def totp_code(self, username, key=None):
        """The next code of `username`'s authenticator (its key is noted at enrolment): each
        login one time step further on, since a code is never accepted twice (django-otp
        follows the drift)."""
        from django_otp.oath import totp

        keys = self.__dict__.setdefault("totp_keys", {})
        if key is not None:
            keys[username] = key
        if username not in keys:
            raise AssertionError(f"{username!r} has an authenticator this harness never saw")
        steps = self.__dict__.setdefault("totp_steps", {})
        steps[username] = steps.get(username, -1) + 1
        return str(totp(keys[username], 30, 0, 6, steps[username])).zfill(6)

    def make_article(self, channel_slug="news", channel_name="资讯中心", **fields):
        """A published article in that channel (made if missing) with `fields` (JSON-able;
        `tests.factories.make_article`'s too, e.g. `age_hours`, `tags`); its pk."""
        return self.run_json(MAKE_ARTICLE, channel=[channel_slug, channel_name], fields=fields)

    def admin_session(self, username, password):
        """An `AdminSession` logged in through the admin's login form."""
        return AdminSession(self, username, password)


CREATE_USER = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
user = get_user_model().objects.create_user(
    params["username"], password=params["password"], is_staff=True,
    is_superuser=params["superuser"],
)
user.groups.set([Group.objects.get(name=name) for name in params["groups"]])
result = user.pk
"""

MAKE_ARTICLE = """
from tests import factories
slug, name = params["channel"]
channel = factories.make_channel(name, slug)
result = factories.make_article(channel, **params["fields"]).pk
"""


def _execute_on(url, statement, name):
    """One statement with a database name in it, on the server of `url` (autocommit)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


# --- An editor in the admin ---------------------------------------------------------------------


class AdminFormError(AssertionError):
    """The admin answered a form post with the form again: its errors."""


class AdminSession:
    """A browser-like session in the admin: cookies, the CSRF token, forms posted back."""

    def __init__(self, site, username, password):
        self.site = site
        self.username = username
        self.cookies = {}
        self.login(password)

    # Requests with this session's cookies
    def request(self, method, path, data=None):
        headers = {}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.site.url  # as a browser sends it (CSRF checks it)
        response = self.site.request(method, path, body, headers, self.cookies)
        for name, value in response.cookies().items():
            if not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        """POST `data` (a dict or (name, value) pairs); the CSRF token is added when missing."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        if not any(name == "csrfmiddlewaretoken" for name, _value in pairs):
            pairs.append(("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")))
        return self.request("POST", path, pairs)

    def follow(self, response):
        """GET where a redirect points (same site)."""
        location = urlsplit(response.location)
        return self.get(location.path + (f"?{location.query}" if location.query else ""))

    def login(self, password):
        """The admin login form, as a person fills it in. django-axes locks the account and
        the address after AXES_FAILURE_LIMIT (5) failures: a wrong password fails loudly here
        rather than being retried."""
        login = f"{self.site.admin_url}login/?next={self.site.admin_url}"
        fields = form_fields(self.get(login).body)
        fields = [(n, v) for n, v in fields if n not in ("username", "password")]
        fields += [("username", self.username), ("password", password)]
        response = self.post(login, fields)
        if response.status == 429:
            raise AssertionError(f"login of {self.username!r} refused: locked out (django-axes)")
        if response.status != 302 or "sessionid" not in self.cookies:
            errors = [" ".join(e.get_text().split()) for e in response.soup().select(".errornote")]
            raise AssertionError(f"login of {self.username!r} failed ({response.status}): {errors}")
        # The second factor (accounts/), for superusers and reviewers: set up the
        # authenticator at the first login, type its code at the next ones.
        after = self.get(self.site.admin_url)
        location = after.location if after.status == 302 else ""
        if "/account/enrol/" in location:
            self.second_factor(f"{self.site.admin_url}account/enrol/", enrol=True)
        elif "/account/verify/" in location:
            self.second_factor(f"{self.site.admin_url}account/verify/")
        return response

    def second_factor(self, path, enrol=False):
        page = self.get(path)
        key = None
        if enrol:
            secret = page.soup().select_one("#otp-secret").get_text().replace(" ", "")
            key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        fields = [(n, v) for n, v in form_fields(page.body) if n != "code"]
        response = self.post(path, [*fields, ("code", self.site.totp_code(self.username, key))])
        if response.status != (200 if enrol else 302) or (
            enrol and "recovery-codes" not in response.body
        ):
            errors = [" ".join(e.get_text().split()) for e in response.soup().select(".errornote")]
            raise AssertionError(f"second factor of {self.username!r} refused: {errors}")
        return response

    # Forms
    def form(self, path):
        """The change form at `path`: (Response, its fields as (name, value) pairs)."""
        response = self.get(path)
        if response.status != 200:
            raise AssertionError(f"GET {path} answered {response.status}")
        return response, form_fields(response.body)

    def post_admin_form(self, path, changes, submit="_save", check=True):
        """GET the admin form at `path`, keep every field as it is, apply `changes` and post it
        back, as saving in a browser does. `changes`: {name: value}, a list for a multiple
        choice, True/False to tick or untick a box, None to leave the field out. With `check`,
        a form that comes back with errors raises `AdminFormError`."""
        _response, fields = self.form(path)
        for name, value in changes.items():
            fields = [(n, v) for n, v in fields if n != name]
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            values = value if isinstance(value, list | tuple) else [value]
            fields += [(name, str(v)) for v in values]
        if submit:
            fields.append((submit, "1"))
        response = self.post(path, fields)
        if check and response.status != 302:
            raise AdminFormError(f"POST {path} answered {response.status}: {form_errors(response)}")
        return response

    def admin_action(self, changelist, action, pks):
        """Run the bulk action `action` of the change list at `changelist` on `pks`, as ticking
        the boxes and choosing the action does; the messages it leaves, [(level, text)]."""
        response = self.post(changelist, [
            ("action", action), ("index", "0"), ("select_across", "0"),
            *[("_selected_action", str(pk)) for pk in pks],
        ])  # fmt: skip
        if response.status != 302:
            raise AdminFormError(f"action {action} answered {response.status}")
        return messages_of(self.follow(response))

    def article_change_path(self, pk):
        return f"{self.site.admin_url}articles/article/{pk}/change/"

    def withdraw_article(self, pk, via="action"):
        """撤稿: withdraw the published article `pk` as a reviewer (group 审核) does, with the
        list's bulk action "撤稿" (`via="action"`) or the change form's status (`via="form"`).
        Editors (编辑) may not: that raises. Returns the admin's messages (action) or the
        form's Response."""
        if via == "form":
            return self.post_admin_form(self.article_change_path(pk), {"status": "withdrawn"})
        changelist = f"{self.site.admin_url}articles/article/"
        found = self.admin_action(changelist, "withdraw", [pk])
        if not any(level == "success" for level, _text in found):
            raise AssertionError(f"article {pk} was not withdrawn: {found}")
        return found


def form_fields(html, form_id=None):
    """A form's successful controls as a browser submits them: (name, value) pairs.

    The form is the one with id `form_id`, else the admin's change form (its id ends in
    "_form"), else the page's POST form with the most controls. Files are left out (the
    saved file stays), so is every submit button.
    """
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) if form_id else None
    if form is None:
        forms = soup.find_all("form", method=re.compile("post", re.I))
        changes = [f for f in forms if (f.get("id") or "").endswith("_form")]
        candidates = changes or forms
        if not candidates:
            raise AssertionError("the page has no form")
        form = max(candidates, key=lambda f: len(f.find_all(["input", "select", "textarea"])))
    pairs = []
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "textarea":
            text = control.string or ""
            pairs.append((name, text[1:] if text.startswith("\n") else text))
        elif control.name == "select":
            options = control.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not control.has_attr("multiple"):
                chosen = options[:1]
            pairs += [(name, o.get("value", o.get_text())) for o in chosen]
        else:
            kind = (control.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and not control.has_attr("checked"):
                continue
            pairs.append((name, control.get("value", "on" if kind == "checkbox" else "")))
    return pairs


def form_errors(response):
    """The error notes and field errors of an admin form page, as text."""
    soup = response.soup()
    return [" ".join(e.get_text().split()) for e in soup.select(".errornote, .errorlist li")]


def messages_of(response):
    """The admin's messages on a page: [(level, text)], level e.g. "success", "warning"."""
    found = []
    for item in response.soup().select("ul.messagelist li"):
        classes = item.get("class") or ["info"]
        found.append((classes[0], " ".join(item.get_text().split())))
    return found


# --- Fixtures (registered in tests/conftest.py) -----------------------------------------------


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` once per session, shared by every site."""
    return collect_static(tmp_path_factory.mktemp("collected") / "static")


def _redis_reachable(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@contextlib.contextmanager
def _site_factory(static_root, tmp_path_factory):
    sites = []

    def start(workers=3, redis=False, replica=None, extra_env=None):
        if redis and not _redis_reachable(redis if isinstance(redis, str) else REDIS_URL):
            pytest.skip(f"no Redis answers at {redis if isinstance(redis, str) else REDIS_URL}")
        site = SiteProcess(
            workers=workers, redis=redis, replica=replica, extra_env=extra_env,
            static_root=static_root, root=tmp_path_factory.mktemp("site"),
        )  # fmt: skip
        sites.append(site)
        return site.start()

    try:
        yield start
    finally:
        for site in reversed(sites):
            site.stop()


@pytest.fixture
def site_server(collected_static, tmp_path_factory):
    """`site_server(workers=3, redis=False, replica=None, extra_env=None)`: a started
    `SiteProcess`; every site it started stops after the test."""
    with _site_factory(collected_static, tmp_path_factory) as start:
        yield start


@pytest.fixture(scope="module")
def module_site_server(collected_static, tmp_path_factory):
    """`site_server` for module-scoped fixtures: its sites stop after the module."""
    with _site_factory(collected_static, tmp_path_factory) as start:
        yield start


@pytest.fixture(scope="module", name="streaming_replica")
def streaming_replica_fixture():
    """A `StreamingReplica` (primary + hot standby) shared by the module; skipped, saying why,
    where the PostgreSQL server binaries are missing."""
    replica = StreamingReplica()
    try:
        replica.start()
    except PostgresUnavailable as reason:
        pytest.skip(f"no PostgreSQL streaming replica: {reason}")
    try:
        yield replica
    finally:
        replica.stop()
