"""`make backup` / `make restore`: a backup restored into an empty database shows the same site."""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from articles.models import Article, Attachment, Channel
from submissions.models import Manuscript, ManuscriptAttachment

BASE_DIR = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Rendered by a fresh process against the restored database and folders.
RENDER = """
import json, sys
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from articles.models import Article
from submissions.models import ManuscriptAttachment
article = Article.objects.get(title="备份测试文章")
client = Client()
page = client.get(article.get_absolute_url())
attachment = article.attachments.get()
download = client.get(attachment.file.url)
# Staff who may download manuscripts, as 编辑 may: no second factor stands between the
# login and the file. The permission itself, not the group: a test that flushed the
# database before this one (the front server's) leaves no groups, only permissions.
staff = get_user_model().objects.create_user("restorer", "r@example.org", "x", is_staff=True)
staff.user_permissions.add(Permission.objects.get(codename="view_manuscript"))
client.force_login(staff)
private = ManuscriptAttachment.objects.get()
manuscript_file = client.get(f"/submissions/attachments/{private.pk}/")
print(json.dumps({
    "page": page.status_code,
    "html_has_title": "备份测试文章" in page.content.decode(),
    "html_has_attachment": attachment.file.url in page.content.decode(),
    "attachment": b"".join(download.streaming_content).hex(),
    "manuscript_file": b"".join(manuscript_file.streaming_content).hex(),
}))
"""


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: run with a PostgreSQL DATABASE_URL")


def run(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, **kwargs
    )


def test_backup_restored_into_an_empty_database_renders_the_same_article_and_files(
    postgres, settings, tmp_path
):
    """Backup, restore into a new database and new folders: same article page, same files."""
    channel = Channel.objects.create(name="资讯中心", slug="news")
    article = Article.objects.create(
        title="备份测试文章", channel=channel, body="<p>正文。</p>",
        status=Article.Status.PUBLISHED, publish_at=timezone.now(),
    )  # fmt: skip
    Attachment.objects.create(article=article, title="附件", file=ContentFile(PDF + b"1", "a.pdf"))
    manuscript = Manuscript.objects.create(
        title="稿件", author_name="作者", phone="010-1234567", email="a@example.org",
        abstract="摘要", declaration=True, tracking_number="TG20260101-ABCDEF",
    )  # fmt: skip
    private_bytes = PDF + b"private"
    ManuscriptAttachment.objects.create(
        manuscript=manuscript, file=ContentFile(private_bytes, "m.pdf"), original_name="m.pdf"
    )

    db = connection.settings_dict
    base_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=base_url + db["NAME"], ALLOWED_HOSTS="testserver", DEBUG="1",
        MEDIA_ROOT=str(settings.MEDIA_ROOT), PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )  # fmt: skip
    made = run(env, "deploy/backup.py", "backup", "--dir", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    (bundle,) = (tmp_path / "backups").glob("portal-*.tar")
    assert run(env, "deploy/backup.py", "verify", str(bundle)).returncode == 0

    restored_db = f"{db['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored_db}"')
    try:
        env.update(
            DATABASE_URL=base_url + restored_db,
            MEDIA_ROOT=str(tmp_path / "restored" / "media"),
            PRIVATE_MEDIA_ROOT=str(tmp_path / "restored" / "private"),
        )
        restored = run(env, "deploy/backup.py", "restore", str(bundle))
        assert restored.returncode == 0, restored.stderr + restored.stdout
        again = run(env, "deploy/backup.py", "restore", str(bundle))
        assert again.returncode != 0 and "not empty" in again.stderr + again.stdout

        rendered = run(env, "manage.py", "shell", "-c", RENDER)
        assert rendered.returncode == 0, rendered.stderr
        result = json.loads(rendered.stdout.strip().splitlines()[-1])
        assert result["page"] == 200
        assert result["html_has_title"] and result["html_has_attachment"]
        assert bytes.fromhex(result["attachment"]) == PDF + b"1"
        assert bytes.fromhex(result["manuscript_file"]) == private_bytes
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')


def test_a_damaged_backup_is_refused(postgres, settings, tmp_path):
    """verify and restore check every part's checksum before anything is touched."""
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        + db["NAME"],
        MEDIA_ROOT=str(settings.MEDIA_ROOT), PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )  # fmt: skip
    assert run(env, "deploy/backup.py", "backup", "--dir", str(tmp_path)).returncode == 0
    (bundle,) = tmp_path.glob("portal-*.tar")
    with tarfile.open(bundle) as archive:
        offset = archive.getmember("private.tar.gz").offset_data
    data = bytearray(bundle.read_bytes())
    data[offset + 20] ^= 0xFF  # one flipped bit inside the private media part
    bundle.write_bytes(bytes(data))
    checked = run(env, "deploy/backup.py", "verify", str(bundle))
    assert checked.returncode != 0
    assert "checksum mismatch: private.tar.gz" in checked.stderr
