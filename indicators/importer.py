"""Import of the first year's history from a CSV or XLSX file: all rows valid, or nothing written.

Columns (the template per direction has them): indicateur, periode, arrondissement, valeur.
`periode` is any day of the period (its first day in the template), `arrondissement` a number
from 1 to 20, empty for an indicator without breakdown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    DataError,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.models import F
from django.utils import timezone

from directions.models import Arrondissement, Direction, User
from indicators import periods as P
from indicators.models import ImportRun, Indicator, Period, Report, Value
from indicators.numbers import NotANumber, parse_decimal
from sg_portal.journal.services import journal_record
from sg_portal.text import french_count

logger = logging.getLogger(__name__)

COLUMNS = ["indicateur", "periode", "arrondissement", "valeur"]
MAX_BYTES = 10 * 1024 * 1024
TOO_BIG = "Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers."
# An XLSX is a zip: what it expands to is bounded before anything is decompressed, since a few
# hundred kilobytes of repeated bytes can expand to a gigabyte. The declared sizes are a bound on
# what the zip reader yields (it stops at the declared size and checks the CRC).
MAX_XLSX_EXPANDED = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
XLSX_TOO_BIG = (
    "Ce fichier XLSX se décompresse en plus de 100 Mo : il n'est pas lu. "
    "Enregistrez-le de nouveau depuis le tableur, ou envoyez un CSV."
)
# Rows of values a file may hold (header excluded).
MAX_ROWS = 100_000
TOO_MANY_ROWS = (
    "Le fichier compte plus de 100 000 lignes de valeurs : découpez-le en plusieurs fichiers."
)
# Cells beyond the template's columns are never looked at.
MAX_COLUMNS = 50
# Periods a history can plausibly fall in.
MIN_YEAR = 2000
# A value must fit the database column (18 digits, 4 of them after the comma).
MAX_VALUE = Decimal(10) ** 14
# What a message quotes of a cell.
QUOTE_CHARS = 60


class ImportRefused(Exception):
    """The file as a whole cannot be read (size, format, columns, empty)."""


@dataclass
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ParsedRow:
    line: int
    indicator: Indicator
    start: dt.date
    end: dt.date
    arrondissement_id: int | None
    value: Decimal


@dataclass
class Preview:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not self.errors

    def to_session(self) -> list[list]:
        return [
            [r.indicator.pk, r.start.isoformat(), r.arrondissement_id, str(r.value)]
            for r in self.rows
        ]


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def _check_xlsx_expansion(data: bytes) -> None:
    """Refuse an XLSX whose members would expand beyond the bound, before any is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused("Ce fichier XLSX est illisible.") from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise ImportRefused("Ce fichier XLSX est illisible.")
    if sum(member.file_size for member in members) > MAX_XLSX_EXPANDED:
        raise ImportRefused(XLSX_TOO_BIG)


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx_expansion(data)
    try:
        # Read-only: the sheet is streamed row by row, never loaded whole.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportRefused("Ce fichier XLSX est illisible.") from exc
    rows: list[list[str]] = []
    try:
        for row in workbook.active.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            cells = [_cell_text(cell) for cell in row]
            if not any(c.strip() for c in cells):
                continue
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                raise ImportRefused(TOO_MANY_ROWS)
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused("Ce fichier XLSX est illisible.") from exc
    finally:
        workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                raise ImportRefused(TOO_MANY_ROWS)
    except csv.Error as exc:
        limit = f"{csv.field_size_limit():_}".replace("_", "\u202f")
        if "field larger than field limit" in str(exc):
            raise ImportRefused(
                f"Ligne {reader.line_num} : un champ dépasse {limit} caractères "
                "(un guillemet est peut-être resté ouvert). Corrigez le fichier."
            ) from exc
        raise ImportRefused(
            f"Ligne {reader.line_num} : ce fichier CSV est illisible "
            "(caractère nul ou guillemets mal fermés)."
        ) from exc
    return rows


def _read_rows(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if filename.lower().endswith(".csv"):
        return _read_csv(data)
    raise ImportRefused("Envoyez un fichier .csv ou .xlsx.")


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


Progress = Callable[[int], None]


def _no_progress(done: int) -> None:
    pass


#: how often a long import tells its page how far it has gone
PROGRESS_EVERY = 2_000


def import_preview(
    *,
    data: bytes,
    filename: str,
    on_total: Progress = _no_progress,
    on_progress: Progress = _no_progress,
) -> Preview:
    """Read and check every row; the preview explains each bad row (line, column, reason).
    `on_total` receives the number of rows once the file is read, `on_progress` the rows checked
    so far, now and then."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(TOO_BIG)
    rows = [r for r in _read_rows(data, filename) if any(c.strip() for c in r)]
    if not rows:
        raise ImportRefused("Le fichier est vide.")
    header = [c.strip().lower() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c and c not in COLUMNS]
    if missing or extra:
        parts = []
        if missing:
            parts.append("colonnes manquantes : " + ", ".join(missing))
        if extra:
            parts.append("colonnes inconnues : " + ", ".join(extra))
        raise ImportRefused(
            "Les colonnes ne sont pas celles du modèle (" + " ; ".join(parts) + "). "
            "Attendu : " + ", ".join(COLUMNS) + "."
        )
    if len(rows) == 1:
        raise ImportRefused("Le fichier ne contient aucune ligne de valeurs.")
    on_total(len(rows) - 1)
    index = {name: header.index(name) for name in COLUMNS}
    indicators = {i.code: i for i in Indicator.objects.all()}
    arrondissements = dict(Arrondissement.objects.values_list("number", "pk"))
    max_year = timezone.localdate().year + 1
    preview = Preview()
    seen: dict[tuple, int] = {}
    keys_by_line: dict[int, tuple] = {}
    for line, row in enumerate(rows[1:], start=2):
        checked = line - 2
        if checked and checked % PROGRESS_EVERY == 0:
            on_progress(checked)
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        errors = []
        indicator = indicators.get(cells["indicateur"])
        if indicator is None:
            errors.append(
                RowError(
                    line, "indicateur", f"indicateur inconnu « {_quote(cells['indicateur'])} »"
                )
            )
        day = _parse_date(cells["periode"])
        if day is None:
            errors.append(
                RowError(line, "periode", "date illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")
            )
        elif not MIN_YEAR <= day.year <= max_year:
            errors.append(
                RowError(
                    line,
                    "periode",
                    f"année {day.year} hors de la plage plausible ({MIN_YEAR} à {max_year})",
                )
            )
        arr_id = None
        if cells["arrondissement"]:
            try:
                arr_id = arrondissements[int(cells["arrondissement"])]
            except (ValueError, KeyError):
                errors.append(
                    RowError(line, "arrondissement", "arrondissement inconnu (de 1 à 20)")
                )
        if indicator is not None:
            if indicator.by_arrondissement and not cells["arrondissement"]:
                errors.append(
                    RowError(
                        line, "arrondissement", "cet indicateur est ventilé : arrondissement requis"
                    )
                )
            if not indicator.by_arrondissement and cells["arrondissement"]:
                errors.append(
                    RowError(
                        line,
                        "arrondissement",
                        "cet indicateur n'est pas ventilé par arrondissement",
                    )
                )
        try:
            value = parse_decimal(cells["valeur"])
            if value is None:
                errors.append(RowError(line, "valeur", "valeur manquante"))
            elif abs(value) >= MAX_VALUE:
                errors.append(
                    RowError(
                        line,
                        "valeur",
                        f"« {_quote(cells['valeur'])} » est trop grande pour le portail "
                        "(au plus 14 chiffres avant la virgule)",
                    )
                )
        except NotANumber:
            value = None
            errors.append(
                RowError(
                    line,
                    "valeur",
                    f"« {_quote(cells['valeur'])} » n'est pas un nombre (ex. 12,5)",
                )
            )
        # A missing indicator, date or value always left an error above.
        if errors or indicator is None or day is None or value is None:
            preview.errors.extend(errors)
            continue
        start, end = P.bounds(indicator.periodicity, day)
        key = (indicator.pk, start, arr_id)
        if key in seen:
            preview.errors.append(
                RowError(
                    line,
                    "periode",
                    f"doublon de la ligne {seen[key]} (même indicateur, période et arrondissement)",
                )
            )
            continue
        seen[key] = line
        keys_by_line[line] = key
        preview.rows.append(ParsedRow(line, indicator, start, end, arr_id, value))
    _check_existing(preview)
    return preview


def _check_existing(preview: Preview) -> None:
    """A value already in the portal is never overwritten by an import."""
    if not preview.rows:
        return
    starts = {r.start for r in preview.rows}
    existing = set(
        Value.objects.filter(
            indicator_id__in={r.indicator.pk for r in preview.rows},
            report__period__start__in=starts,
            value__isnull=False,
        ).values_list("indicator_id", "report__period__start", "arrondissement_id")
    )
    kept = []
    for row in preview.rows:
        if (row.indicator.pk, row.start, row.arrondissement_id) in existing:
            preview.errors.append(
                RowError(row.line, "valeur", "une valeur existe déjà pour cette période")
            )
        else:
            kept.append(row)
    preview.rows = kept


def import_apply(*, rows: list[list], user: User, on_progress: Progress = _no_progress) -> int:
    """Write the previewed rows, all or nothing. Imported reports are history: validated.

    Periods and reports are looked up once each, the values written in batches, so 100 000 rows
    take seconds; `on_progress` receives the values written so far (from inside the transaction:
    it must report through its own connection)."""
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={r[0] for r in rows})}
    now = timezone.now()
    with transaction.atomic():
        periods: dict[tuple[str, dt.date], Period] = {}
        reports: dict[tuple[int, int], Report] = {}
        values = []
        for indicator_id, start_text, arr_id, value_text in rows:
            indicator = indicators[indicator_id]
            start, end = P.bounds(indicator.periodicity, dt.date.fromisoformat(start_text))
            period = periods.get((indicator.periodicity, start))
            if period is None:
                period, _ = Period.objects.get_or_create(
                    periodicity=indicator.periodicity,
                    start=start,
                    defaults={"end": end, "due_date": P.due_date(end)},
                )
                periods[(indicator.periodicity, start)] = period
            key = (indicator.direction_id, period.pk)
            if key not in reports:
                report, created = Report.objects.get_or_create(
                    direction_id=indicator.direction_id,
                    period=period,
                    defaults={
                        "due_date": period.due_date,
                        "status": Report.Status.VALIDATED,
                        "reviewed_at": now,
                        "reviewed_by": user,
                    },
                )
                reports[key] = report
                journal_record(
                    actor=user,
                    action="indicators.report.import",
                    obj=report,
                    after={"status": report.status, "created": created},
                )
            values.append(
                Value(
                    report=reports[key],
                    indicator=indicator,
                    arrondissement_id=arr_id,
                    period_end=period.end,
                    value=Decimal(value_text),
                    updated_by=user,
                )
            )
        # A conflicting row (written since the preview) makes the whole import fail.
        for first in range(0, len(values), PROGRESS_EVERY):
            Value.objects.bulk_create(values[first : first + PROGRESS_EVERY])
            on_progress(min(first + PROGRESS_EVERY, len(values)))
    return len(values)


def template_rows(direction: Direction) -> list[list[str]]:
    """The template of a direction: one row per indicator (and arrondissement), a year back."""
    arrondissements = list(Arrondissement.objects.values_list("number", flat=True))
    today = timezone.localdate()
    rows = [COLUMNS]
    for indicator in Indicator.objects.filter(direction=direction, is_active=True):
        start = P.bounds(indicator.periodicity, today.replace(year=today.year - 1, day=1))[0]
        for number in arrondissements if indicator.by_arrondissement else [""]:
            rows.append([indicator.code, start.isoformat(), str(number), ""])
    return rows


# --- Runs on the worker ---------------------------------------------------------------------------
# A file of 100 000 rows takes longer to check and write than a request may last: the upload
# creates a run, the worker checks it, the person confirms, the worker writes it. The run's page
# follows each step, so closing the tab or losing the connection loses nothing.

#: the refused rows a run keeps to show (the count says how many there were)
ERRORS_SHOWN = 500
SAMPLE_ROWS = 20
WORKER_DOWN = (
    "Le service de traitement des imports est indisponible : rien n'a été écrit. "
    "Réessayez dans quelques minutes."
)


def _enqueue(run: ImportRun, task_name: str) -> None:
    """Hand the run to a worker once the transaction that created it is committed."""
    from indicators import tasks

    task = getattr(tasks, task_name)

    def send() -> None:
        try:
            task.delay(run.pk)
        except Exception:  # broker down: the run says so rather than wait for ever
            logger.warning("import run %s not handed to a worker", run.pk, exc_info=True)
            ImportRun.objects.filter(pk=run.pk, status__in=ImportRun.RUNNING).update(
                status=ImportRun.Status.FAILED, message=WORKER_DOWN, finished_at=timezone.now()
            )

    transaction.on_commit(send)


def import_run_start(*, actor: User, filename: str, data: bytes) -> ImportRun:
    run = ImportRun.objects.create(created_by=actor, filename=filename[:255], data=data)
    _enqueue(run, "import_check")
    return run


def _outside_transaction_progress(run_id: int) -> tuple[Progress, Callable[[], None]]:
    """Write a run's progress through a connection of its own: the rows being written are in a
    transaction nobody else sees until it commits, the progress must be seen at once."""
    if connection.vendor != "postgresql":  # SQLite would wait on the writer's lock
        return _no_progress, lambda: None
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(done: int) -> None:
        try:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportRun._meta.db_table} SET done = %s WHERE id = %s",
                    [done, run_id],
                )
        except DatabaseError:  # progress is a courtesy; the import goes on without it
            logger.warning("progress of import run %s not saved", run_id, exc_info=True)

    return report, side.close


def import_run_check(*, run_id: int) -> ImportRun | None:
    """The worker reads and checks the file; the run ends refused (with its errors) or ready."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKING).first()
    if run is None:  # already checked (a task delivered twice)
        return None

    def on_total(total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(total=total, done=0)

    def on_progress(done: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(done=done)

    try:
        preview = import_preview(
            data=bytes(run.data), filename=run.filename, on_total=on_total, on_progress=on_progress
        )
    except ImportRefused as exc:
        changes: dict = {"status": ImportRun.Status.REFUSED, "message": str(exc)}
    else:
        changes = {"done": F("total")}
        if preview.valid:
            changes.update(
                status=ImportRun.Status.READY,
                rows=preview.to_session(),
                sample=[
                    [r.line, r.indicator.name, r.start.isoformat(), r.end.isoformat()]
                    + [r.arrondissement_id, str(r.value)]
                    for r in preview.rows[:SAMPLE_ROWS]
                ],
                imported=len(preview.rows),
            )
        else:
            changes.update(
                status=ImportRun.Status.REFUSED,
                errors=[[e.line, e.column, e.reason] for e in preview.errors[:ERRORS_SHOWN]],
                error_count=len(preview.errors),
            )
    if changes["status"] == ImportRun.Status.REFUSED:
        changes["finished_at"] = timezone.now()
    ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKING).update(
        data=b"", **changes
    )
    run.refresh_from_db()
    return run


def import_run_confirm(*, run: ImportRun, actor: User) -> bool:
    """The person confirms a checked run: the worker writes it. False if it was not waiting."""
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.READY).update(
        status=ImportRun.Status.WRITING, done=0, total=F("imported")
    )
    if claimed:
        _enqueue(run, "import_write")
    return bool(claimed)


def import_run_cancel(*, run: ImportRun) -> bool:
    return bool(
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.READY).update(
            status=ImportRun.Status.CANCELLED, rows=[], finished_at=timezone.now()
        )
    )


def _lock_for_writing(run_id: int) -> None:
    """Hold, until the transaction ends, the right to write this run (released by PostgreSQL
    if the worker dies)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_WRITE_LOCK, run_id])


#: the first key of the advisory locks of import runs (the second is the run's id)
_WRITE_LOCK = 0x1D0


def import_run_write(*, run_id: int) -> ImportRun | None:
    """The worker writes a confirmed run, all or nothing; the run says how it ended."""
    report, close = _outside_transaction_progress(run_id)
    message = ""
    try:
        with transaction.atomic():
            # A task delivered twice waits here, then finds the run written. Not a row lock on
            # the run: the progress, written through another connection, would wait on it.
            _lock_for_writing(run_id)
            run = (
                ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.WRITING)
                .select_related("created_by")
                .first()
            )
            if run is None:
                return None
            count = import_apply(rows=run.rows, user=run.created_by, on_progress=report)
            plural = "s" if count > 1 else ""
            ImportRun.objects.filter(pk=run_id).update(
                status=ImportRun.Status.DONE,
                imported=count,
                done=count,
                rows=[],
                message=f"{french_count(count)} valeur{plural} importée{plural} depuis "
                f"« {run.filename} ».",
                finished_at=timezone.now(),
            )
    except DataError:
        message = (
            "L'import a échoué : une valeur est trop grande pour le portail (au plus 14 chiffres "
            "avant la virgule). Rien n'a été écrit. Corrigez le fichier et envoyez-le à nouveau."
        )
    except IntegrityError:
        message = (
            "L'import a échoué (des valeurs ont été saisies entre-temps) : rien n'a été écrit. "
            "Envoyez le fichier à nouveau."
        )
    except Exception:
        logger.exception("import run %s failed", run_id)
        message = "L'import a échoué : rien n'a été écrit. Envoyez le fichier à nouveau."
    finally:
        close()
    if message:
        ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.WRITING).update(
            status=ImportRun.Status.FAILED, message=message, finished_at=timezone.now()
        )
    return ImportRun.objects.get(pk=run_id)
