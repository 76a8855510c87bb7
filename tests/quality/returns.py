"""Small hand-made SSDA903 returns for the rule tests, and one that passes every rule.

`clean_return()` is a 2024-25 return of five children who between them touch every 903
table: a boy in long-term foster care all year (OC2, reviews, social worker), a care leaver
aged 19 (OC3), a toddler who started this year (previous permanence), a child adopted this
year (AD1, placed for adoption) and an unaccompanied asylum-seeking young person who went
missing once. It comes with last year's return. Every ported rule must pass on it
(`test_clean_return_passes_every_rule`); a rule's own test changes one thing to break it.

Values are written as the CSV carries them: dd/mm/yyyy dates, codes as text, blank = "".
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field

from corporate_parenting.quality.prepare import EPISODE_DERIVED, table_columns
from corporate_parenting.quality.rules import TABLES

LA = "E06099001"
PROVIDER_URN = "SC123456"
PROVIDER_POSTCODE = "HF2 3RQ"
HOME_POSTCODE = "HF1 1AA"


def child_key(child: str, la_code: str = LA) -> str:
    """Tests do not need the HMAC: any stable key per child and LA will do."""
    return f"k-{la_code}-{child}"


@dataclass
class Return:
    """One collection year's return (or the in-year extract) as rows per table."""

    collection_year: str = "2024-25"
    la_code: str = LA
    in_year: bool = False
    month: str | None = None  # for an in-year extract: the extract's month, e.g. '2026-10'
    tables: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {t: [] for t in TABLES})
    last_year: Return | None = None

    def add(self, table: str, **values: str) -> dict[str, str]:
        """Add a row; unknown column names fail loudly, missing ones are blank."""
        columns = table_columns(table) + (EPISODE_DERIVED if table == "episodes" else ())
        row = {c: "" for c in columns}
        for name, value in values.items():
            key = name.lower()
            if key not in row:
                raise KeyError(f"{table} has no column {name}")
            row[key] = value
        self.tables[table].append(row)
        return row

    def rows(self, table: str, **match: str) -> list[dict[str, str]]:
        """The rows of a table whose columns equal `match` (to change them in a test)."""
        return [r for r in self.tables[table] if all(r[k.lower()] == v for k, v in match.items())]

    def row(self, table: str, **match: str) -> dict[str, str]:
        found = self.rows(table, **match)
        if len(found) != 1:
            raise LookupError(f"{len(found)} {table} rows match {match}")
        return found[0]

    def remove(self, table: str, **match: str) -> None:
        doomed = self.rows(table, **match)
        if not doomed:
            raise LookupError(f"No {table} row matches {match}")
        self.tables[table] = [r for r in self.tables[table] if r not in doomed]

    def copy(self) -> Return:
        return copy.deepcopy(self)

    # -- loading ---------------------------------------------------------------------------
    @property
    def period(self) -> str:
        return self.month if self.in_year else self.collection_year

    def raw_table(self, table: str) -> str:
        return f"raw.{'cms_monthly' if self.in_year else 'ssda903'}_{table}"

    def insert(self, cur) -> None:
        batch = str(uuid.uuid4())
        for table, rows in self.tables.items():
            folder = f"cms_monthly/{self.month}" if self.in_year else "ssda903/{}/csv"
            source_file = f"{self.la_code}/{folder.format(self.collection_year)}/{table}.csv"
            for number, row in enumerate(rows, start=2):
                values = dict(row)
                values.update(
                    child_key=child_key(row["child"], self.la_code) if row["child"] else None,
                    _batch_id=batch,
                    _source_file=source_file,
                    _row_number=number,
                    _la_code=self.la_code,
                    _period=self.period,
                )
                columns = ", ".join(values)
                marks = ", ".join(["%s"] * len(values))
                cur.execute(
                    f"insert into {self.raw_table(table)} ({columns}, _loaded_at) "
                    f"values ({marks}, now())",
                    list(values.values()),
                )
        if self.last_year is not None:
            self.last_year.insert(cur)


@dataclass
class Reference:
    """The Ofsted providers and postcodes a return's rules look up."""

    providers: list[dict[str, str]] = field(default_factory=list)
    postcodes: list[dict[str, str]] = field(default_factory=list)

    def insert(self, cur) -> None:
        batch = str(uuid.uuid4())
        for table, rows in (("ofsted_providers", self.providers), ("postcodes", self.postcodes)):
            for number, row in enumerate(rows, start=2):
                values = dict(row)
                values.update(
                    _batch_id=batch,
                    _source_file=f"reference/{table}.csv",
                    _row_number=number,
                    _la_code="ALL",
                    _period="reference",
                )
                columns = ", ".join(values)
                marks = ", ".join(["%s"] * len(values))
                cur.execute(
                    f"insert into raw.reference_{table} ({columns}, _loaded_at) "
                    f"values ({marks}, now())",
                    list(values.values()),
                )


def clean_reference() -> Reference:
    return Reference(
        providers=[
            {
                "urn": PROVIDER_URN,
                "provider_type": "Local authority fostering agency",
                "setting_name": "Hartfield Fostering",
                "postcode": PROVIDER_POSTCODE,
                "la_code": LA,
                "overall_effectiveness": "Good",
                "inspection_date": "12/05/2022",
            },
            {
                "urn": "1234567",
                "provider_type": "Local authority adoption agency",
                "setting_name": "Hartfield Adoption",
                "postcode": "HF3 4AB",
                "la_code": LA,
                "overall_effectiveness": "Good",
                "inspection_date": "20/09/2021",
            },
            {
                "urn": "2345678",
                "provider_type": "Supported accommodation",
                "setting_name": "Hartfield Supported Living",
                "postcode": PROVIDER_POSTCODE,
                "la_code": LA,
                "overall_effectiveness": "Good",
                "inspection_date": "15/03/2024",
            },
        ],
        postcodes=[
            {"pcds": HOME_POSTCODE, "oseast1m": "400000", "osnrth1m": "300000", "laua": LA},
            {"pcds": PROVIDER_POSTCODE, "oseast1m": "402000", "osnrth1m": "301000", "laua": LA},
            {"pcds": "HF3 4AB", "oseast1m": "405000", "osnrth1m": "303000", "laua": LA},
        ],
    )


def _foster_episode(ret: Return, **values: str) -> dict[str, str]:
    defaults = {
        "RNE": "S",
        "LS": "C2",
        "CIN": "N1",
        "PLACE": "U4",
        "PLACE_PROVIDER": "PR1",
        "HOME_POST": HOME_POSTCODE,
        "PL_POST": PROVIDER_POSTCODE,
        "URN": PROVIDER_URN,
        "pl_distance": "1.4",
        "pl_la": LA,
        "pl_location": "IN",
        "home_district": "HF1",
        "pl_district": "HF2",
    }
    defaults.update(values)
    return ret.add("episodes", **defaults)


def _last_year() -> Return:
    last = Return(collection_year="2023-24")
    # C1: in the same foster placement all year.
    last.add("header", CHILD="C1", SEX="1", DOB="15/06/2012", ETHNIC="WBRI", UPN="A901234567012")
    _foster_episode(last, CHILD="C1", DECOM="10/01/2022")
    last.add(
        "oc2",
        CHILD="C1",
        DOB="15/06/2012",
        SDQ_SCORE="14",
        CONVICTED="0",
        IMMUNISATIONS="1",
        TEETH_CHECK="1",
        HEALTH_ASSESSMENT="1",
        SUBSTANCE_MISUSE="0",
    )
    last.add("reviews", CHILD="C1", DOB="15/06/2012", REVIEW="20/06/2023", REVIEW_CODE="PN1")
    last.add(
        "sw_episodes",
        CHILD="C1",
        DOB="15/06/2012",
        SW_ID="SW123456",
        SW_DECOM="01/02/2023",
        SW_REASON="MANAGE",
    )
    # C2: left care on her 18th birthday, in the year ending 31 March 2024.
    last.add("header", CHILD="C2", SEX="2", DOB="10/09/2005", ETHNIC="WBRI", UPN="UN2", MOTHER="0")
    _foster_episode(
        last,
        CHILD="C2",
        DECOM="03/03/2019",
        PLACE="U4",
        DEC="10/09/2023",
        REC="E17",
        REASON_PLACE_CHANGE="",
    )
    last.add("oc3", CHILD="C2", DOB="10/09/2005", IN_TOUCH="YES", ACTIV="F2", ACCOM="U1")
    last.add(
        "sw_episodes",
        CHILD="C2",
        DOB="10/09/2005",
        SW_ID="SW223344",
        SW_DECOM="01/01/2023",
        SW_DEC="10/09/2023",
        SW_REASON="MANAGE",
    )
    # C4: in foster care, then a placement order; the adoption follows this year.
    last.add("header", CHILD="C4", SEX="1", DOB="03/03/2021", ETHNIC="WBRI", UPN="UN1")
    _foster_episode(
        last,
        CHILD="C4",
        DECOM="01/02/2022",
        LS="C2",
        DEC="01/06/2023",
        REC="X1",
        REASON_PLACE_CHANGE="",
    )
    _foster_episode(last, CHILD="C4", DECOM="01/06/2023", RNE="L", LS="E1")
    last.add(
        "oc2",
        CHILD="C4",
        DOB="03/03/2021",
        SDQ_REASON="",
        HEALTH_CHECK="1",
        IMMUNISATIONS="1",
        TEETH_CHECK="1",
        HEALTH_ASSESSMENT="1",
        SUBSTANCE_MISUSE="0",
    )
    last.add("placed_for_adoption", CHILD="C4", DOB="03/03/2021", DATE_PLACED="10/04/2023")
    last.add("reviews", CHILD="C4", DOB="03/03/2021", REVIEW="15/07/2023", REVIEW_CODE="PN0")
    last.add(
        "sw_episodes",
        CHILD="C4",
        DOB="03/03/2021",
        SW_ID="SW334455",
        SW_DECOM="01/02/2022",
        SW_REASON="MANAGE",
    )
    return last


def clean_return() -> Return:
    """A 2024-25 return (with last year's) that passes every ported rule."""
    ret = Return(collection_year="2024-25")
    ret.last_year = _last_year()

    # C1: boy aged 12, in the same long-term foster placement since January 2022.
    ret.add("header", CHILD="C1", SEX="M", DOB="15/06/2012", ETHNIC="WBRI", UPN="A901234567012")
    _foster_episode(ret, CHILD="C1", DECOM="10/01/2022")
    ret.add(
        "oc2",
        CHILD="C1",
        DOB="15/06/2012",
        SDQ_SCORE="12",
        CONVICTED="0",
        IMMUNISATIONS="1",
        TEETH_CHECK="1",
        HEALTH_ASSESSMENT="1",
        SUBSTANCE_MISUSE="0",
    )
    ret.add("reviews", CHILD="C1", DOB="15/06/2012", REVIEW="18/06/2024", REVIEW_CODE="PN1")
    ret.add("reviews", CHILD="C1", DOB="15/06/2012", REVIEW="10/12/2024", REVIEW_CODE="PN1")
    ret.add(
        "sw_episodes",
        CHILD="C1",
        DOB="15/06/2012",
        SW_ID="SW123456",
        SW_DECOM="01/02/2023",
        SW_REASON="MANAGE",
    )

    # C2: care leaver, 19th birthday this year, in touch, in education, suitable housing.
    ret.add("header", CHILD="C2", SEX="F", DOB="10/09/2005", ETHNIC="WBRI", UPN="UN2")
    ret.add("oc3", CHILD="C2", DOB="10/09/2005", IN_TOUCH="YES", ACTIV="F2", ACCOM="U1")

    # C3: boy aged 4, started to be looked after in July 2024 with his grandparents.
    ret.add("header", CHILD="C3", SEX="M", DOB="01/05/2020", ETHNIC="WIRI", UPN="UN1")
    _foster_episode(
        ret, CHILD="C3", DECOM="15/07/2024", LS="C1", CIN="N2", PLACE="U3", PLACE_PROVIDER="PR1"
    )
    ret.add("previous_permanence", CHILD="C3", DOB="01/05/2020", PREV_PERM="Z1")
    ret.add("reviews", CHILD="C3", DOB="01/05/2020", REVIEW="10/08/2024", REVIEW_CODE="PN1")
    ret.add("reviews", CHILD="C3", DOB="01/05/2020", REVIEW="10/01/2025", REVIEW_CODE="PN1")
    ret.add(
        "sw_episodes",
        CHILD="C3",
        DOB="01/05/2020",
        SW_ID="SW445566",
        SW_DECOM="15/07/2024",
        SW_REASON="MANAGE",
    )

    # C4: placed for adoption in October 2024 and adopted in February 2025.
    ret.add("header", CHILD="C4", SEX="M", DOB="03/03/2021", ETHNIC="WBRI", UPN="UN1")
    _foster_episode(
        ret,
        CHILD="C4",
        DECOM="01/06/2023",
        RNE="L",
        LS="E1",
        DEC="01/10/2024",
        REC="X1",
        REASON_PLACE_CHANGE="APPRR",
    )
    _foster_episode(
        ret,
        CHILD="C4",
        DECOM="01/10/2024",
        RNE="P",
        LS="E1",
        PLACE="A4",
        PLACE_PROVIDER="PR1",
        PL_POST="HF3 4AB",
        URN="1234567",
        DEC="15/02/2025",
        REC="E11",
        pl_distance="6.4",
        pl_district="HF3",
    )
    ret.add(
        "ad1",
        CHILD="C4",
        DOB="03/03/2021",
        DATE_INT="10/04/2023",
        DATE_MATCH="20/08/2024",
        FOSTER_CARE="0",
        NB_ADOPTR="2",
        SEX_ADOPTR="MF",
        LS_ADOPTR="L11",
    )
    ret.add("placed_for_adoption", CHILD="C4", DOB="03/03/2021", DATE_PLACED="10/04/2023")
    ret.add("reviews", CHILD="C4", DOB="03/03/2021", REVIEW="15/07/2024", REVIEW_CODE="PN0")
    ret.add(
        "sw_episodes",
        CHILD="C4",
        DOB="03/03/2021",
        SW_ID="SW334455",
        SW_DECOM="01/02/2022",
        SW_DEC="15/02/2025",
        SW_REASON="MANAGE",
    )

    # C5: unaccompanied asylum-seeking young man aged 16, in supported accommodation.
    ret.add("header", CHILD="C5", SEX="M", DOB="12/12/2007", ETHNIC="OOTH", UPN="UN2")
    _foster_episode(
        ret,
        CHILD="C5",
        DECOM="05/05/2024",
        LS="V2",
        CIN="N8",
        PLACE="K3",
        PLACE_PROVIDER="PR4",
        HOME_POST="",
        URN="2345678",
        pl_distance="",
        home_district="",
        pl_location="IN",
    )
    ret.add("uasc", CHILD="C5", SEX="M", DOB="12/12/2007", DUC="12/12/2025")
    ret.add("previous_permanence", CHILD="C5", DOB="12/12/2007", PREV_PERM="Z1")
    ret.add(
        "missing",
        CHILD="C5",
        DOB="12/12/2007",
        MISSING="M",
        MIS_START="10/09/2024",
        MIS_END="11/09/2024",
    )
    ret.add("reviews", CHILD="C5", DOB="12/12/2007", REVIEW="01/06/2024", REVIEW_CODE="PN1")
    ret.add("reviews", CHILD="C5", DOB="12/12/2007", REVIEW="20/11/2024", REVIEW_CODE="PN1")
    ret.add(
        "sw_episodes",
        CHILD="C5",
        DOB="12/12/2007",
        SW_ID="SW556677",
        SW_DECOM="05/05/2024",
        SW_REASON="MANAGE",
    )
    return ret
