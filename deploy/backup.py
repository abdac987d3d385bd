"""Backup and restore of the whole site: the database, public media and private media.

    python deploy/backup.py backup [--dir backups]   # make backup
    python deploy/backup.py verify FILE              # checksums only, restores nothing
    python deploy/backup.py restore FILE             # make restore FILE=...

A backup is one tar file `portal-YYYYmmdd-HHMMSS.tar` holding
  database.dump     pg_dump custom format (PostgreSQL), or database.sqlite3 (SQLite)
  media.tar.gz      public uploads (MEDIA_ROOT), unless they live in an object store
  private.tar.gz    manuscript attachments (PRIVATE_MEDIA_ROOT)
  manifest.json     when, from what, record counts, and the SHA-256 of every part.

`restore` checks every checksum first, then refuses a database that has tables or media
folders that hold files: it restores into an empty installation only (never over a live
one). Settings come from the same environment variables as the site (DATABASE_URL,
MEDIA_ROOT, PRIVATE_MEDIA_ROOT...).
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def setup():
    import django

    django.setup()
    from django.conf import settings

    return settings


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_env(db):
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or "127.0.0.1"),
        PGPORT=str(db.get("PORT") or 5432),
        PGUSER=str(db.get("USER") or ""),
        PGPASSWORD=str(db.get("PASSWORD") or ""),
        PGDATABASE=str(db["NAME"]),
    )
    return env


def is_postgres(db):
    return db["ENGINE"] == "django.db.backends.postgresql"


def archive_folder(folder, target):
    with tarfile.open(target, "w:gz") as archive:
        if folder.exists():
            archive.add(folder, arcname=".")


def counts():
    from django.apps import apps

    wanted = [
        "articles.Article",
        "articles.Attachment",
        "submissions.Manuscript",
        "submissions.ManuscriptAttachment",
        "submissions.Message",
        "association.Zone",
    ]
    return {label: apps.get_model(label).objects.count() for label in wanted}


def backup(directory):
    settings = setup()
    db = settings.DATABASES["default"]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"portal-{stamp}.tar"
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if is_postgres(db):
            database = scratch / "database.dump"
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", database],
                env=pg_env(db), check=True,
            )  # fmt: skip
        else:
            database = scratch / "database.sqlite3"
            source = sqlite3.connect(db["NAME"])
            copy = sqlite3.connect(database)
            with copy:
                source.backup(copy)  # consistent even while the site writes
            source.close()
            copy.close()
        parts = [database]
        media_in_object_store = "FileSystemStorage" not in settings.STORAGES["default"]["BACKEND"]
        if not media_in_object_store:
            archive_folder(Path(settings.MEDIA_ROOT), scratch / "media.tar.gz")
            parts.append(scratch / "media.tar.gz")
        archive_folder(Path(settings.PRIVATE_MEDIA_ROOT), scratch / "private.tar.gz")
        parts.append(scratch / "private.tar.gz")
        manifest = {
            "created": datetime.now(UTC).isoformat(),
            "database": "postgresql" if is_postgres(db) else "sqlite",
            "public_media": "object store (not included)" if media_in_object_store else "included",
            "counts": counts(),
            "files": {p.name: {"sha256": sha256(p), "bytes": p.stat().st_size} for p in parts},
        }
        (scratch / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        with tarfile.open(target, "w") as bundle:
            for part in [scratch / "manifest.json", *parts]:
                bundle.add(part, arcname=part.name)
    print(f"backup written: {target}")
    print(json.dumps(manifest["counts"], ensure_ascii=False))
    return target


def unpack(file, scratch):
    """Extract the bundle and check every part against the manifest; return the manifest."""
    with tarfile.open(file) as bundle:
        names = bundle.getnames()
        if any("/" in name or name.startswith(".") for name in names):
            raise SystemExit("not a backup of this site: unexpected paths in the archive")
        bundle.extractall(scratch, filter="data")
    manifest = json.loads((scratch / "manifest.json").read_text())
    for name, expected in manifest["files"].items():
        part = scratch / name
        if not part.exists() or sha256(part) != expected["sha256"]:
            raise SystemExit(f"checksum mismatch: {name} is damaged or missing")
    return manifest


def verify(file):
    with tempfile.TemporaryDirectory() as scratch:
        manifest = unpack(file, Path(scratch))
    print(f"backup OK: {file} ({manifest['created']}, {manifest['database']})")
    print(json.dumps(manifest["counts"], ensure_ascii=False))


def folder_is_empty(folder):
    return not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def restore(file):
    settings = setup()
    from django.db import connection

    db = settings.DATABASES["default"]
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    if connection.introspection.table_names():
        raise SystemExit(f"refused: database {db['NAME']} is not empty (restore into a new one)")
    connection.close()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        manifest = unpack(file, scratch)
        if "media.tar.gz" in manifest["files"] and not folder_is_empty(media):
            raise SystemExit(f"refused: {media} already holds files")
        if not folder_is_empty(private):
            raise SystemExit(f"refused: {private} already holds files")
        if manifest["database"] == "postgresql":
            if not is_postgres(db):
                raise SystemExit("refused: a PostgreSQL backup needs a PostgreSQL DATABASE_URL")
            subprocess.run(
                ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
                 "--dbname", db["NAME"], scratch / "database.dump"],
                env=pg_env(db), check=True,
            )  # fmt: skip
        else:
            if is_postgres(db):
                raise SystemExit("refused: a SQLite backup needs a SQLite DATABASE_URL")
            shutil.copyfile(scratch / "database.sqlite3", db["NAME"])
        for name, folder in (("media.tar.gz", media), ("private.tar.gz", private)):
            if name in manifest["files"]:
                folder.mkdir(parents=True, exist_ok=True)
                with tarfile.open(scratch / name) as archive:
                    archive.extractall(folder, filter="data")
    found = counts()
    print(f"restored {file} into {db['NAME']}")
    print(json.dumps(found, ensure_ascii=False))
    if found != manifest["counts"]:
        raise SystemExit(f"restored counts differ from the manifest: {manifest['counts']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("backup")
    command.add_argument("--dir", default=str(BASE_DIR / "backups"))
    commands.add_parser("verify").add_argument("file")
    commands.add_parser("restore").add_argument("file")
    args = parser.parse_args()
    if args.command == "backup":
        backup(args.dir)
    elif args.command == "verify":
        verify(args.file)
    else:
        restore(args.file)


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    main()
