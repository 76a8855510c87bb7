"""Realistic faults in delivered files, each recorded so tests can prove none goes unnoticed.

Source systems deliver imperfect files. `inject_faults` takes a landing folder written by
`generate_estate` and breaks it the way real deliveries break, at configurable rates, and
records every fault in a manifest (`<landing>/_faults/manifest.json`) with the file and row
the loader will name and the field it concerns:

- `two_digit_year`: a date written `03/04/25`. Quarantined: "... has a two-digit year".
- `duplicate_row`: a row delivered twice; the later copy is the fault row. Quarantined:
  "exact duplicate of row N".
- `missing_column`: a column (never the child id) left out. Every row quarantined naming it.
- `extra_column`: a `LOCAL_NOTES` column added. Loaded; the batch notes "kept in _extra".
- `empty_file`: the file truncated to 0 bytes (a workbook sheet emptied). Refused
  (`rejected_empty`); the earlier delivery stays in force.
- `windows_1252`: text with a `’` or `…` saved as Windows-1252. Loaded; batch encoding
  `cp1252`.
- `invalid_code`: a 903 code not valid for the collection year. Reported by the raw gate
  (rules 101, 143-146, 149) with the file and row.
- `overlapping_episode`: a 903 episode made to end after the child's next episode starts (the
  fault row is the earlier episode, field DEC). Reported by the raw gate (DfE rule 501).
- `corrected_redelivery`: a corrected copy written to `<landing>/_redeliveries/<same path>`;
  copied over the original and landed, it supersedes the delivery and history is kept.

Row-level kinds are a probability per data row, file-level kinds a probability per file (per
sheet of a workbook: each sheet is its own delivery). Files are handled by type and layout, so
new sources need no change here: every CSV under the landing folder and every sheet of the
health workbooks, their layout recognised from `ssda903_spec` / `source_layouts` (dates, child
id and free text come from the layout). 903 XML files and databases are left alone, and so is
DfE's publication (`benchmarks/`): it is not a council source system's delivery.

`file` is the path relative to the landing folder exactly as the loader names it
(`<path>#<sheet>` for a workbook sheet); `row` is the loader's row number (CSV physical line,
header = line 1; Excel row), worked out after every edit of the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import re
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

KINDS = (
    "invalid_code",
    "overlapping_episode",
    "two_digit_year",
    "windows_1252",
    "missing_column",
    "extra_column",
    "duplicate_row",
    "empty_file",
    "corrected_redelivery",
)
ROW_KINDS = ("invalid_code", "overlapping_episode", "two_digit_year", "duplicate_row")
FILE_KINDS = tuple(k for k in KINDS if k not in ROW_KINDS)

FAULTS_DIR = "_faults"
REDELIVERIES_DIR = "_redeliveries"
# DfE's published figures (synthetic/benchmarks.py): not a council delivery, so never faulted.
PUBLISHED_BY_DFE_DIR = "benchmarks"
MANIFEST = "manifest.json"
# Other tests and the landing itself need these whole: never emptied or cut down.
PROTECTED_FILES = frozenset({"reference/postcodes.csv", "reference/local_authorities.csv"})
EXTRA_COLUMN = "LOCAL_NOTES"
LOCAL_NOTES = ("checked by team manager", "see case notes", "query with IRO", "updated")

# 903 code columns the raw gate checks against the collection year's code list.
CODED_903 = {
    "header": (("SEX", "sex_codes"),),
    "episodes": (
        ("RNE", "reasons_new_episode"),
        ("LS", "legal_statuses"),
        ("CIN", "categories_of_need"),
        ("PLACE", "placement_types"),
        ("REC", "reasons_episode_ceased"),
    ),
}
# 903 columns that tie a row to the next one (REC X1: a new episode the same day).
LINKING_903 = ("REC",)
# Codes no year ever had (typos, made-up local codes), used besides other years' codes.
NEVER_VALID = {
    "SEX": ("3", "X"),
    "RNE": ("Z", "Q"),
    "LS": ("X7", "C3"),
    "CIN": ("N9", "N0"),
    "PLACE": ("Q9", "U9"),
    "REC": ("E99", "X2"),
}
# Faults that depend on the collection year's rules go only where the raw gate checks them:
# the annual return (monthly extracts are not gated).
GATED_903_FOLDER = "ssda903"
# Columns that name something (a school, a person, a year): a correction leaves them alone.
IDENTIFIER_LIKE = re.compile(r"(URN|ID|NUMBER|CODE|YEAR)$", re.IGNORECASE)
COLLECTION_YEAR = re.compile(r"^\d{4}-\d{2}$")
DDMMYYYY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# Which folder names a source's files: its candidate layouts (source_layouts / ssda903_spec).
SOURCE_FOLDERS = {
    "ssda903": "ssda903",
    "cms_monthly": "ssda903",
    "virtual_school": "virtual_school",
    "health": "health",
    "voice": "voice",
    "leaving_care": "leaving_care",
    "reference": "reference",
}


@dataclass(frozen=True)
class FaultRates:
    """One rate per fault kind: per data row for row kinds, per file (sheet) for file kinds."""

    invalid_code: float = 0.0
    overlapping_episode: float = 0.0
    two_digit_year: float = 0.0
    windows_1252: float = 0.0
    missing_column: float = 0.0
    extra_column: float = 0.0
    duplicate_row: float = 0.0
    empty_file: float = 0.0
    corrected_redelivery: float = 0.0

    def __post_init__(self):
        for f in fields(self):
            rate = getattr(self, f.name)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"FaultRates.{f.name} must be between 0 and 1, not {rate}")

    @classmethod
    def overall(cls, rate: float) -> FaultRates:
        """Sensible per-kind rates from one figure: `rate` per row, 5 x `rate` per file.

        Emptied or column-less files lose whole deliveries, so they get half the file rate.
        """
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"the fault rate must be between 0 and 1, not {rate}")
        per_file = min(1.0, 5 * rate)
        return cls(
            invalid_code=rate,
            overlapping_episode=rate,
            two_digit_year=rate,
            duplicate_row=rate,
            windows_1252=per_file,
            extra_column=per_file,
            corrected_redelivery=per_file,
            missing_column=per_file / 2,
            empty_file=per_file / 2,
        )

    def any(self) -> bool:
        return any(getattr(self, k) for k in KINDS)


@dataclass(frozen=True)
class Fault:
    kind: str
    file: str  # as the loader names it: relative path, `#<sheet>` for a workbook sheet
    row: int | None  # the loader's row number; None for a fault of the whole file
    field: str | None
    detail: str


@dataclass
class FaultManifest:
    seed: int
    rates: FaultRates
    faults: list[Fault] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counted = Counter(f.kind for f in self.faults)
        return {kind: counted[kind] for kind in KINDS if counted[kind]}

    def summary(self) -> str:
        """How many faults of each kind, one kind a line."""
        counts = self.counts()
        if not counts:
            return "No faults injected."
        files = len({f.file for f in self.faults})
        total = len(self.faults)
        lines = [f"Injected {total} fault(s) in {files} delivery(ies) (seed {self.seed}):"]
        lines += [f"  {kind:<22} {n}" for kind, n in counts.items()]
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "seed": self.seed,
                "rates": asdict(self.rates),
                "counts": self.counts(),
                "faults": [asdict(f) for f in self.faults],
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> FaultManifest:
        data = json.loads(text)
        return cls(
            seed=data["seed"],
            rates=FaultRates(**data["rates"]),
            faults=[Fault(**f) for f in data["faults"]],
        )


def inject_faults(landing_dir: Path, rates: FaultRates, seed: int) -> FaultManifest:
    """Break the files under `landing_dir` at `rates`; record and return every fault.

    Deterministic: the same files, rates and seed give the same bytes and manifest. Each file
    and kind draws from its own random stream, so one file's or kind's faults do not depend
    on any other's. Refuses a folder that already has faults, so none goes unrecorded.
    """
    landing_dir = Path(landing_dir)
    manifest_path = landing_dir / FAULTS_DIR / MANIFEST
    if manifest_path.exists():
        raise FileExistsError(
            f"{manifest_path} exists: faults were already injected here; regenerate the estate"
        )
    manifest = FaultManifest(seed=seed, rates=rates)
    landed = _Landed(landing_dir)
    for path in sorted(p for p in landing_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(landing_dir)
        if rel.parts[0] in (FAULTS_DIR, REDELIVERIES_DIR, PUBLISHED_BY_DFE_DIR):
            continue
        suffix = path.suffix.lower()
        if suffix == ".csv" and landed(rel):
            manifest.faults.extend(_CsvFaults(landing_dir, rel, rates, seed).run())
        elif suffix == ".xlsx":
            manifest.faults.extend(_workbook_faults(landing_dir, rel, rates, seed, landed))
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


class _Landed:
    """Which deliveries the loader lands, asked of its own discovery.

    A fault in a file nobody lands could never be accounted for: e.g. only the latest health
    workbook of a financial year is landed (it replaces the earlier months'). Files of a
    source whose discovery fails, or in a folder no known source reads, are faulted anyway.
    """

    def __init__(self, landing_dir: Path):
        from corporate_parenting.extract import domains, ssda903  # noqa: PLC0415

        finders = {
            "reference": ssda903.discover_reference,
            "ssda903": ssda903.discover_annual,
            "cms_monthly": ssda903.discover_monthly,
            **{
                folder: partial(domains.discover, folder)
                for folder in ("virtual_school", "health", "voice")
            },
        }
        self.names: dict[str, set[str] | None] = {}
        for folder, find in finders.items():
            try:
                self.names[folder] = {d.display_name for d in find(landing_dir)}
            except (ValueError, OSError):  # SourceFileError is a ValueError
                self.names[folder] = None

    def __call__(self, rel: Path, sheet: str | None = None) -> bool:
        name = f"{rel}#{sheet}" if sheet else str(rel)
        for part in rel.parts[:-1]:
            if part in self.names:
                known = self.names[part]
                return known is None or name in known
        return True


# ----------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class _Layout:
    name: str  # "<source>/<table>"
    columns: tuple[str, ...]
    child_id: str | None = None
    dates: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()  # never dropped: the child id and other identifiers
    codes: tuple[tuple[str, str], ...] = ()  # (column, code list) checked by the gate

    @property
    def source(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def table(self) -> str:
        return self.name.split("/", 1)[1]

    def has(self, column: str) -> bool:
        return column.upper() in {c.upper() for c in self.columns}


@cache
def _layouts() -> tuple[_Layout, ...]:
    from corporate_parenting import source_layouts, ssda903_spec  # noqa: PLC0415
    from corporate_parenting.extract.ssda903 import DATE_COLUMNS  # noqa: PLC0415

    layouts = [
        _Layout(
            name=f"ssda903/{stem}",
            columns=columns,
            child_id="CHILD",
            dates=tuple(c for c in columns if c in DATE_COLUMNS),
            keep=("CHILD",),
            codes=CODED_903.get(stem, ()),
        )
        for stem, columns in ssda903_spec.TABLE_COLUMNS.items()
    ]
    sources = {**source_layouts.DOMAIN_LAYOUTS, "reference": source_layouts.REFERENCE}
    for source, tables in sources.items():
        for table, layout in tables.items():
            ids = (layout.child_id, layout.upn, layout.nhs_number)
            layouts.append(
                _Layout(
                    name=f"{source}/{table}",
                    columns=layout.columns,
                    child_id=layout.child_id,
                    dates=layout.dates,
                    free_text=layout.free_text,
                    keep=tuple(c for c in ids if c) or layout.columns[:1],
                )
            )
    return tuple(layouts)


def _candidates(rel: Path) -> tuple[_Layout, ...]:
    """The layouts of the source whose folder the file is in (all layouts if none is)."""
    for part in rel.parts[:-1]:
        source = SOURCE_FOLDERS.get(part)
        if source:
            return tuple(layout for layout in _layouts() if layout.source == source)
    return _layouts()


def _score(layout: _Layout, header: list[str]) -> float:
    got = {str(h).strip().upper() for h in header if h is not None and str(h).strip()}
    expected = {c.upper() for c in layout.columns}
    return len(expected & got) / len(expected | got) if got else 0.0


def _by_header(candidates: tuple[_Layout, ...], header: list[str]) -> _Layout | None:
    """The best-matching layout, as the loader identifies a file by its header row."""
    best, best_score = None, 0.0
    for layout in candidates:
        score = _score(layout, header)
        if score > best_score:
            best, best_score = layout, score
    return best if best_score >= 0.5 else None


def _identify(rel: Path, header: list[str], sheet: str | None = None) -> _Layout | None:
    candidates = _candidates(rel)
    names = [sheet] if sheet else [rel.stem, rel.parent.name]
    for name in names:
        for layout in candidates:
            if layout.table == str(name).lower() and _score(layout, header) >= 0.5:
                return layout
    return _by_header(candidates, header)


def _still_recognised(rel: Path, layout: _Layout, header: list[str]) -> bool:
    """After a column change, the loader still takes the file for the same table."""
    return _by_header(_candidates(rel), header) == layout


# ------------------------------------------------------------------------ values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = DDMMYYYY.match(_text(value))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _like(original: Any, new_date: date) -> Any:
    """A date written the way the original value was (a date cell, or dd/mm/yyyy text)."""
    if isinstance(original, datetime):
        return datetime(new_date.year, new_date.month, new_date.day)
    if isinstance(original, date):
        return new_date
    return new_date.strftime("%d/%m/%Y")


def _hit(rng: random.Random, rate: float) -> bool:
    return rate > 0 and rng.random() < rate


@cache
def _invalid_codes(column: str, code_list: str, year: str) -> tuple[str, ...]:
    """Codes not valid in `year`: other years' codes (realistic) and codes never valid."""
    candidates = list(NEVER_VALID.get(column, ("ZZ",)))
    try:
        from corporate_parenting.quality.code_lists import valid_codes  # noqa: PLC0415

        valid = set(valid_codes(code_list, year))
        start = int(year[:4])
        for y in range(start - 12, start + 3):
            candidates += [c for c in valid_codes(code_list, f"{y}-{(y + 1) % 100:02d}")]
    except (OSError, KeyError, ValueError):
        valid = set()
    return tuple(sorted({c for c in candidates if c not in valid}))


# --------------------------------------------------------------------- the table


class _Row:
    """One delivered data row; the object keeps its identity while rows move."""

    __slots__ = ("formats", "values")

    def __init__(self, values: list, formats: list | None = None):
        self.values = values
        self.formats = formats


@dataclass
class _Pending:
    """A fault whose row number is known only once the file's edits are done."""

    kind: str
    row: _Row | None
    field: str | None
    detail: str  # may name `{ref}`: the final row number of `ref`
    ref: _Row | None = None


class _Table:
    """Header and rows of a delivery (a CSV file or a sheet), and the row-level faults."""

    blank: Any = ""  # what an empty value is: "" in a CSV, None in a sheet

    def __init__(self, header: list, rows: list[_Row]):
        self.header = header
        self.rows = rows
        self.taken: set[int] = set()  # id() of rows that already hold a value fault

    def width_ok(self, row: _Row) -> bool:
        return len(row.values) == len(self.header) and any(_text(v) for v in row.values)

    def index(self, column: str) -> int | None:
        for i, h in enumerate(self.header):
            if _text(h).upper() == column.upper():
                return i
        return None

    def free(self, row: _Row) -> bool:
        return self.width_ok(row) and id(row) not in self.taken

    # ------------------------------------------------------------ structure (whole file)
    def ragged(self) -> bool:
        """A row with too few or too many fields: a column change could make it look right."""
        return any(len(r.values) != len(self.header) for r in self.rows if r.values)

    def drop_column(self, rel: Path, layout: _Layout, rng: random.Random) -> str | None:
        if not any(self.width_ok(r) for r in self.rows) or self.ragged():
            return None  # no row to quarantine (the loader would only note it), or ragged
        keep = {c.upper() for c in layout.keep}
        names = [
            _text(h) for h in self.header if layout.has(_text(h)) and _text(h).upper() not in keep
        ]
        rng.shuffle(names)
        for name in names:
            i = self.index(name)
            header = self.header[:i] + self.header[i + 1 :]
            if not _still_recognised(rel, layout, [_text(h) for h in header]):
                continue
            full = [r for r in self.rows if len(r.values) == len(self.header)]
            cut = [tuple(r.values[:i] + r.values[i + 1 :]) for r in full]
            if len(set(cut)) < len({tuple(r.values) for r in full}):
                continue  # rows would become exact duplicates: a different fault
            for row in full:
                del row.values[i]
                if row.formats is not None:
                    del row.formats[i]
            self.header = header
            return name
        return None

    def add_column(self, rel: Path, layout: _Layout | None, rng: random.Random) -> bool:
        if self.index(EXTRA_COLUMN) is not None or self.ragged():
            return False
        header = [*self.header, EXTRA_COLUMN]
        if layout is not None and not _still_recognised(rel, layout, [_text(h) for h in header]):
            return False
        for row in self.rows:
            if len(row.values) != len(self.header):
                continue
            note = rng.choice(LOCAL_NOTES) if rng.random() < 0.1 else self.blank
            row.values.append(note)
            if row.formats is not None:
                row.formats.append("General")
        self.header = header
        return True

    # ------------------------------------------------------------------- row faults
    def overlaps(self, layout: _Layout, rate: float, rng: random.Random) -> list[_Pending]:
        """Episodes ending after the child's next one starts (the earlier episode's row)."""
        cols = [self.index(c) for c in ("CHILD", "DECOM", "DEC")]
        if None in cols or not rate:
            return []
        child, decom, dec = cols
        by_child: dict[str, list[_Row]] = {}
        for row in self.rows:
            if self.width_ok(row) and _as_date(row.values[decom]):
                by_child.setdefault(_text(row.values[child]), []).append(row)
        pairs = []
        for episodes in by_child.values():
            episodes.sort(key=lambda r: _as_date(r.values[decom]))
            for prev, nxt in zip(episodes, episodes[1:], strict=False):
                ended, starts = _as_date(prev.values[dec]), _as_date(nxt.values[decom])
                if ended and _as_date(prev.values[decom]) < starts and ended <= starts:
                    pairs.append((prev, nxt))
        order = {id(r): i for i, r in enumerate(self.rows)}
        pairs.sort(key=lambda p: order[id(p[0])])
        faults = []
        for prev, nxt in pairs:
            if not (self.free(prev) and self.free(nxt)) or not _hit(rng, rate):
                continue
            starts = _as_date(nxt.values[decom])
            next_end = _as_date(nxt.values[dec])
            span = (next_end - starts).days if next_end else 28
            new_end = starts + timedelta(days=rng.randint(1, max(1, span)))
            old = _text(prev.values[dec])
            prev.values[dec] = _like(prev.values[dec], new_end)
            self.taken.update((id(prev), id(nxt)))
            detail = (
                f"DEC {old} -> {_text(prev.values[dec])}: the episode now ends after the "
                f"child's next episode (row {{ref}}) starts on {_text(nxt.values[decom])}"
            )
            faults.append(_Pending("overlapping_episode", prev, "DEC", detail, nxt))
        return faults

    def invalid_codes(
        self, layout: _Layout, year: str, rate: float, rng: random.Random
    ) -> list[_Pending]:
        coded = [(c, name, self.index(c)) for c, name in layout.codes]
        coded = [(c, name, i) for c, name, i in coded if i is not None]
        faults = []
        for row in self.rows:
            if not coded or not self.free(row) or not _hit(rng, rate):
                continue
            present = [(c, name, i) for c, name, i in coded if _text(row.values[i])]
            if not present:
                continue
            column, code_list, i = rng.choice(present)
            choices = _invalid_codes(column, code_list, year)
            old, new = _text(row.values[i]), rng.choice(choices)
            row.values[i] = new
            self.taken.add(id(row))
            detail = f"{column} {old!r} -> {new!r}: not a valid code for {year}"
            faults.append(_Pending("invalid_code", row, column, detail))
        return faults

    def two_digit_years(self, layout: _Layout, rate: float, rng: random.Random) -> list[_Pending]:
        dated = [(c, self.index(c)) for c in layout.dates]
        dated = [(c, i) for c, i in dated if i is not None]
        faults = []
        for row in self.rows:
            if not dated or not self.free(row) or not _hit(rng, rate):
                continue
            present = [(c, i) for c, i in dated if _as_date(row.values[i])]
            if not present:
                continue
            column, i = rng.choice(present)
            old = _text(row.values[i])
            row.values[i] = _as_date(row.values[i]).strftime("%d/%m/%y")
            if row.formats is not None:
                row.formats[i] = "@"  # a text cell, as typed by hand
            self.taken.add(id(row))
            detail = f"{column} {old} written {row.values[i]} (two-digit year)"
            faults.append(_Pending("two_digit_year", row, column, detail))
        return faults

    def duplicates(self, rate: float, rng: random.Random) -> list[_Pending]:
        """Rows delivered twice; the later copy is the fault. Done last: rows move."""
        if not rate:
            return []
        snapshot = list(self.rows)
        after: dict[int, list[_Row]] = {}
        faults = []
        for position, row in enumerate(snapshot):
            if not self.width_ok(row) or not _hit(rng, rate):
                continue
            target = snapshot[rng.randint(position, len(snapshot) - 1)]
            copy = _Row(list(row.values), list(row.formats) if row.formats else None)
            after.setdefault(id(target), []).append(copy)
            faults.append(
                _Pending("duplicate_row", copy, None, "exact duplicate of row {ref}", row)
            )
        self.rows = [r for row in snapshot for r in (row, *after.get(id(row), ()))]
        return faults

    def correct(self, layout: _Layout | None, rng: random.Random) -> list[tuple] | None:
        """A correction as a source system sends one: a few values of one column changed.

        A code-like column gets other values it already holds (so they stay valid); a table
        with none (e.g. a report of figures) gets a figure revised. Returns (row, column, old,
        new) for each change.
        """
        full = [r for r in self.rows if self.width_ok(r)]
        fixed = (layout.keep + layout.dates + layout.free_text) if layout else ()
        if layout and layout.source == "ssda903":
            fixed += LINKING_903  # a changed X1 would break the episode chain, not correct it
        skip = {c.upper() for c in fixed}
        coded, figures = [], []
        for i, h in enumerate(self.header):
            if _text(h).upper() in skip or IDENTIFIER_LIKE.search(_text(h)):
                continue
            values = {_text(r.values[i]) for r in full} - {""}
            if values and all(v.isdigit() for v in values) and max(map(len, values)) > 2:
                figures.append((i, None))  # a count or an amount, not a coded number
            elif 2 <= len(values) <= 20 and len(values) < len(full):
                coded.append((i, sorted(values)))
        if not coded + figures:
            return None
        i, values = rng.choice(coded or figures)
        rows = [r for r in full if _text(r.values[i])]
        seen = {tuple(r.values) for r in full}
        changes = []
        for row in rng.sample(rows, min(len(rows), rng.randint(1, 3))):
            old = row.values[i]
            if values is None:  # a figure revised by up to a tenth, never below 0
                figure = int(_text(old))
                delta = rng.choice((-1, 1)) * rng.randint(1, max(1, figure // 10))
                new = str(max(0, figure + delta))
            else:
                new = rng.choice([v for v in values if v != _text(old)])
            row.values[i] = new
            if tuple(row.values) in seen:  # unchanged, or a repeat of another row
                row.values[i] = old
                continue
            seen.add(tuple(row.values))
            changes.append((row, _text(self.header[i]), _text(old), new))
        return changes or None


def _resolve(file: str, pending: list[_Pending], numbers: dict[int, int]) -> list[Fault]:
    faults = []
    for p in pending:
        row = numbers[id(p.row)] if p.row is not None else None
        detail = p.detail.format(ref=numbers[id(p.ref)]) if p.ref is not None else p.detail
        faults.append(Fault(p.kind, file, row, p.field, detail))
    return faults


def _annual_year(rel: Path) -> str | None:
    """The collection year of an annual 903 return's file, from its folder."""
    parts = rel.parts
    if GATED_903_FOLDER in parts[:-1]:
        i = parts.index(GATED_903_FOLDER)
        if i + 1 < len(parts) - 1 and COLLECTION_YEAR.match(parts[i + 1]):
            return parts[i + 1]
    return None


def _row_faults(
    table: _Table, rel: Path, layout: _Layout | None, rates: FaultRates, stream
) -> list[_Pending]:
    """Value faults, one per row at most so that none hides another."""
    pending: list[_Pending] = []
    if layout is not None:
        year = _annual_year(rel)
        if year and layout.source == "ssda903":
            if layout.table == "episodes":
                pending += table.overlaps(
                    layout, rates.overlapping_episode, stream("overlapping_episode")
                )
            pending += table.invalid_codes(layout, year, rates.invalid_code, stream("invalid_code"))
        pending += table.two_digit_years(layout, rates.two_digit_year, stream("two_digit_year"))
    return pending


# ------------------------------------------------------------------------------- CSV


class _CsvFaults:
    def __init__(self, landing_dir: Path, rel: Path, rates: FaultRates, seed: int):
        self.path = landing_dir / rel
        self.landing_dir = landing_dir
        self.rel = rel
        self.file = str(rel)  # as sources.csv_file names it
        self.rates = rates
        self.seed = seed

    def stream(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}|{self.file}|{kind}")

    def run(self) -> list[Fault]:
        if not self.rates.any():
            return []
        data = self.path.read_bytes()
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                return []  # unreadable already: nothing to add
        bom = data.startswith(codecs.BOM_UTF8)
        newline = "\r\n" if "\r\n" in text else "\n"
        records = list(csv.reader(io.StringIO(text, newline="")))
        if not records or not any(h.strip() for h in records[0]):
            return []
        protected = self.file in PROTECTED_FILES

        if not protected and _hit(self.stream("empty_file"), self.rates.empty_file):
            self.path.write_bytes(b"")
            return [Fault("empty_file", self.file, None, None, "truncated to 0 bytes")]

        table = _Table(list(records[0]), [_Row(list(r)) for r in records[1:]])
        clean = (list(table.header), [list(r.values) for r in table.rows])
        layout = _identify(self.rel, table.header)
        pending: list[_Pending] = []

        dropped = None
        missing = self.stream("missing_column")
        if layout and not protected and _hit(missing, self.rates.missing_column):
            dropped = table.drop_column(self.rel, layout, missing)
            if dropped:
                detail = f"column {dropped} left out: every row is missing it"
                pending.append(_Pending("missing_column", None, dropped, detail))
        stream = self.stream("extra_column")
        if _hit(stream, self.rates.extra_column) and table.add_column(self.rel, layout, stream):
            detail = f"unexpected column {EXTRA_COLUMN} added"
            pending.append(_Pending("extra_column", None, EXTRA_COLUMN, detail))
        if dropped is None:  # a missing column quarantines every row: value faults would hide
            pending += _row_faults(table, self.rel, layout, self.rates, self.stream)
        out_encoding = encoding
        stream = self.stream("windows_1252")
        if encoding == "utf-8" and _hit(stream, self.rates.windows_1252):
            fault = self._windows_1252(table, layout, stream)
            if fault is not None:
                pending.append(fault)
                out_encoding, bom = "cp1252", False
        # Last: copies must be exact, and rows move.
        pending += table.duplicates(self.rates.duplicate_row, self.stream("duplicate_row"))

        faults: list[Fault] = []
        if pending:
            body = _write_csv(table.header, [r.values for r in table.rows], newline)
            self.path.write_bytes(_encode(body, out_encoding, bom))
            faults += _resolve(self.file, pending, _csv_line_numbers(body, table.rows))

        stream = self.stream("corrected_redelivery")
        if _hit(stream, self.rates.corrected_redelivery):
            fault = self._redeliver(clean, layout, stream, encoding, bom, newline)
            if fault is not None:
                faults.append(fault)
        return faults

    def _windows_1252(self, table: _Table, layout: _Layout | None, rng) -> _Pending | None:
        """Text with a curly quote or an ellipsis, as Word types it, saved by a 1252 system."""

        def only_cp1252() -> bool:
            body = _write_csv(table.header, [r.values for r in table.rows], "\n")
            try:
                body.encode("cp1252").decode("utf-8")
            except UnicodeEncodeError:
                return False  # characters Windows-1252 does not have
            except UnicodeDecodeError:
                return True
            return False  # would still read as UTF-8: the loader could not tell

        if not _write_csv(table.header, [r.values for r in table.rows], "\n").isascii():
            if not only_cp1252():
                return None
            return _Pending("windows_1252", None, None, "saved as Windows-1252")
        columns = [table.index(c) for c in (layout.free_text if layout else ())]
        texts = [
            (row, i)
            for row in table.rows
            if table.width_ok(row)
            for i in columns
            if i is not None and _text(row.values[i])
        ]
        if not texts:
            return None
        row, i = rng.choice(texts)
        old = row.values[i]
        row.values[i] = old.replace("'", "\u2019") if "'" in old else old + "\u2026"
        if not only_cp1252():
            row.values[i] = old
            return None
        column = _text(table.header[i])
        detail = f"{column} holds {row.values[i][-20:]!r}; saved as Windows-1252"
        return _Pending("windows_1252", row, column, detail)

    def _redeliver(self, clean, layout, rng, encoding, bom, newline) -> Fault | None:
        header, values = clean
        table = _Table(list(header), [_Row(list(v)) for v in values])
        changes = table.correct(layout, rng)
        if not changes:
            return None
        body = _write_csv(table.header, [r.values for r in table.rows], newline)
        target = self.landing_dir / REDELIVERIES_DIR / self.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_encode(body, encoding, bom))
        numbers = _csv_line_numbers(body, table.rows)
        changes.sort(key=lambda c: numbers[id(c[0])])
        what = "; ".join(f"row {numbers[id(r)]} {c} {a!r} -> {b!r}" for r, c, a, b in changes)
        first, column = changes[0][0], changes[0][1]
        detail = f"corrected delivery at {REDELIVERIES_DIR}/{self.file}: {what}"
        return Fault("corrected_redelivery", self.file, numbers[id(first)], column, detail)


def _write_csv(header: list, rows: list[list], newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _encode(text: str, encoding: str, bom: bool) -> bytes:
    return (codecs.BOM_UTF8 if bom and encoding == "utf-8" else b"") + text.encode(encoding)


def _csv_line_numbers(body: str, rows: list[_Row]) -> dict[int, int]:
    """Each row's line as the loader counts it (csv line_num: the record's last line)."""
    reader = csv.reader(io.StringIO(body, newline=""))
    next(reader)
    numbers = {}
    for row, _ in zip(rows, reader, strict=True):
        numbers[id(row)] = reader.line_num
    return numbers


# ------------------------------------------------------------------------------ XLSX


def _workbook_faults(
    landing_dir: Path, rel: Path, rates: FaultRates, seed: int, landed: _Landed
) -> list[Fault]:
    """Each sheet of a workbook is its own delivery (`<path>#<sheet>`) and gets its own faults.

    Not done in workbooks: Windows-1252 (there is no text encoding to get wrong) and
    corrected re-deliveries (a corrected workbook re-delivers every sheet at once).
    """
    if not rates.any():
        return []
    from openpyxl import load_workbook  # noqa: PLC0415

    path = landing_dir / rel
    workbook = load_workbook(path)
    with zipfile.ZipFile(path) as archive:
        has_properties = "docProps/core.xml" in archive.namelist()
    # Without document properties openpyxl stamps the time of loading: fix it instead.
    stamp = None if has_properties else datetime(1980, 1, 1)
    created = stamp or workbook.properties.created
    modified = stamp or workbook.properties.modified or created
    faults: list[Fault] = []
    for sheet in workbook.worksheets:
        name = f"{rel}#{sheet.title}"

        def stream(kind: str, name=name) -> random.Random:
            return random.Random(f"{seed}|{name}|{kind}")

        if not landed(rel, sheet.title):
            continue
        cells = list(sheet.iter_rows())
        if not cells or not any(c.value is not None for c in cells[0]):
            continue
        width = max(i + 1 for i, c in enumerate(cells[0]) if c.value is not None)
        header = [c.value for c in cells[0][:width]]
        rows = []
        for line in cells[1:]:
            # Cells right of the header are kept: a value there is its own fault already.
            used = max((i + 1 for i, c in enumerate(line) if c.value is not None), default=0)
            line = line[: max(width, used)]
            pad = width - len(line)
            values = [c.value for c in line] + [None] * pad
            rows.append(_Row(values, [c.number_format for c in line] + ["General"] * pad))
        while rows and not any(v is not None for v in rows[-1].values):
            rows.pop()  # trailing formatted-but-empty rows: the reader does not see them
        table = _Table(header, rows)
        table.blank = None
        layout = _identify(rel, [_text(h) for h in header], sheet=sheet.title)

        if _hit(stream("empty_file"), rates.empty_file):
            sheet.delete_rows(1, sheet.max_row)
            faults.append(Fault("empty_file", name, None, None, "sheet emptied (no header row)"))
            continue
        pending: list[_Pending] = []
        dropped = None
        missing = stream("missing_column")
        if layout and _hit(missing, rates.missing_column):
            dropped = table.drop_column(rel, layout, missing)
            if dropped:
                detail = f"column {dropped} left out: every row is missing it"
                pending.append(_Pending("missing_column", None, dropped, detail))
        extra = stream("extra_column")
        if _hit(extra, rates.extra_column) and table.add_column(rel, layout, extra):
            detail = f"unexpected column {EXTRA_COLUMN} added"
            pending.append(_Pending("extra_column", None, EXTRA_COLUMN, detail))
        if dropped is None:
            pending += _row_faults(table, rel, layout, rates, stream)
        pending += table.duplicates(rates.duplicate_row, stream("duplicate_row"))
        if not pending:
            continue
        sheet.delete_rows(1, sheet.max_row)
        for c, value in enumerate(table.header, start=1):
            sheet.cell(1, c, value)
        numbers = {}
        for r, row in enumerate(table.rows, start=2):
            numbers[id(row)] = r
            for c, value in enumerate(row.values, start=1):
                cell = sheet.cell(r, c, value)
                cell.number_format = row.formats[c - 1] if row.formats else "General"
        faults += _resolve(name, pending, numbers)
    if faults:
        _save_workbook(workbook, path, created, modified)
    return faults


def _save_workbook(workbook, path: Path, created: datetime, modified: datetime) -> None:
    """Save with the original timestamps, so the same faults give the same bytes."""
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415

    workbook.properties.created = created
    workbook.properties.modified = modified
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    path.write_bytes(out.getvalue())
