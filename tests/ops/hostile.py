"""Hostile import files, generated cheaply (streamed into the ZIP or file, never held whole)."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>")
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="units" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
_HEADER_ROW = ('<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
    for col, name in zip("ABCDE", ["code", "name", "kind", "parent code", "fields"], strict=True))
    + "</row>")


def _xlsx(path: Path, rows: int, shared_string_chars: int = 0, chunk: int = 1 << 20) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                     b'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            left = shared_string_chars
            block = b"A" * chunk
            while left > 0:
                fh.write(block[:min(left, chunk)])
                left -= chunk
            fh.write(b"</t></si></sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(_SHEET_HEAD.encode())
            fh.write(_HEADER_ROW.encode())
            if shared_string_chars:
                fh.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>X1</t></is></c>'
                         b'<c r="B2" t="s"><v>0</v></c></row>')
            buf: list[str] = []
            for n in range(2, rows + 2):
                buf.append(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>U{n}</t></is></c>'
                           f'<c r="B{n}" t="inlineStr"><is><t>Unit {n}</t></is></c></row>')
                if len(buf) >= 10_000:
                    fh.write("".join(buf).encode())
                    buf.clear()
            fh.write("".join(buf).encode())
            fh.write(_SHEET_TAIL.encode())
    return path


def huge_shared_string(path: Path, chars: int = 400 * 1024 * 1024) -> Path:
    """A small XLSX whose one shared string is ``chars`` long (the 400 MB string of the issue)."""
    return _xlsx(path, rows=0, shared_string_chars=chars)


def many_rows_xlsx(path: Path, rows: int = 1_000_000) -> Path:
    return _xlsx(path, rows=rows)


def many_rows_csv(path: Path, rows: int = 1_000_000) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("code,name,kind,parent code,fields\n")
        for start in range(0, rows, 10_000):
            fh.write("".join(f"U{n},Unit {n},co_quan,,buu_chinh\n"
                             for n in range(start, min(rows, start + 10_000))))
    return path


def long_cell_csv(path: Path, chars: int) -> Path:
    path.write_text(f"code,name\nU1,{'A' * chars}\n", encoding="utf-8")
    return path


def zip_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """An XLSX-shaped ZIP with one member of ``unpacked_mb`` zeros (about 1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                fh.write(block)
    return path
