"""One test case per rule: the clean return broken in one place, and a near miss that passes.

A `Case` names the rule, the child whose record breaks it, how to break the clean return and,
optionally, how to change it so the rule is *nearly* broken but passes (a boundary day, the
other code of a pair). `assert_case` checks both, through the rule's real query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.quality.returns import Reference, Return, clean_reference, clean_return

Change = Callable[[Return], None]


@dataclass(frozen=True)
class Case:
    code: str
    child: str  # the child the rule must report (and no other)
    breaks: Change
    passes: Change | None = None  # a near miss that must pass; default: the clean return
    reference: Callable[[Reference], None] | None = None  # change the reference data too
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.code}-{self.label}" if self.label else self.code

    def _reference(self) -> Reference:
        ref = clean_reference()
        if self.reference:
            self.reference(ref)
        return ref

    def broken(self) -> Return:
        ret = clean_return()
        self.breaks(ret)
        return ret

    def passing(self) -> Return:
        ret = clean_return()
        if self.passes:
            self.passes(ret)
        return ret


def assert_case(case: Case, check_rule) -> None:
    reported = check_rule(case.code, case.broken(), case._reference())
    assert reported, f"rule {case.code} did not report the broken record of {case.child}"
    assert {r["child"] for r in reported} == {case.child}, (
        f"rule {case.code} reported {sorted({r['child'] for r in reported})}, "
        f"expected only {case.child}"
    )
    assert {"_source_file", "_row_number", "child_key"} <= set(reported[0])
    passed = check_rule(case.code, case.passing(), case._reference())
    assert passed == [], f"rule {case.code} reported a record that is valid: {passed}"


def change(table: str, match: dict[str, str], **values: str) -> Change:
    """A Change that sets `values` on the one row of `table` matching `match`."""

    def apply(ret: Return) -> None:
        ret.row(table, **match).update({k.lower(): v for k, v in values.items()})

    return apply


def last_year(inner: Change) -> Change:
    """Apply a change to last year's return instead."""

    def apply(ret: Return) -> None:
        assert ret.last_year is not None
        inner(ret.last_year)

    return apply


def both(*changes: Change) -> Change:
    def apply(ret: Return) -> None:
        for c in changes:
            c(ret)

    return apply
