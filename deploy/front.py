"""`make front`: gunicorn behind nginx (deploy/nginx.conf), both in the foreground.

    make front                      # http://127.0.0.1:8080, same environment as `make serve`
    PORT=9000 WEB_CONCURRENCY=2 make front
    .venv/bin/python deploy/front.py --render   # print the rendered nginx.conf and exit

gunicorn listens on a unix socket in the run folder (var/front/<port>/, or FRONT_RUN_DIR),
nginx on HOST:PORT and on its IPv6 twin ([::1] for 127.0.0.1, [::] for 0.0.0.0; HOST6 sets
another, HOST6=off none). Ctrl-C or SIGTERM (which make passes on) stops both; if either one
exits, the other is stopped too. Needs Debian's `nginx` package.
"""

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")


def settings():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings as django_settings

    django.setup()
    return django_settings


# IPv6 twins of the usual IPv4 listen addresses.
IPV6_TWIN = {"127.0.0.1": "[::1]", "localhost": "[::1]", "0.0.0.0": "[::]"}


def ipv6_available():
    """Can this machine listen on IPv6 at all (a container may have it switched off)?"""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def listen_v6(host, port):
    """nginx's IPv6 `listen` line: HOST6 if set ("" or "off": none), else the twin of HOST."""
    address = os.environ.get("HOST6")
    if address is None:
        address = IPV6_TWIN.get(host, "")
    if address in ("", "off") or not ipv6_available():
        return ""
    if not address.startswith("["):
        address = f"[{address}]"
    return f"listen {address}:{port} reuseport;"


def render(run, upstream, conf):
    """deploy/nginx.conf with its @NAME@ values filled in; `upstream` is gunicorn's address
    (unix:/path or host:port)."""
    brotli = BROTLI_MODULE.exists()
    values = {
        "LOAD_MODULES": f"load_module {BROTLI_MODULE};" if brotli else "",
        "BROTLI": (
            "brotli on; brotli_comp_level 5; brotli_min_length 256; brotli_types text/css "
            "application/javascript text/javascript application/json image/svg+xml "
            "text/plain application/xml;"
        )
        if brotli
        else "",
        # Started as root (a container), workers would run as `nobody`, who cannot read
        # the project's files: keep the files' owner. A system nginx uses its own user,
        # which needs read access to STATIC_ROOT and MEDIA_ROOT.
        "USER": f"user {ROOT.owner()};" if os.geteuid() == 0 else "",
        "RUN": str(run),
        "UPSTREAM": upstream,
        "HOST": os.environ.get("HOST", "127.0.0.1"),
        "PORT": os.environ.get("PORT", "8080"),
        "LISTEN_V6": listen_v6(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8080")),
        "STATIC_ROOT": str(Path(conf.STATIC_ROOT).resolve()),
        "MEDIA_ROOT": str(Path(conf.MEDIA_ROOT).resolve()),
        "ADMIN_URL": conf.ADMIN_URL,
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def _die_with_parent():
    """Stop when make (our parent) is killed, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main():
    conf = settings()
    port = os.environ.get("PORT", "8080")
    run = Path(os.environ.get("FRONT_RUN_DIR", ROOT / "var" / "front" / port)).resolve()
    socket = run / "gunicorn.sock"
    if "--render" in sys.argv:
        print(render(run, f"unix:{socket}", conf))
        return 0
    if not shutil.which("nginx"):
        print("nginx is not installed (apt-get install nginx)", file=sys.stderr)
        return 1
    _die_with_parent()
    # A fresh start serves nothing from an earlier run (another database, other code).
    shutil.rmtree(run / "cache", ignore_errors=True)
    for sub in ("tmp", "cache"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    config = run / "nginx.conf"
    config.write_text(render(run, f"unix:{socket}", conf))
    nginx = ["nginx", "-p", f"{run}/", "-c", str(config), "-e", str(run / "error.log")]
    subprocess.run([*nginx, "-t", "-q"], check=True)
    socket.unlink(missing_ok=True)
    env = {**os.environ, "TRUSTED_PROXY_COUNT": os.environ.get("TRUSTED_PROXY_COUNT", "1")}
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"unix:{socket}",
            "--workers",
            os.environ.get("WEB_CONCURRENCY", "3"),
            "--worker-class",
            "sync",
        ],
        cwd=ROOT,
        env=env,
    )
    for _i in range(300):
        if socket.exists() or gunicorn.poll() is not None:
            break
        time.sleep(0.1)
    front = subprocess.Popen([*nginx, "-g", "daemon off;"], cwd=ROOT)
    children = {"gunicorn": gunicorn, "nginx": front}
    stopping = []

    def stop(signum=None, frame=None):
        if stopping:
            return
        stopping.append(signum)
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop)
    print(f"front: http://{os.environ.get('HOST', '127.0.0.1')}:{port}/ (Ctrl-C stops)", flush=True)
    while all(child.poll() is None for child in children.values()):
        time.sleep(0.2)
    stop()
    codes = {name: child.wait() for name, child in children.items()}
    return 0 if stopping[0] is not None else max(abs(code) for code in codes.values()) or 1


if __name__ == "__main__":
    sys.exit(main())
