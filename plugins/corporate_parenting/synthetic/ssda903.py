"""Synthetic SSDA903 ("children looked after") returns for a fictional estate of councils.

Every child, postcode, provider and council here is invented. The generator runs a
life-course simulation per local authority (LA): children enter care, move between
placements, change legal status, have temporary moves and short breaks, and leave care in
England-like proportions (domain spec §1.4, §1.5, §2.3). A burn-in of 18 years before the
first collection year makes the stock steady; each collection year's return then holds
every episode open at any time in that year, exactly as the DfE return does.

Output (CSV: UTF-8, header row, ``\\n`` line endings; docs/landing-layout.md)::

    out_dir/<la_code>/ssda903/<YYYY-YY>/csv/<table>.csv   every 903 table of the year
                                                          (ssda903_spec.tables_for_year)
    out_dir/<la_code>/ssda903/<YYYY-YY>/xml/ssda903_<YYYY-YY>.xml   the same rows, XML form
    out_dir/<la_code>/cms_monthly/<YYYY-MM>/<table>.csv   monthly in-year extracts: the
                                                          next year to date (no OC2)
    out_dir/reference/postcodes.csv                    pcds,oseast1m,osnrth1m,laua,utla
    out_dir/reference/local_authorities.csv            la_code,la_number,la_name,region,
                                                       population_0_17
    out_dir/benchmarks/ees_la_level_<YYYYYY>.csv       SYNTHETIC DfE LA-level figures of the
                                                       statistical neighbours outside the
                                                       estate, one file per DfE release
                                                       (synthetic/benchmarks.py)

Fictional geography: responsible LAs are E06099001, E06099002, ... (DfE LA numbers 901,
902, ...) laid out on a 38 km grid in England-range OS coordinates, each a ~20 km box of
postcodes in an area that does not exist in the UK (first LA: ``HF``). Four neighbouring
councils E06099801-804 (never responsible, they only receive placements; DfE numbers 801-803
and 807) sit next to the first LA, two far-away English councils E06099901-902 (805, 806)
and Welsh (W06099001-002) and Scottish (S12099001-002) councils are further away.
Out-of-area placements go to the grid neighbours of each LA (other generated LAs and/or the
fictional neighbours) and, rarely, far away. ``local_authorities.csv`` lists the English
councils (responsible first). Each children's home, secure unit, supported accommodation,
school and family centre is run by its area's council or a private or voluntary provider,
and PLACE_PROVIDER follows from that (PR1 only for the responsible LA's own settings).

Standard library only; deterministic for a given set of arguments (byte-identical files).
"""

from __future__ import annotations

import bisect
import csv
import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from corporate_parenting.ssda903_spec import tables_for_year
from corporate_parenting.synthetic.benchmarks import write_neighbour_figures
from corporate_parenting.synthetic.context import LaContext, months_after
from corporate_parenting.synthetic.domains import write_domains, write_reference_extras
from corporate_parenting.synthetic.outcomes import age_on, birthday
from corporate_parenting.synthetic.ssda903_tables import Tables
from corporate_parenting.synthetic.ssda903_xml_writer import write_xml
from corporate_parenting.synthetic.written import Written

__all__ = ["EstateSummary", "generate_estate"]

POSTCODE_COLUMNS = ("pcds", "oseast1m", "osnrth1m", "laua", "utla")
LA_COLUMNS = ("la_code", "la_number", "la_name", "region", "population_0_17")

MAX_LAS = 297
_LA_CODE_PREFIX = "E06099"  # responsible LAs: E06099001, E06099002, ...
BURN_IN_YEARS = 18  # every child looked after in the first year entered during the burn-in

_ORD = date.toordinal

# Placement-type rules by date (domain §1.4.7). New P2 spells stop before rule 217t bites
# (28/10/2023) and running ones end by 27/10/2023; H5 gives way to K3 during 2024-25; Z1
# ends by 31/03/2025 and Z11-Z14 start with 2025-26.
_P2_LAST_START = _ORD(date(2023, 9, 1))
_P2_LAST_END = _ORD(date(2023, 10, 27))
_K3_FIRST = _ORD(date(2024, 4, 1))
_H5_LAST_END = _ORD(date(2025, 3, 31))
_Z1_LAST_START = _ORD(date(2025, 3, 1))
_Z1_LAST_END = _ORD(date(2025, 3, 31))
_Z1X_FIRST = _ORD(date(2025, 4, 1))
# Supported accommodation (H5) was not Ofsted-registered before the 2023 reform: providers
# registered from April 2023 and had to be by 28/10/2023 (rules 222, 230): no URN before.
_SUPPORTED_REG_FIRST = _ORD(date(2023, 4, 3))
_SUPPORTED_REG_LAST = _ORD(date(2023, 10, 28))
# The longest a short legal status lasts (rules 361-364): police protection 72 hours, an
# emergency protection order 8 days (extendable once by 7), PACE detention a few days.
_EMERGENCY_LS = frozenset({"L1", "L2", "L3", "J2"})
_SEX_MF_FROM_YEAR_END = 2025  # M/F/U from 2024-25
_SEX_U_FROM = _ORD(date(2024, 4, 1))

_FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
_KINSHIP = frozenset({"U1", "U2", "U3"})
_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
_TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
_RESIDENTIAL = frozenset({"K1", "K2", "H5", "K3", "P2"})
_NO_URN = frozenset({"P1", "P2", "P3", "R1", "R2", "R5", "Z1", "Z11", "Z12", "Z13", "Z14"})
_TEMPS_ALLOWED = frozenset({"U1", "U2", "U3", "U4", "U5", "U6", "K2", "H5", "K3", "S1"})


def _words(text: str) -> list[str]:
    return text.split()


# Postcode areas that exist in the UK (incl. Crown dependencies and non-geographic ones):
# none of these is ever used, so a synthetic postcode can never be mistaken for a real one.
_REAL_AREAS = frozenset(
    _words(
        """AB AL BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH
    DL DN DT DY EC EH EN EX FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW
    KY LA LD LE LL LN LS LU ME MK ML NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA
    SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS
    WV XM YO ZE"""
    )
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_UPN_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"

_NAME_HEADS = _words(
    "Hart North Ember Fallow Gorse Heron Kestrel Larch Marl Oriel Pellin Quarry Rowan Sable "
    "Tarn Umber Vell Willow Yarrow Alder Bracken Corrin Dapple Elder Grayling Holly Juniper "
    "Linden Moss Nettle Osier Sorrel"
)
_NAME_TAILS = _words(
    "field mere ford wick borough dale ton ham stow bury worth combe ley minster gate hurst "
    "by thorpe"
)
_NOT_NAMES = frozenset({"Hartford", "Hartley", "Northam", "Northwick", "Northfield", "Amberley"})
_WALES = (
    ("W06099001", "Llanferwyn", 130_000, 262_000),
    ("W06099002", "Abergwennol", 168_000, 205_000),
)
_SCOTLAND = (
    ("S12099001", "Strathallochy", 322_000, 722_000),
    ("S12099002", "Inverdorran", 276_000, 760_000),
)

_GRID_X, _GRID_Y, _GRID_STEP, _HALF_BOX = 390_000, 300_000, 38_000, 10_000
_RESERVED_CELLS = ((0, 1), (1, 0), (0, -1), (-1, 0))  # the four fictional neighbours
_DISTANT = ((142_000, 62_000), (604_000, 588_000))  # far-away English councils (805, 806)
# DfE numbers of the four neighbours: numbers DfE uses (rule 633 checks LA_PERM against them).
_NEIGHBOUR_NUMBERS = ("801", "802", "803", "807")


# --------------------------------------------------------------------------- helpers


class _W:
    """A weighted choice, drawn with one ``random()`` call (stable across versions)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, weights: dict[str, float]):
        self.items = list(weights)
        self.cum = list(_accumulate(weights.values()))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _w(spec: str) -> _W:
    """`_w("A:3 B:1")`: A three times as likely as B."""
    return _W({k: float(v) for k, v in (item.split(":") for item in spec.split())})


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


_birthday = birthday  # one convention for birthdays and ages (outcomes)
_age = age_on


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _upn(rng: random.Random, la_number: str, dob: date) -> str:
    """13-character UPN with a valid DfE check letter (weights 2-13, mod 23)."""
    digits = (
        la_number
        + f"{rng.randrange(1000, 8000):04d}"
        + f"{(dob.year + 5) % 100:02d}"
        + f"{rng.randrange(1, 1000):03d}"
    )
    check = sum(int(d) * w for d, w in zip(digits, range(2, 14), strict=True)) % 23
    return _UPN_CHECK[check] + digits


def collection_years(years: int, last_year_end: int) -> list[tuple[str, int, int]]:
    """(label, first day ordinal, last day ordinal) of each collection year, oldest first."""
    out = []
    for end_year in range(last_year_end - years + 1, last_year_end + 1):
        label = f"{end_year - 1}-{end_year % 100:02d}"
        out.append((label, _ORD(date(end_year - 1, 4, 1)), _ORD(date(end_year, 3, 31))))
    return out


# --------------------------------------------------------------------------- geography


class _Area:
    """A council area: a 20 km box of fictional postcodes plus the settings in it."""

    def __init__(self, code, name, kind, la_number, letters, cx, cy, population, england=True):
        self.code, self.name, self.kind, self.la_number = code, name, kind, la_number
        self.letters, self.cx, self.cy = letters, cx, cy
        self.population, self.england = population, england
        self.region = _region(cx, cy) if england else ("Wales" if code[0] == "W" else "Scotland")
        self.rows: list[tuple[str, int, int]] = []  # every postcode written to the reference
        self.pool: list[str] = []  # postcodes the simulation may use
        self.homes: list[tuple[str, str]] = []  # (URN, postcode) children's homes (K2)
        self.secure: list[tuple[str, str]] = []  # K1
        self.supported: list[tuple[str, str]] = []  # H5 / K3 providers
        self.school: tuple[str, str] = ("", "")  # S1
        self.family_centre: tuple[str, str] = ("", "")  # R3
        self.short_break: tuple[str, str] = ("", "")  # short-break unit (K2)
        self.hospital = ""
        self.yoi = ""
        self.fostering_urn = ""
        self.adoption_urn = ""
        self.neighbours: list[_Area] = []
        # Who runs each setting (parallel to homes, secure, supported; one each for school and
        # family centre): "LA" the council of this area, else the provider code PR3-PR5.
        self.home_ops: list[str] = []
        self.secure_ops: list[str] = []
        self.supported_ops: list[str] = []
        self.school_op = self.family_centre_op = "LA"


def _region(cx: int, cy: int) -> str:
    if cy > 450_000:
        return "North East" if cx > 400_000 else "North West"
    if cy > 370_000:
        return "Yorkshire and The Humber" if cx > 400_000 else "North West"
    if cy > 280_000:
        return "East Midlands" if cx > 400_000 else "West Midlands"
    if cy > 200_000:
        if cx > 480_000:
            return "East of England"
        return "West Midlands" if cx < 360_000 else "East Midlands"
    if cx < 400_000:
        return "South West"
    return "London" if 500_000 < cx < 560_000 and cy > 160_000 else "South East"


def _area_letters() -> list[str]:
    first_pref = "HQACDFJKOPRTUYZ"  # avoid single-letter areas (B E G L M N S W) first
    second = "FABCDEGHKLMNOPQRSTUVWXY"
    out = [
        f + s
        for f in first_pref + "BEGLMNSWI"
        for s in second
        if f + s not in _REAL_AREAS and f + s != "HF"
    ]
    random.Random(1903).shuffle(out)
    return ["HF", *out]


@cache
def _la_names() -> tuple[str, ...]:
    names = [
        h + t for h in _NAME_HEADS for t in _NAME_TAILS if h + t not in _NOT_NAMES and h[-1] != t[0]
    ]
    names = [n for n in names if n not in ("Hartfield", "Northmere")]
    random.Random(903).shuffle(names)
    return ("Hartfield", "Northmere", *names)


def _responsible_la_identity(code: str) -> tuple[str, str]:
    """(DfE LA number, name) the estate gives responsible LA `code` (E06099001: 901,
    Hartfield), whether or not this estate generated it: a statistical neighbour outside a
    small estate keeps the name it has in a larger one."""
    number = code[len(_LA_CODE_PREFIX) :]
    if not code.startswith(_LA_CODE_PREFIX) or not number.isdigit():
        return "", code
    i = int(number) - 1
    names = _la_names()
    return (_la_number(i), names[i]) if 0 <= i < min(MAX_LAS, len(names)) else ("", code)


def _la_number(i: int) -> str:
    """DfE-style 3-digit LA number: 901-999, then 101-199, then 001-099."""
    if i < 99:
        return str(901 + i)
    if i < 198:
        return str(101 + i - 99)
    return f"{1 + i - 198:03d}"


class _Urns:
    def __init__(self):
        self.used: set[str] = set()

    def new(self, rng: random.Random, home: bool) -> str:
        while True:
            urn = (
                f"SC{rng.randrange(100_000, 1_000_000)}"
                if home
                else str(rng.randrange(1_000_000, 10_000_000))
            )
            if urn not in self.used:
                self.used.add(urn)
                return urn


def _fill_area(area: _Area, seed: int, n_used: int, n_unused: int, urns: _Urns) -> None:
    rng = random.Random(f"ssda903:{seed}:area:{area.code}")
    districts = rng.sample(range(1, 30), 8)
    centres = {
        d: (
            area.cx + rng.uniform(-_HALF_BOX * 0.8, _HALF_BOX * 0.8),
            area.cy + rng.uniform(-_HALF_BOX * 0.8, _HALF_BOX * 0.8),
        )
        for d in districts
    }
    seen: set[str] = set()
    while len(area.rows) < n_used + n_unused:
        d = districts[rng.randrange(len(districts))]
        pc = (
            f"{area.letters}{d} {rng.randrange(10)}"
            f"{_INWARD_LETTERS[rng.randrange(20)]}{_INWARD_LETTERS[rng.randrange(20)]}"
        )
        if pc in seen:
            continue
        seen.add(pc)
        cx, cy = centres[d]
        e = min(max(round(rng.gauss(cx, 1500)), area.cx - _HALF_BOX), area.cx + _HALF_BOX)
        n = min(max(round(rng.gauss(cy, 1500)), area.cy - _HALF_BOX), area.cy + _HALF_BOX)
        area.rows.append((pc, e, n))
    area.pool = [pc for pc, _, _ in area.rows[:n_used]]

    def setting(home: bool) -> tuple[str, str]:
        urn = urns.new(rng, home) if area.england else ""
        return urn, area.pool[rng.randrange(len(area.pool))]

    n_homes = {"la": 6, "neighbour": 9, "distant": 5}.get(area.kind, 3)
    area.homes = [setting(True) for _ in range(n_homes)]
    area.secure = [setting(True)]
    area.supported = [setting(True) for _ in range(max(2, n_homes // 2))]
    area.school = setting(False)
    area.family_centre = setting(False)
    area.short_break = setting(True)
    area.hospital = area.pool[rng.randrange(len(area.pool))]
    area.yoi = area.pool[rng.randrange(len(area.pool))]
    area.fostering_urn = urns.new(rng, False) if area.england else ""
    area.adoption_urn = urns.new(rng, False) if area.england else ""
    _run_settings(area, seed)


def _operators(n: int, council_share: float) -> list[str]:
    """Who runs `n` settings of a kind: a share by the council, one voluntary, the rest private."""
    council = round(n * council_share + 1e-9)
    return [
        "LA" if i < council else ("PR5" if i == n - 1 and n - council >= 3 else "PR4")
        for i in range(n)
    ]


def _run_settings(area: _Area, seed: int) -> None:
    """Who runs each setting of the area (a stream of its own: the settings stay the same).

    Secure children's homes are council-run; about a quarter of children's homes and a third
    of supported accommodation too; schools and family centres vary by area. A placement's
    provider code follows from it (`_LASim._provider_of`).
    """
    rng = random.Random(f"ssda903:{seed}:operators:{area.code}")
    area.home_ops = _operators(len(area.homes), 0.25)
    area.secure_ops = ["LA"] * len(area.secure)
    area.supported_ops = _operators(len(area.supported), 0.3)
    area.school_op = _SCHOOL_OP.pick(rng)
    area.family_centre_op = _FAMILY_CENTRE_OP.pick(rng)


@dataclass
class _Estate:
    las: list[_Area]
    neighbours: list[_Area]  # the four fictional neighbours
    distant: list[_Area]
    wales: list[_Area]
    scotland: list[_Area]
    ifas: list[tuple[str, str]]  # (URN, provider code PR4/PR5) independent fostering agencies
    vaas: list[str]  # voluntary adoption agencies
    targets: dict[str, float]
    # supported accommodation URN -> the day its provider registered with Ofsted
    registered: dict[str, int] = field(default_factory=dict)

    def all_areas(self) -> list[_Area]:
        return [*self.las, *self.neighbours, *self.distant, *self.wales, *self.scotland]


def _build_estate(seed: int, n_las: int, cla_per_la: int) -> _Estate:
    letters, names = _area_letters(), _la_names()
    reserved_letters = letters[-12:]
    urns = _Urns()
    rng = random.Random(f"ssda903:{seed}:estate")

    radius = 1
    while (2 * radius + 1) ** 2 - 4 < n_las:
        radius += 1
    cells = sorted(
        ((x, y) for x in range(-radius, radius + 1) for y in range(-radius, radius + 1)),
        key=lambda c: (max(abs(c[0]), abs(c[1])), math.atan2(c[1], c[0]) % (2 * math.pi)),
    )
    la_cells = [c for c in cells if c not in _RESERVED_CELLS][:n_las]

    def centre(cell):
        return _GRID_X + cell[0] * _GRID_STEP, _GRID_Y + cell[1] * _GRID_STEP

    neighbours = []
    for i, cell in enumerate(_RESERVED_CELLS):
        nrng = random.Random(f"ssda903:{seed}:neighbour:{i}")
        cx, cy = centre(cell)
        area = _Area(
            f"E06099{801 + i:03d}",
            names[-1 - i],
            "neighbour",
            _NEIGHBOUR_NUMBERS[i],
            reserved_letters[i],
            cx,
            cy,
            int(round(nrng.uniform(55_000, 125_000), -1)),
        )
        _fill_area(area, seed, 300, 60, urns)
        neighbours.append(area)
    distant = []
    for i, (cx, cy) in enumerate(_DISTANT):
        nrng = random.Random(f"ssda903:{seed}:distant:{i}")
        area = _Area(
            f"E06099{901 + i:03d}",
            names[-5 - i],
            "distant",
            str(805 + i),
            reserved_letters[4 + i],
            cx,
            cy,
            int(round(nrng.uniform(60_000, 140_000), -1)),
        )
        _fill_area(area, seed, 80, 30, urns)
        distant.append(area)
    wales, scotland = [], []
    for i, (code, name, cx, cy) in enumerate(_WALES + _SCOTLAND):
        area = _Area(
            code,
            name,
            "wales" if code[0] == "W" else "scotland",
            "",
            reserved_letters[6 + i],
            cx,
            cy,
            0,
            england=False,
        )
        _fill_area(area, seed, 60, 25, urns)
        (wales if code[0] == "W" else scotland).append(area)

    las, targets = [], {}
    by_cell: dict[tuple[int, int], _Area] = dict(zip(_RESERVED_CELLS, neighbours, strict=True))
    for i, cell in enumerate(la_cells):
        lrng = random.Random(f"ssda903:{seed}:la:{i}")
        target = cla_per_la * lrng.uniform(0.94, 1.06)
        rate = 67 * math.exp(min(max(lrng.gauss(0, 0.18), -0.45), 0.45))
        cx, cy = centre(cell)
        area = _Area(
            f"{_LA_CODE_PREFIX}{i + 1:03d}",
            names[i],
            "la",
            _la_number(i),
            letters[i],
            cx,
            cy,
            max(1000, int(round(target / rate * 10_000, -1))),
        )
        _fill_area(area, seed, 450, 120, urns)
        las.append(area)
        targets[area.code] = target
        by_cell[cell] = area
    for cell, area in zip(la_cells, las, strict=True):
        area.neighbours = [
            by_cell[(cell[0] + dx, cell[1] + dy)]
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            if (dx or dy) and (cell[0] + dx, cell[1] + dy) in by_cell
        ] or list(neighbours)
    ifas = [(urns.new(rng, False), "PR4" if i < 8 else "PR5") for i in range(12)]
    vaas = [urns.new(rng, False) for _ in range(4)]
    estate = _Estate(las, neighbours, distant, wales, scotland, ifas, vaas, targets)
    rrng = random.Random(f"ssda903:{seed}:registration")
    estate.registered = {
        urn: _SUPPORTED_REG_FIRST  # most registered early on
        + int(rrng.triangular(0, _SUPPORTED_REG_LAST - _SUPPORTED_REG_FIRST, 0))
        for area in estate.all_areas()
        for urn, _ in area.supported
        if urn
    }
    return estate


# --------------------------------------------------------------------------- model tables

_ETHNIC = _w(
    "WBRI:64 WIRI:0.6 WOTH:8.5 WIRT:0.6 WROM:1.3 MWBC:5.2 MWBA:2.6 MWAS:2.6 MOTH:3.8 AIND:0.6 "
    "APKN:1.2 ABAN:0.5 AOTH:1.2 BCRB:1.5 BAFR:2.5 BOTH:1.5 CHNE:0.2 OOTH:1.3 REFU:0.3 NOBT:0.5"
)
_ETHNIC_UASC = _w("OOTH:34 BAFR:18 AOTH:24 WOTH:14 BOTH:4 ABAN:2 APKN:2 NOBT:2")
_CIN = _w("N1:67 N2:3 N3:3 N4:8 N5:14 N6:2.5 N7:0.3 N8:2.2")
_CIN_UASC = _w("N8:92 N1:4 N4:4")
_CIN_SHORT_BREAK = _w("N2:85 N3:5 N4:5 N5:5")
_AGE_BAND = _w("0:22 1-4:17 5-9:18 10-15:38 16-17:4.5")
_UASC_AGE = _w("14:8 15:22 16:42 17:28")

_OUTCOMES = {
    "0": _w("ADOPT:34 SGO:22 HOME:26 TO18:10 CAO:3 OTHER:3 E3:2"),
    "1-4": _w("ADOPT:20 SGO:22 HOME:35 TO18:14 CAO:4 OTHER:3 E3:2"),
    "5-9": _w("ADOPT:2 SGO:15 HOME:45 TO18:28 CAO:3 OTHER:5 E3:2"),
    "10-15": _w("SGO:5 HOME:50 TO18:30 CAO:1 OTHER:6 E3:2 REMAND:3 E9:1.5 E16:0.5 E2:0.1"),
    "16-17": _w("HOME:30 TO18:52 INDEP:8 OTHER:5 E3:2 REMAND:2 E9:1"),
}
_UASC_OUTCOMES = _w("TO18:78 E3:10 E15:3 OTHER:5 E16:1 INDEP:3")

_PLACE_BY_AGE = {
    "0": _w("U6:50 U3:14 U5:6 U2:3 U4:4 R3:4 P1:4"),
    "1-4": _w("U6:45 U4:15 U3:14 U1:6 P1:6 K2:0.5"),
    "5-9": _w("U6:36 U4:21 U3:10 U1:8 P1:6 K2:4 S1:2 Z:1"),
    "10-13": _w("U6:28 U4:18 U3:7 U1:6 P1:6 K2:18 K1:0.5 S1:4 R2:0.7 Z:2"),
    "14-15": _w("U6:24 U4:13 U3:5 U1:4 P1:6 K2:24 K1:1.5 S1:4 R2:0.7 Z:2.5 R1:0.3"),
    "16-17": _w("U6:20 U4:10 U3:4 U1:4 P1:4 K2:15 SUPP:32 K1:0.5 S1:1.5 R5:0.7 P3:0.3 Z:2 R1:0.3"),
}
_PLACE_UASC_YOUNG = _w("U6:70 U4:10 K2:18 U3:2")
_PLACE_UASC_OLD = _w("SUPP:55 U6:30 K2:10 U4:5")
_PLACE_REMAND = _w("K1:30 R5:30 U6:20 K2:20")
_Z1X = _w("Z11:35 Z12:30 Z13:25 Z14:10")
_TEMP = _w("T0:10 T1:20 T2:15 T3:35 T4:20")

_PROVIDER = {
    "kin": _w("PR1:80 PR2:12 PR4:8"),
    # Foster carers are approved by a fostering service: the council's own (PR1), another
    # council's (PR2), a private (PR4) or voluntary (PR5) agency; never "other public" (529).
    "fos": _w("PR1:28 PR4:39 PR5:18 PR2:15"),
    "adopt": _w("PR1:55 PR2:15 PR5:30"),
    "R1": _w("PR4:80 PR3:20"),
    "R2": _w("PR3:90 PR4:10"),
    "R5": _w("PR3:100"),
    "P3": _w("PR4:100"),
}
# Who runs an area's residential special school (PR3: e.g. an academy trust) and family centre.
_SCHOOL_OP = _w("PR4:50 PR5:20 LA:22 PR3:8")
_FAMILY_CENTRE_OP = _w("PR4:50 LA:50")
# Where a placement is: in the responsible LA, a neighbour, or far away.
_WHERE = {
    "kin": _w("own:70 nbr:25 far:5"),
    "fos": _w("own:60 nbr:37 far:3"),
    "K2": _w("own:35 nbr:55 far:10"),
    "K1": _w("own:20 nbr:60 far:20"),
    "supp": _w("own:55 nbr:40 far:5"),
    "S1": _w("own:30 nbr:50 far:20"),
    "other": _w("own:55 nbr:42 far:3"),
}
_FAR = _w("distant:60 wales:25 scotland:15")

# REASON_PLACE_CHANGE for a move to new carers (P/B); status-only changes are set where made.
_RPC_MOVE = _w(
    "CARPL:20 PLACE:19 OTHER:26 CREQB:10 CREQO:7 CHILD:4 LAREQ:2 "
    "STAND:1.5 CLOSE:1.5 ALLEG:1.5 APPRR:0.5"
)
_REC_HOME = _w("E4A:65 E4B:18 E13:17")
_REC_18_FOSTER = _w("E17:35 E5:35 E6:15 E8:10 E13:5")
_REC_18_RESI = _w("E5:55 E6:15 E17:10 E8:12 E7:5 E13:3")
_REC_18_P1 = _w("E4A:50 E13:20 E17:20 E8:10")
_REC_18_OTHER = _w("E5:50 E6:20 E8:20 E7:10")
_REC_SGO = _w("E45:55 E46:10 E47:25 E48:10")
_LS_ADOPT = _w("C1:70 L2:12 L1:8 V2:10")
_LS_SGO = _w("C1:55 V2:25 L1:10 L2:10")
_LS_HOME = _w("V2:55 C1:22 L1:12 L2:11")
_LS_TO18_YOUNG = _w("C1:60 V2:15 L1:10 L2:15")
_LS_TO18_MID = _w("C1:55 V2:28 L1:10 L2:7")
_LS_TO18_OLD = _w("V2:62 C1:28 L1:10")
_LS_OTHER = _w("V2:45 C1:40 L1:8 L2:7")
_INSTABILITY = _w("0.12:55 0.45:30 1.5:12 4:3")  # placement moves a year

# UASC arrivals by calendar year relative to the long-run level (2016 and 2022-23 peaks).
_UASC_YEAR = {
    2015: 1.1,
    2016: 1.4,
    2017: 1.1,
    2018: 0.9,
    2019: 0.9,
    2020: 0.6,
    2021: 0.8,
    2022: 1.3,
    2023: 1.4,
    2024: 1.0,
}


def _age_band(age: int) -> str:
    if age < 1:
        return "0"
    if age < 5:
        return "1-4"
    if age < 10:
        return "5-9"
    if age < 16:
        return "10-15"
    return "16-17"


def _place_band(age: int) -> str:
    if age < 1:
        return "0"
    if age < 5:
        return "1-4"
    if age < 10:
        return "5-9"
    if age < 14:
        return "10-13"
    if age < 16:
        return "14-15"
    return "16-17"


# --------------------------------------------------------------------------- records


class _Spell:
    __slots__ = ("start", "end", "place", "prov", "post", "urn", "new_carer", "rpc")

    def __init__(self, start, end, place, prov, post, urn, new_carer=True, rpc=""):
        self.start, self.end, self.place, self.prov = start, end, place, prov
        self.post, self.urn, self.new_carer, self.rpc = post, urn, new_carer, rpc

    def copy(self, **changes) -> _Spell:
        s = _Spell(
            self.start,
            self.end,
            self.place,
            self.prov,
            self.post,
            self.urn,
            self.new_carer,
            self.rpc,
        )
        for k, v in changes.items():
            setattr(s, k, v)
        return s


def _merge_unchanged(spells: list[_Spell]) -> list[_Spell]:
    """Join a spell to the one before when nothing about the placement changed (the child
    stayed put): a new episode with RNE P, T, B or U must change the placement (rules 435,
    436), and an unchanged one is no move."""
    out = [spells[0]]
    for s in spells[1:]:
        last = out[-1]
        if (s.place, s.prov, s.post, s.urn) == (last.place, last.prov, last.post, last.urn):
            last.end = s.end
        else:
            out.append(s)
    return out


class _Ep:
    __slots__ = (
        "decom",
        "dec",
        "rne",
        "ls",
        "cin",
        "place",
        "prov",
        "rec",
        "rpc",
        "home",
        "post",
        "urn",
    )

    def __init__(self, decom, dec, rne, ls, cin, place, prov, rec, rpc, home, post, urn):
        self.decom, self.dec, self.rne, self.ls, self.cin = decom, dec, rne, ls, cin
        self.place, self.prov, self.rec, self.rpc = place, prov, rec, rpc
        self.home, self.post, self.urn = home, post, urn


class _Child:
    __slots__ = (
        "cid",
        "dob",
        "dob_ord",
        "b18",
        "sex",
        "ethnic",
        "upn",
        "uasc",
        "mc_dob",
        "eps",
        "home",
    )

    def __init__(self, cid, dob, sex, ethnic, upn, uasc, mc_dob, home):
        self.cid, self.dob, self.dob_ord = cid, dob, _ORD(dob)
        self.b18 = _ORD(_birthday(dob, 18))
        self.sex, self.ethnic, self.upn, self.uasc = sex, ethnic, upn, uasc
        self.mc_dob, self.home = mc_dob, home
        self.eps: list[_Ep] = []


# --------------------------------------------------------------------------- simulation


class _LASim:
    """Life-course simulation of one LA's looked-after children."""

    def __init__(self, estate: _Estate, la: _Area, seed: int, sim_start: int, horizon: int):
        self.estate, self.la = estate, la
        self.rng = random.Random(f"ssda903:{seed}:sim:{la.code}")
        self.sim_start, self.horizon = sim_start, horizon
        self.target = estate.targets[la.code]
        rng = self.rng
        self.uasc_factor = math.exp(min(max(rng.gauss(0, 0.3), -0.6), 0.6))
        self.sb_e4a = rng.uniform(0.35, 0.85)  # LA recording habit for short breaks
        self.children: list[_Child] = []
        self.used_ids: set[str] = set()

    # ----- small draws

    def _pc(self, area: _Area) -> str:
        return area.pool[self.rng.randrange(len(area.pool))]

    def _pc_away(self, area: _Area, home: str) -> str:
        """A postcode in the area, other than the child's home one (rule 392d) if it can."""
        pc = self._pc(area)
        return self._pc(area) if pc == home else pc

    def _area(self, where: str) -> _Area:
        rng = self.rng
        if where == "own":
            return self.la
        if where == "nbr":
            nbrs = self.la.neighbours
            return nbrs[rng.randrange(len(nbrs))]
        group = _FAR.pick(rng)
        areas = {
            "distant": self.estate.distant,
            "wales": self.estate.wales,
            "scotland": self.estate.scotland,
        }[group]
        return areas[rng.randrange(len(areas))]

    def _new_id(self) -> str:
        while True:
            cid = f"{self.la.la_number}{self.rng.randrange(1_000_000):06d}"
            if cid not in self.used_ids:
                self.used_ids.add(cid)
                return cid

    def _home_post(self, uasc: bool) -> str:
        """The postcode the child lived at; none for an unaccompanied asylum-seeking child,
        who had no home in England (rule 406), and a few not recorded."""
        if uasc or self.rng.random() < 0.015:
            return ""
        return self._pc(self.la)

    def _new_child(self, start: int, uasc: bool, age_days: int, short_break=False) -> _Child:
        rng = self.rng
        dob = date.fromordinal(start - age_days)
        if uasc:
            sex = "M" if rng.random() < 0.9 else "F"
            claimed = date(dob.year, 1, 1)  # a claimed date of birth
            if rng.random() < 0.35 and _ORD(_birthday(claimed, 18)) > start + 30:
                dob = claimed
            ethnic = _ETHNIC_UASC.pick(rng)
        else:
            sex = "M" if rng.random() < (0.6 if short_break else 0.53) else "F"
            if start >= _SEX_U_FROM and age_days < 60 and rng.random() < 0.004:
                sex = "U"
            ethnic = _ETHNIC.pick(rng)
        upn = (
            ""
            if uasc and rng.random() < 0.5
            else _upn(
                rng, self.la.la_number if rng.random() < 0.85 else str(rng.randrange(201, 940)), dob
            )
        )
        mc_dob = None
        if sex == "F" and not uasc and not short_break and rng.random() < 0.05:
            mc_dob = _ORD(dob) + rng.randint(round(14.5 * 365.25), round(17.9 * 365.25))
        child = _Child(self._new_id(), dob, sex, ethnic, upn, uasc, mc_dob, self._home_post(uasc))
        self.children.append(child)
        return child

    def _entrant(self, start: int) -> _Child:
        rng = self.rng
        year = date.fromordinal(start).year
        p_uasc = 0.12 * self.uasc_factor * _UASC_YEAR.get(year, 0.8 if year < 2015 else 0.9)
        if rng.random() < p_uasc:
            years = int(_UASC_AGE.pick(rng))
            age_days = int((years + rng.random()) * 365.25)
            return self._new_child(start, True, min(age_days, int(17.95 * 365.25)))
        band = _AGE_BAND.pick(rng)
        if band == "0":
            age_days = rng.randint(0, 13) if rng.random() < 0.45 else rng.randint(14, 364)
        elif band == "1-4":
            age_days = rng.randint(366, 1825)
        elif band == "5-9":
            age_days = rng.randint(1827, 3652)
        elif band == "10-15":
            age_days = int(rng.triangular(10, 16, 14.5) * 365.25)
        else:
            age_days = int(rng.uniform(16.0, 17.9) * 365.25)
        return self._new_child(start, False, age_days)

    # ----- placements

    def _choose_place(self, ch: _Child, t: int, no_z=False) -> str:
        rng = self.rng
        age = _age(ch.dob, t)
        if ch.uasc:
            place = (_PLACE_UASC_OLD if age >= 16 else _PLACE_UASC_YOUNG).pick(rng)
        else:
            place = _PLACE_BY_AGE[_place_band(age)].pick(rng)
        if place == "SUPP":
            if age < 16:
                return "U6"
            if t < _P2_LAST_START:
                return "P2" if rng.random() < 0.4 else "H5"
            return "H5" if t < _K3_FIRST else "K3"
        if place == "Z":
            if no_z:
                return "U6"
            if t < _Z1_LAST_START:
                return "Z1"
            return _Z1X.pick(rng) if t >= _Z1X_FIRST else "U6"
        return place

    def _spell(
        self, ch: _Child, place: str, start: int, end: int, new_carer=True, rpc=""
    ) -> _Spell:
        rng, estate = self.rng, self.estate
        if place in _KINSHIP:
            kind = "kin"
        elif place in _FOSTER:
            kind = "fos"
        elif place in ("H5", "K3", "P2"):
            kind = "supp"
        elif place in _ADOPTION:
            kind = "adopt"
        else:
            kind = place
        area = self._area(_WHERE.get(kind, _WHERE["other"]).pick(rng))
        prov, post, urn = "", "", ""
        if place == "P1":
            prov, post = "PR0", ch.home or self._pc(self.la)
        elif place[0] in "TZ":
            post = self._pc_away(area, ch.home)  # no provider
        elif place in ("K1", "K2") or kind == "supp":
            settings, ops = {
                "K1": (area.secure, area.secure_ops),
                "K2": (area.homes, area.home_ops),
            }.get(place, (area.supported, area.supported_ops))
            i = rng.randrange(len(settings))
            (urn, post), prov = settings[i], self._provider_of(ops[i], area)
        elif place == "S1":
            (urn, post), prov = area.school, self._provider_of(area.school_op, area)
        elif place == "R3":
            (urn, post), prov = area.family_centre, self._provider_of(area.family_centre_op, area)
        elif kind in ("kin", "fos"):
            prov = _PROVIDER[kind].pick(rng)
            post = self._pc_away(area, ch.home)
            if prov in ("PR4", "PR5"):
                ifas = [u for u, p in estate.ifas if p == prov]
                urn = ifas[rng.randrange(len(ifas))]
            elif prov == "PR1":
                urn = self.la.fostering_urn
            else:
                other = area if area is not self.la else self._area("nbr")
                urn = other.fostering_urn or self.la.fostering_urn
        elif kind == "adopt":
            prov = _PROVIDER[kind].pick(rng)
            if prov == "PR5":
                urn = estate.vaas[rng.randrange(len(estate.vaas))]
            elif prov == "PR2":
                urn = self._area("nbr").adoption_urn
            else:
                urn = self.la.adoption_urn
        else:
            prov = _PROVIDER[kind].pick(rng)
            if place == "R2":
                post = area.hospital
            elif place == "R5":
                post = area.yoi
            else:
                post = self._pc_away(area, ch.home)
        if place in _NO_URN or not area.england:
            urn = ""
        if place in _ADOPTION or (place != "P1" and rng.random() < 0.03):
            post = ""
        if new_carer and not rpc:
            rpc = "CUSTOD" if place == "R5" else _RPC_MOVE.pick(rng)
        return _Spell(start, end, place, prov, post, urn, new_carer, rpc)

    def _provider_of(self, operator: str, area: _Area) -> str:
        """PLACE_PROVIDER of a setting: a council's own provision only in its own area."""
        if operator == "LA":
            return "PR1" if area is self.la else "PR2"
        return operator

    def _spells_until(self, ch: _Child, start: int, stop: int, instab: float) -> list[_Spell]:
        rng = self.rng
        spells: list[_Spell] = []
        t = start
        while t < stop:
            place = self._choose_place(ch, t)
            if not spells and rng.random() < 0.3:
                dur = rng.randint(2, 56)  # emergency first placement
            else:
                dur = 7 + int(rng.expovariate(instab / 365.25))
            end = t + dur
            if end >= stop - 10:
                end = stop
            spells.append(self._spell(ch, place, t, end))
            t = end
        return spells

    def _with_final(self, ch, start, end, instab, final_place, kinds, lo, hi) -> list[_Spell]:
        """Placements ending with a final spell of a given kind lasting lo-hi days."""
        rng = self.rng
        length = min(end - start, rng.randint(lo, hi))
        t_final = end - length
        if t_final <= start:
            return [self._spell(ch, final_place, start, end)]
        spells = self._spells_until(ch, start, t_final, instab)
        if spells[-1].place in kinds:
            spells[-1].end = end
        else:
            spells.append(self._spell(ch, final_place, t_final, end, rpc="CARPL"))
        return spells

    # ----- periods of care

    def _emergency_days(self, ls: str) -> int:
        """How long police protection (L1, at most 72 hours) or an emergency protection order
        (L2: up to 8 days, a few extended by up to 7 more) lasts before the next status."""
        rng = self.rng
        if ls == "L1":
            return rng.randint(1, 3)
        return rng.randint(1, 8) if rng.random() < 0.85 else rng.randint(9, 15)

    def _ls_path(self, start, end, ls0, v2_to_c1=0.0, l_to_c1=0.6, to_c2=True):
        rng = self.rng
        changes, cur, t = [], ls0, start
        if ls0 in ("L1", "L2"):
            t += self._emergency_days(ls0)
            cur = "C1" if rng.random() < l_to_c1 else "V2"
            changes.append((t, cur))
        if cur == "V2" and rng.random() < v2_to_c1:
            t += rng.randint(20, 240)
            cur = "C1"
            changes.append((t, cur))
        if cur == "C1" and to_c2:
            t += rng.randint(150, 330)
            changes.append((t, "C2"))
        return [(d, ls) for d, ls in changes if start < d < end]

    def _period(self, ch: _Child, start: int) -> tuple[int, str]:
        """Simulate one period of care from `start`; returns (end ordinal, REC)."""
        rng = self.rng
        b18 = ch.b18
        age = _age(ch.dob, start)
        band = _age_band(age)
        outcome = (_UASC_OUTCOMES if ch.uasc else _OUTCOMES[band]).pick(rng)
        if outcome == "ADOPT" and age >= 7:
            outcome = "SGO"
        if outcome in ("REMAND", "E9") and age < 12:
            outcome = "HOME"
        if outcome == "INDEP" and age < 16:
            outcome = "TO18" if ch.uasc else "HOME"
        instab = float(_INSTABILITY.pick(rng))
        cin = (_CIN_UASC if ch.uasc else _CIN).pick(rng)
        ls0, ls_changes, spells, rec = "V2", [], None, ""

        if ch.uasc:
            end = {
                "TO18": b18,
                "E3": start + rng.randint(5, 90),
                "E15": start + rng.randint(14, 200),
                "OTHER": start + int(rng.triangular(10, 700, 60)),
                "E16": start + rng.randint(60, 500),
                "INDEP": start + rng.randint(60, 500),
            }[outcome]
            rec = {"E3": "E3", "E15": "E15", "OTHER": "E8", "E16": "E16", "INDEP": "E5"}.get(
                outcome, ""
            )
        elif outcome == "ADOPT":
            ls0 = _LS_ADOPT.pick(rng)
            t_c1 = start
            if ls0 in ("L1", "L2"):
                t_c1 = start + self._emergency_days(ls0)
            elif ls0 == "V2":
                t_c1 = start + rng.randint(20, 150)
            t_e1 = t_c1 + rng.randint(150, 330)
            t_place = t_e1 + rng.randint(45, 240)
            end = t_place + rng.randint(90, 420)
            if ls0 != "C1":
                ls_changes.append((t_c1, "C1"))
            ls_changes.append((t_e1, "E1"))
            spells = self._spells_until(ch, start, t_place, instab)
            with_carer = spells[-1].place in _FOSTER and rng.random() < 0.35
            consent = rng.random() < 0.1
            place = ("A3" if consent else "A5") if with_carer else ("A4" if consent else "A6")
            spells.append(
                self._spell(ch, place, t_place, end, new_carer=not with_carer, rpc="CARPL")
            )
            rec = "E11" if rng.random() < 0.6 else "E12"
        elif outcome in ("SGO", "CAO"):
            ls0 = _LS_SGO.pick(rng)
            end = start + int(rng.triangular(240, 1200, 500))
            ls_changes = self._ls_path(start, end, ls0, v2_to_c1=0.5)
            rec = _REC_SGO.pick(rng) if outcome == "SGO" else "E41"
            if rec == "E45" or (rec == "E41" and rng.random() < 0.5):
                spells = self._with_final(ch, start, end, instab, "U1", _KINSHIP, 120, 500)
            elif rec == "E46":
                spells = self._with_final(
                    ch, start, end, instab, "U4", _FOSTER - _KINSHIP, 180, 600
                )
        elif outcome == "HOME":
            ls0 = _LS_HOME.pick(rng)
            if ls0 in ("L1", "L2") and rng.random() < 0.55:
                dur = self._emergency_days(ls0)  # home again when the emergency ends
            else:
                dur = max(1, int(rng.lognormvariate(math.log(150), 1.1)))
            end = start + dur
            ls_changes = self._ls_path(start, end, ls0, l_to_c1=0.5, to_c2=dur > 250)
            rec = _REC_HOME.pick(rng)
            ls_end = ls_changes[-1][1] if ls_changes else ls0
            if dur > 240 and ls_end in ("C1", "C2") and rng.random() < 0.55:
                spells = self._with_final(ch, start, end, instab, "P1", {"P1"}, 60, 300)
        elif outcome == "TO18":
            end = b18
            if age < 10:
                ls0 = _LS_TO18_YOUNG.pick(rng)
                ls_changes = self._ls_path(start, end, ls0, v2_to_c1=0.8, l_to_c1=0.9)
            elif age < 16:
                ls0 = _LS_TO18_MID.pick(rng)
                ls_changes = self._ls_path(start, end, ls0, v2_to_c1=0.6)
            else:
                ls0 = _LS_TO18_OLD.pick(rng)
                ls_changes = self._ls_path(start, end, ls0, l_to_c1=0.5)
        elif outcome == "REMAND":
            ls0 = "J1" if rng.random() < 0.85 else "J2"
            end = start + (rng.randint(7, 120) if ls0 == "J1" else rng.randint(1, 3))
            place = _PLACE_REMAND.pick(rng)
            if place == "R5" and age < 15:
                place = "K1"
            spells = [self._spell(ch, place, start, min(end, b18))]
            rec = "E14" if rng.random() < 0.8 else "E9"
        else:  # INDEP, E3, OTHER, E9, E16, E2
            lo, mode, hi = {
                "INDEP": (60, 200, 500),
                "E3": (20, 200, 700),
                "OTHER": (30, 200, 1000),
                "E9": (60, 250, 800),
                "E16": (60, 200, 700),
                "E2": (10, 300, 1500),
            }[outcome]
            end = start + int(rng.triangular(lo, hi, mode))
            ls0 = _LS_OTHER.pick(rng)
            ls_changes = self._ls_path(start, end, ls0, v2_to_c1=0.3)
            rec = {"INDEP": "E5" if rng.random() < 0.7 else "E6", "OTHER": "E8"}.get(
                outcome, outcome
            )

        if end >= b18:  # nobody is looked after beyond the 18th birthday
            end, rec = b18, ""
        if end <= start:
            end = start + 1
        if spells is None:
            spells = self._spells_until(ch, start, end, instab)
        else:  # the period may have been cut short at the 18th birthday
            spells = [s for s in spells if s.start < end]
        spells[-1].end = end
        spells = self._refine(ch, spells)
        ls_changes = self._snap(start, end, ls0, ls_changes, spells)
        spells = self._not_home_under_s20(ch, spells, ls0, ls_changes)
        spells = _merge_unchanged(spells)
        if not rec:
            last = spells[-1].place
            if last in _FOSTER:
                rec = _REC_18_FOSTER.pick(rng)
            elif last in _RESIDENTIAL:
                rec = _REC_18_RESI.pick(rng)
            elif last == "P1":
                rec = _REC_18_P1.pick(rng)
            else:
                rec = _REC_18_OTHER.pick(rng)
            if rec == "E7" and cin != "N2" and rng.random() < 0.7:
                rec = "E5"
        temps = self._temps(ch, spells, ls_changes)
        self._emit(ch, start, end, rec, ls0, ls_changes, spells, temps, cin, ch.home)
        return end, rec

    def _snap(self, start, end, ls0, ls_changes, spells):
        """Keep legal-status changes inside the period; move some onto a nearby placement
        move so that both happen in one new episode (RNE B or U). The end of a short
        emergency status (police protection, EPO) stays where it is: it may not last longer."""
        rng = self.rng
        moves = [s.start for s in spells[1:]]
        out: list[tuple[int, str]] = []
        for k, (d, ls) in enumerate(ls_changes):
            lo = out[-1][0] if out else start
            hi = ls_changes[k + 1][0] if k + 1 < len(ls_changes) else end
            before = ls_changes[k - 1][1] if k else ls0
            if moves and before not in _EMERGENCY_LS and rng.random() < 0.4:
                i = bisect.bisect_left(moves, d)
                near = [m for m in moves[max(0, i - 1) : i + 1] if abs(m - d) <= 45 and lo < m < hi]
                if near:
                    d = min(near, key=lambda m: abs(m - d))
            if lo < d < end:
                out.append((d, ls))
        return out

    def _refine(self, ch: _Child, spells: list[_Spell]) -> list[_Spell]:
        """Status-only changes (same carer) and the code changes forced by date."""
        rng = self.rng
        out: list[_Spell] = []
        queue = list(reversed(spells))
        while queue:
            s = queue.pop()
            length = s.end - s.start
            registered = self.estate.registered.get(s.urn) if s.place == "H5" else None
            if registered is not None and s.start < registered:
                # not yet Ofsted-registered: no URN until the provider registers
                if s.end > registered:
                    queue.append(s.copy(start=registered, new_carer=False, rpc="PLACE"))
                    s.end = registered
                s.urn = ""
            elif s.place == "P2" and s.end > _P2_LAST_END:
                d = rng.randint(max(s.start + 1, _P2_LAST_END - 150), _P2_LAST_END)
                queue.append(self._spell(ch, "H5", d, s.end, rpc="CARPL"))
                s.end = d
            elif s.place == "H5" and s.end > _H5_LAST_END:
                d = rng.randint(max(s.start + 1, _K3_FIRST), _H5_LAST_END)
                queue.append(s.copy(start=d, place="K3", new_carer=False, rpc="PLACE"))
                s.end = d
            elif s.place == "Z1" and s.end > _Z1_LAST_END:
                d = rng.randint(max(s.start + 1, _Z1_LAST_END - 90), _Z1_LAST_END)
                place = self._choose_place(ch, d, no_z=True)
                queue.append(self._spell(ch, place, d, s.end, rpc="CARPL"))
                s.end = d
            elif s.place in ("U6", "U3") and length > 400 and rng.random() < 0.45:
                d = s.start + rng.randint(240, min(540, length - 60))
                long_term = "U4" if s.place == "U6" else "U1"
                queue.append(s.copy(start=d, place=long_term, new_carer=False, rpc="CARPL"))
                s.end = d
            elif s.place in _FOSTER and length > 200 and rng.random() < 0.06:
                d = s.start + rng.randint(60, length - 60)
                if s.prov == "PR1":
                    prov, urn = "PR4", self.estate.ifas[rng.randrange(8)][0]
                else:
                    prov, urn = "PR1", self.la.fostering_urn
                queue.append(s.copy(start=d, prov=prov, urn=urn, new_carer=False, rpc="PLACE"))
                s.end = d
            out.append(s)
        return out

    def _not_home_under_s20(self, ch: _Child, spells, ls0, ls_changes) -> list[_Spell]:
        """No placement with parents (P1) while accommodated under section 20 (V2, rule 378):
        such a child lives with relatives or friends (U3) until a care order is made."""
        if not any(s.place == "P1" for s in spells):
            return spells
        bounds = [(spells[0].start, ls0), *ls_changes]
        v2 = [
            (d, bounds[k + 1][0] if k + 1 < len(bounds) else spells[-1].end)
            for k, (d, ls) in enumerate(bounds)
            if ls == "V2"
        ]
        out = []
        for s in spells:
            if s.place == "P1" and any(a < s.end and s.start < b for a, b in v2):
                s = self._spell(ch, "U3", s.start, s.end, new_carer=s.new_carer, rpc=s.rpc)
            out.append(s)
        return out

    def _temps(self, ch: _Child, spells: list[_Spell], ls_changes) -> list[tuple]:
        """Temporary moves (T0-T4) inside ordinary placements, each followed by a return."""
        rng = self.rng
        temps: list[tuple] = []
        blocked = [d for d, _ in ls_changes]
        for s in spells:
            length = s.end - s.start
            if s.place not in _TEMPS_ALLOWED or length < 20:
                continue
            for _ in range(_poisson(rng, length / 365.25 * 0.15)):
                place = _TEMP.pick(rng)
                if place == "T3" and s.place not in _FOSTER:  # foster carer on holiday
                    place = "T4"
                dur = rng.randint(1, 7) if place == "T4" else rng.randint(2, 14)
                t0 = rng.randint(s.start + 3, s.end - 10)
                t1 = t0 + dur
                if t1 > s.end - 2 or any(t0 <= d <= t1 for d in blocked):
                    continue
                if any(a <= t1 and t0 <= b for a, b, _, _ in temps):
                    continue
                if place == "T1":
                    post = self._area("own" if rng.random() < 0.7 else "nbr").hospital
                elif place == "T2":
                    post = "" if rng.random() < 0.4 else self._pc(self._area("far"))
                elif place == "T3":
                    post = self._pc(self.la)
                else:
                    post = self._pc(self._area("own" if rng.random() < 0.6 else "nbr"))
                temps.append((t0, t1, place, post))
        temps.sort()
        return temps

    def _emit(self, ch, start, end, rec, ls0, ls_changes, spells, temps, cin, home) -> None:
        bounds = {start, end}
        bounds.update(s.start for s in spells[1:])
        bounds.update(d for d, _ in ls_changes)
        for t0, t1, _, _ in temps:
            bounds.add(t0)
            bounds.add(t1)
        cuts = sorted(bounds)
        li = si = ti = 0
        cur_ls = ls0
        prev_si, prev_temp, prev_ls = -1, None, ""
        eps = ch.eps
        for i in range(len(cuts) - 1):
            a = cuts[i]
            while li < len(ls_changes) and ls_changes[li][0] <= a:
                cur_ls = ls_changes[li][1]
                li += 1
            while si + 1 < len(spells) and spells[si + 1].start <= a:
                si += 1
            while ti < len(temps) and temps[ti][1] <= a:
                ti += 1
            temp = temps[ti] if ti < len(temps) and temps[ti][0] <= a else None
            sp = spells[si]
            if i == 0:
                rne = "S"
            else:
                ls_changed = cur_ls != prev_ls
                moved = si != prev_si or temp is not prev_temp
                if not moved:
                    rne = "L"
                else:
                    same = temp is None and prev_temp is None and not sp.new_carer
                    rne = ("U" if same else "B") if ls_changed else ("T" if same else "P")
                    if temp is None and prev_temp is None:
                        eps[-1].rpc = sp.rpc
            if temp is not None:
                ep = _Ep(a, cuts[i + 1], rne, cur_ls, cin, temp[2], "", "X1", "", home, temp[3], "")
            else:
                ep = _Ep(
                    a,
                    cuts[i + 1],
                    rne,
                    cur_ls,
                    cin,
                    sp.place,
                    sp.prov,
                    "X1",
                    "",
                    home,
                    sp.post,
                    sp.urn,
                )
            eps.append(ep)
            prev_si, prev_temp, prev_ls = si, temp, cur_ls
        eps[-1].rec = rec

    # ----- short breaks (V3/V4): excluded from CLA counts by users

    def _short_break_child(self, start: int) -> int:
        rng = self.rng
        age_days = int(rng.uniform(4, 15) * 365.25)
        ch = self._new_child(start, False, age_days, short_break=True)
        end = min(start + int(rng.uniform(1, 6) * 365.25), ch.b18 - 30)
        cin = _CIN_SHORT_BREAK.pick(rng)
        # The council's short-break unit, or short-break foster carers: never long-term
        # fostering (U1/U4, rule 384). DfE collects no postcodes for short breaks (398, 420).
        unit_urn, _ = self.la.short_break
        r = rng.random()
        if r < 0.6:
            place, prov, urn = "K2", "PR1", unit_urn
        else:
            place = "U6"
            prov = "PR1" if rng.random() < 0.85 else "PR4"
            urn = self.la.fostering_urn if prov == "PR1" else self.estate.ifas[0][0]
        v4 = rng.random() < 0.15
        ls = "V4" if v4 else "V3"
        t = start
        while t < end:
            if v4:
                t1 = min(t + rng.randint(90, 365), end)
                gap = rng.randint(1, 30)
            else:
                t1 = t + rng.randint(1, 3)
                gap = rng.randint(7, 45)
            rec = "E4A" if rng.random() < self.sb_e4a else "E8"
            ch.eps.append(_Ep(t, t1, "S", ls, cin, place, prov, rec, "", "", "", urn))
            t = t1 + gap
        return ch.eps[-1].dec

    # ----- driver

    def run(self) -> list[_Child]:
        rng = self.rng
        stock: list[int] = []  # end dates of open periods of care
        reentries: list[tuple[int, int, _Child]] = []
        short_breaks: list[int] = []
        sb_target = max(1, round(0.028 * self.target))
        base = 0.4 * self.target / 12
        drift, integral, seq = 1.0, 0.0, 0
        d0 = date.fromordinal(self.sim_start)
        y, m = d0.year, d0.month
        while True:
            month_start = _ORD(date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            month_end = _ORD(date(y, m, 1))
            if month_start > self.horizon:
                break
            if m == 4:
                drift = min(max(drift * math.exp(rng.gauss(0, 0.03)), 0.94), 1.06)
            while stock and stock[0] <= month_start:
                heapq.heappop(stock)
            while short_breaks and short_breaks[0] <= month_start:
                heapq.heappop(short_breaks)
            target = self.target * drift
            error = (target - len(stock)) / target
            integral = min(max(integral + error / 12, -1.0), 1.0)  # removes steady offset
            lam = base * min(max(1 + 3 * error + 2 * integral, 0.1), 3.0)
            starts: list[tuple[int, _Child | None]] = []
            while reentries and reentries[0][0] < month_end:
                t, _, ch = heapq.heappop(reentries)
                starts.append((t, ch))
                lam -= 1
            for _ in range(_poisson(rng, lam)):
                starts.append((month_start + rng.randrange(month_end - month_start), None))
            for t, ch in starts:
                if ch is None:
                    ch = self._entrant(t)
                end, rec = self._period(ch, t)
                heapq.heappush(stock, end)
                if rec in ("E4A", "E4B", "E13") and _age(ch.dob, end) < 16 and rng.random() < 0.2:
                    again = end + rng.randint(30, 1100)
                    if again < ch.b18 - 180:
                        seq += 1
                        heapq.heappush(reentries, (again, seq, ch))
            while len(short_breaks) < sb_target:
                t = month_start + rng.randrange(month_end - month_start)
                heapq.heappush(short_breaks, self._short_break_child(t))
        return self.children


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class EstateSummary:
    """What `generate_estate` wrote (for logging)."""

    out_dir: Path
    la_codes: tuple[str, ...]
    collection_years: tuple[str, ...]
    files_written: int
    rows_written: int

    def __str__(self) -> str:
        return (
            f"{len(self.la_codes)} LA(s), collection years {self.collection_years[0]}.."
            f"{self.collection_years[-1]}, {self.files_written} files, "
            f"{self.rows_written} rows"
        )


class _Dates:
    def __init__(self):
        self.cache: dict[int, str] = {}

    def __call__(self, o: int | None) -> str:
        if o is None:
            return ""
        s = self.cache.get(o)
        if s is None:
            d = date.fromordinal(o)
            s = self.cache[o] = f"{d.day:02d}/{d.month:02d}/{d.year}"
        return s


def _write_csv(path: Path, columns, rows) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return len(rows)


def _core_rows(spans, ys: int, cutoff: int, end_year: int, fmt: _Dates):
    """Header and episode rows of a return covering `ys`..`cutoff`, as at `cutoff`.

    Every episode open at any time in the window; DEC, REC and REASON_PLACE_CHANGE only for
    episodes that ended by `cutoff`. Returns (header rows, episode rows, the children).
    """
    new_sex = end_year >= _SEX_MF_FROM_YEAR_END
    sept = _ORD(date(end_year - 1, 9, 1))
    headers, episodes, present = [], [], []
    for ch, first, last in spans:
        if first > cutoff or last < ys:
            continue
        eps = [e for e in ch.eps if e.decom <= cutoff and e.dec >= ys]
        if not eps:
            continue
        for e in eps:
            closed = e.dec <= cutoff
            episodes.append(
                (
                    ch.cid,
                    fmt(e.decom),
                    e.rne,
                    e.ls,
                    e.cin,
                    e.place,
                    e.prov,
                    fmt(e.dec) if closed else "",
                    e.rec if closed else "",
                    e.rpc if closed else "",
                    e.home,
                    e.post,
                    e.urn,
                )
            )
        # motherhood as known when the child was last looked after in the window (rule 625)
        headers.append(_header_row(ch, new_sex, sept, min(cutoff, eps[-1].dec), fmt))
        present.append(ch)
    return headers, episodes, present


def _header_row(ch, new_sex: bool, sept: int, cutoff: int, fmt: _Dates, in_care=True) -> tuple:
    """A child's header row. MOTHER (0/1, with MC_DOB) for every girl with episodes in the
    return (rules 393, 607); none for a care leaver only in OC3 (rule 628)."""
    sex = ch.sex if new_sex else ("2" if ch.sex == "F" else "1")
    if not ch.upn:
        upn = "UN2"
    elif _age(ch.dob, sept) < 4:
        upn = "UN1"
    else:
        upn = ch.upn
    mother = mc_dob = ""
    if ch.sex == "F" and in_care:
        if ch.mc_dob is not None and ch.mc_dob <= cutoff:
            mother, mc_dob = "1", fmt(ch.mc_dob)
        else:
            mother = "0"
    return (ch.cid, sex, fmt(ch.dob_ord), ch.ethnic, upn, mother, mc_dob)


def _return_tables(tables, spans, label, ys, cutoff, end_year, fmt, *, annual):
    """{table: (columns, rows)} of every 903 table the return (or monthly extract) holds."""
    headers, episodes, present = _core_rows(spans, ys, cutoff, end_year, fmt)
    rows = tables.rows(present, label, ys, cutoff, end_year, annual=annual)
    # Care leavers reported only in OC3 are children of the return too: a header row each,
    # as the XML form's CHILD element holds a HEADER for every child.
    in_header = {ch.cid for ch in present}
    leavers_only = {r[0] for r in rows["oc3"]} - in_header
    if leavers_only:
        sept = _ORD(date(end_year - 1, 9, 1))
        new_sex = end_year >= _SEX_MF_FROM_YEAR_END
        headers = sorted(
            headers
            + [
                _header_row(ch, new_sex, sept, cutoff, fmt, in_care=False)
                for ch, _ in tables.leavers
                if ch.cid in leavers_only
            ]
        )
    rows["header"], rows["episodes"] = headers, episodes
    return {
        t: (columns, rows[t])
        for t, columns in tables_for_year(end_year).items()
        if annual or t != "oc2"
    }


def _write_la(out_dir: Path, ctx: LaContext, fmt: _Dates) -> Written:
    """One LA's annual returns (CSV files and the XML form) and monthly in-year extracts."""
    la = ctx.la
    written = Written()
    children = sorted(ctx.children, key=lambda c: c.cid)
    spans = [(c, c.eps[0].decom, c.eps[-1].dec) for c in children if c.eps]
    tables = Tables(ctx, fmt)
    for label, ys, ye in ctx.years:
        end_year = int(label[:4]) + 1
        found = _return_tables(tables, spans, label, ys, ye, end_year, fmt, annual=True)
        base = out_dir / la.code / "ssda903" / label
        for t, (columns, rows) in found.items():
            written.add(_write_csv(base / "csv" / f"{t}.csv", columns, rows))
        xml_path = base / "xml" / f"ssda903_{label}.xml"
        written.add(write_xml(xml_path, found, la_number=la.la_number, year_end=end_year))
    for month in ctx.months:
        d = date.fromordinal(month.last)
        end_year = d.year + 1 if d.month >= 4 else d.year
        ys = _ORD(date(end_year - 1, 4, 1))
        label = f"{end_year - 1}-{end_year % 100:02d}"
        found = _return_tables(tables, spans, label, ys, month.last, end_year, fmt, annual=False)
        base = out_dir / la.code / "cms_monthly" / month.label
        for t, (columns, rows) in found.items():
            written.add(_write_csv(base / f"{t}.csv", columns, rows))
    return written


def generate_estate(
    out_dir: Path,
    *,
    seed: int = 903,
    n_las: int = 1,
    cla_per_la: int = 500,
    years: int = 8,
    last_year_end: int = 2026,
    months: int = 7,
) -> EstateSummary:
    """Write a fictional estate of SSDA903 returns plus reference data under `out_dir`.

    `n_las` responsible LAs (codes E06099001..., LA numbers 901...), each with about
    `cla_per_la` children looked after at 31 March, and one return per collection year for
    the `years` years ending 31 March `last_year_end` (e.g. 2018-19 ... 2025-26), then
    `months` monthly in-year extracts of the next collection year (default April to October,
    so the estate is "as at" 31 October). The Virtual School, health, leaving-care and voice
    sources describe the same children.

    It also writes DfE's LA-level publication for the generated LAs' statistical neighbours
    that are not generated themselves (`benchmarks/ees_la_level_<YYYYYY>.csv`, one file per
    DfE release, one release per collection year), so a single council has neighbours to
    compare with. Those figures are synthetic too: England's published figure times a
    made-up factor per council and indicator (synthetic/benchmarks.py), not DfE data.
    """
    if not 1 <= n_las <= MAX_LAS:
        raise ValueError(f"n_las must be between 1 and {MAX_LAS}")
    if years < 1 or cla_per_la < 1:
        raise ValueError("years and cla_per_la must be at least 1")
    out_dir = Path(out_dir)
    if not 0 <= months <= 11:
        raise ValueError("months must be between 0 and 11")
    cyears = collection_years(years, last_year_end)
    in_year = months_after(last_year_end, months)
    sim_start = _ORD(date(last_year_end - years - BURN_IN_YEARS, 4, 1))
    horizon = in_year[-1].last if in_year else cyears[-1][2]
    estate = _build_estate(seed, n_las, cla_per_la)
    fmt = _Dates()
    rows = files = 0
    for la in estate.las:
        children = _LASim(estate, la, seed, sim_start, horizon).run()
        ctx = LaContext(seed, la, estate, children, cyears, in_year)
        written = _write_la(out_dir, ctx, fmt)
        written += write_domains(out_dir, ctx)
        files += written.files
        rows += written.rows

    ref = out_dir / "reference"
    pc_rows = sorted(
        (pc, e, n, area.code, area.code) for area in estate.all_areas() for pc, e, n in area.rows
    )
    rows += _write_csv(ref / "postcodes.csv", POSTCODE_COLUMNS, pc_rows)
    la_rows = [
        (a.code, a.la_number, a.name, a.region, a.population)
        for a in [*estate.las, *estate.neighbours, *estate.distant]
    ]
    rows += _write_csv(ref / "local_authorities.csv", LA_COLUMNS, la_rows)
    files += 2
    extras = write_reference_extras(out_dir, estate, cyears, seed)
    extras += write_neighbour_figures(
        out_dir,
        la_codes=tuple(a.code for a in estate.las),
        identify=_responsible_la_identity,
        years=cyears,
        seed=seed,
        cla_per_la=cla_per_la,
    )
    files += extras.files
    rows += extras.rows
    return EstateSummary(
        out_dir=out_dir,
        la_codes=tuple(a.code for a in estate.las),
        collection_years=tuple(label for label, _, _ in cyears),
        files_written=files,
        rows_written=rows,
    )
