"""A small, fast XLSX writer for the synthetic health workbooks.

openpyxl spends most of the generator's time serialising cells one by one; a workbook is only
a zip of a few XML parts, so writing those parts directly is an order of magnitude faster.
Strings are inline, numbers plain, dates Excel serial numbers with a date format, exactly
what Excel writes for a typed date; openpyxl and Excel read the result as usual.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

# ruff: noqa: E501 - the XML parts read best on one line each

_EPOCH = date(1899, 12, 30).toordinal()

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{sheets}"
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _cell(ref: str, value, header: bool = False) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f'<c r="{ref}" s="1"><v>{value.toordinal() - _EPOCH}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    style = ' s="2"' if header else ""
    return f'<c r="{ref}" t="inlineStr"{style}><is><t>{escape(str(value))}</t></is></c>'


def _sheet_xml(columns, rows) -> str:
    letters = [_column(i) for i in range(len(columns))]
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
    ]
    cells = "".join(_cell(f"{c}1", v, header=True) for c, v in zip(letters, columns, strict=True))
    parts.append(f'<row r="1">{cells}</row>')
    for n, row in enumerate(rows, start=2):
        cells = "".join(_cell(f"{c}{n}", v) for c, v in zip(letters, row, strict=True))
        parts.append(f'<row r="{n}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def _put(book: zipfile.ZipFile, name: str, text: str) -> None:
    """One part, stamped with a fixed time: the same workbook is the same bytes every run."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    book.writestr(info, text)


def write_workbook(path: Path, sheets: dict[str, tuple[tuple[str, ...], list]]) -> int:
    """Write `{sheet name: (columns, rows)}` as an .xlsx file; returns the data rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(sheets)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        types = "".join(_SHEET_TYPE.format(n=i) for i in range(1, len(names) + 1))
        _put(book, "[Content_Types].xml", _CONTENT_TYPES.format(sheets=types))
        _put(book, "_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        _put(book, "xl/workbook.xml", _WORKBOOK.format(sheets=entries))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        _put(book, "xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheets=rels))
        _put(book, "xl/styles.xml", _STYLES)
        rows = 0
        for i, name in enumerate(names, start=1):
            columns, data = sheets[name]
            _put(book, f"xl/worksheets/sheet{i}.xml", _sheet_xml(columns, data))
            rows += len(data)
    return rows
