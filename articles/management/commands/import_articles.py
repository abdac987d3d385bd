import multiprocessing
import os
import sys
from collections import deque

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from articles.legacy import (
    Importer,
    Outcome,
    RowError,
    file_format,
    import_batch_in_worker,
    init_worker,
    read_rows,
    validate,
)
from editorial import audit
from editorial.models import AuditEntry

# Rows are validated as they are read and imported in batches of this many: one query
# reads the batch's stored checksums. Memory holds one batch, whatever the file size.
BATCH_SIZE = 200


class Command(BaseCommand):
    help = (
        "Import the old site's articles from a .jsonl or .csv file (see articles/README.md). "
        "Idempotent on legacy_id; exits non-zero when a row was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--media-dir",
            help="Folder holding the old site's files (/Uploads/…) for body images and covers.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="PostgreSQL: write articles in this many worker processes (4 is a good "
            "choice for a large file). Each article is still one transaction.",
        )

    def handle(self, *args, file, media_dir, dry_run, no_progress, jobs, **options):
        try:
            fmt = file_format(file)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if media_dir and not os.path.isdir(media_dir):
            raise CommandError(_("The media folder %(path)s does not exist.") % {"path": media_dir})
        try:
            stream = open(file, "rb")  # noqa: SIM115 (closed below; read line by line)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": file, "error": error.strerror}
            ) from None
        importer = Importer(media_dir=media_dir, dry_run=dry_run)
        if connection.vendor == "postgresql" and not dry_run:
            # One commit per article: waiting for each to reach the disk would make the
            # import wait on fsync most of its time. A crash can lose only the last
            # commits, never corrupt anything, and a rerun imports them (idempotent).
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        counts = dict.fromkeys(Outcome, 0)
        rejected, warnings, seen = [], [], {}
        size = os.fstat(stream.fileno()).st_size
        progress = tqdm(
            total=size, unit="B", unit_scale=True, file=sys.stderr, disable=no_progress or None
        )
        batch = []
        jobs = max(1, jobs) if connection.vendor == "postgresql" and not dry_run else 1
        pool = pending = None
        if jobs > 1:
            # Workers open their own connections: close ours before they are forked.
            connections.close_all()
            pool = multiprocessing.get_context("fork").Pool(
                jobs, initializer=init_worker, initargs=(media_dir,)
            )
            pending = deque()

        def collect(results):
            for line, result in results:
                if isinstance(result, str | DatabaseError):
                    # The article's transaction was rolled back: nothing of it remains.
                    message = _("The database refused the row (%(error)s).") % {"error": result}
                    rejected.append((line, message))
                    continue
                counts[result.outcome] += 1
                warnings.extend((line, warning) for warning in result.warnings)

        def import_batch():
            if not batch:
                return
            if pool is None:
                collect((row.line, result) for row, result in importer.import_rows(batch))
            else:
                for row in batch:
                    row.refs = importer.resolve(row)
                pending.append(pool.apply_async(import_batch_in_worker, (list(batch),)))
                while len(pending) > 2 * jobs:
                    collect(pending.popleft().get())
            batch.clear()

        try:
            for line, data in read_rows(stream, fmt):
                progress.update(stream.tell() - progress.n)
                try:
                    if isinstance(data, RowError):
                        raise data
                    row = validate(data, line)
                    if row.legacy_id in seen:
                        raise RowError(
                            _("legacy_id %(id)d already appeared on line %(line)d.")
                            % {"id": row.legacy_id, "line": seen[row.legacy_id]}
                        )
                except RowError as error:
                    rejected.append((line, str(error)))
                    continue
                seen[row.legacy_id] = line
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    import_batch()
            import_batch()
            while pending:
                collect(pending.popleft().get())
        except ValueError as error:  # a CSV file whose header is unusable
            raise CommandError(str(error)) from None
        finally:
            progress.close()
            stream.close()
            if pool is not None:
                pool.close()
                pool.join()
        # Parallel workers answer in batch order already; keep the file order within a line.
        rejected.sort(key=lambda item: item[0])
        warnings.sort(key=lambda item: item[0])
        summary = self.report(counts, rejected, warnings, importer.new_channels, dry_run)
        if not dry_run and (counts[Outcome.IMPORTED] or counts[Outcome.UPDATED]):
            audit.record(
                None,
                AuditEntry.Action.CREATED,
                detail=_("Old site's articles imported from %(file)s. %(summary)s")
                % {"file": os.path.basename(file), "summary": summary},
            )
        if rejected:
            raise CommandError(
                ngettext(
                    "%(count)d row was rejected.", "%(count)d rows were rejected.", len(rejected)
                )
                % {"count": len(rejected)},
                returncode=1,
            )

    def report(self, counts, rejected, warnings, new_channels, dry_run):
        write = self.stdout.write
        if dry_run:
            write(_("Dry run: nothing was written."))
        summary = _(
            "Imported: %(imported)d, updated: %(updated)d, unchanged: %(unchanged)d, "
            "rejected: %(rejected)d."
        ) % {
            "imported": counts[Outcome.IMPORTED],
            "updated": counts[Outcome.UPDATED],
            "unchanged": counts[Outcome.UNCHANGED],
            "rejected": len(rejected),
        }
        write(summary)
        if new_channels:
            write(
                _(
                    "New channels, inactive until an editor activates them (their articles "
                    "open by address but stay out of lists and search until then): %(names)s"
                )
                % {"names": "、".join(new_channels)}
            )
        for line, message in warnings:
            write(
                self.style.WARNING(
                    _("Line %(line)d: %(message)s") % {"line": line, "message": message}
                )
            )
        for line, message in rejected:
            write(
                self.style.ERROR(
                    _("Line %(line)d rejected: %(message)s") % {"line": line, "message": message}
                )
            )
        return summary
