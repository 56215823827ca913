#!/usr/bin/env python3
# make_samples.py - writes the small malformed (and one good) .xlsx samples
# of tests/cli/test_xlsx.sh into this folder, by hand with zipfile, so each
# is a few hundred bytes and its fault is exactly the one named. Run it again
# after changing it: python3 tests/data/xlsx/make_samples.py
# Not for: the round trips (the tests make those from real templates).
import os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
      'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')

def cell(ref, v):
    if isinstance(v, tuple):  # ("f", formula, cached)
        return f'<c r="{ref}"><f>{v[1]}</f><v>{v[2]}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'

def sheet(rows, doctype=""):
    body = "".join(f'<row r="{r}">' + "".join(cell(ref, v) for ref, v in cells) + "</row>"
                   for r, cells in rows)
    return f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet {NS}><sheetData>{body}</sheetData></worksheet>'

def book(path, sheets):
    wb = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
    with zipfile.ZipFile(os.path.join(HERE, path), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets>{wb}</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
                   'http://schemas.openxmlformats.org/package/2006/relationships">' + rels + '</Relationships>')
        for i, (_, xml) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)

HEAD = (6, [("B6", "Mã chỉ tiêu"), ("E6", "Số liệu"), ("H6", "Mã đơn vị"), ("I6", "Kỳ")])
def values(e7):
    return sheet([HEAD, (7, [("B7", "KT01"), ("E7", e7), ("H7", "01837"), ("I7", "202207")])])

# good: a plain layout (English header on row 1), read as values
book("plain_ok.xlsx", [("Sheet1", sheet([(1, [("A1", "indicator"), ("B1", "unit"), ("C1", "period"), ("D1", "value")]),
                                         (2, [("A2", "KT01"), ("B2", "01837"), ("C2", "202207"), ("D2", "1.739,5")]),
                                         (3, [("A3", "KT03"), ("B3", "01837"), ("C3", "202207"), ("D3", 24252.92)])]))])
book("text_in_number.xlsx", [("Số liệu", values("abc"))])
book("formula.xlsx", [("Số liệu", values(("f", "SUM(A1:A3)", 12)))])
book("wrong_sheet.xlsx", [("Sheet1", values(1)), ("Sheet2", values(2))])
book("doctype.xlsx", [("Số liệu", sheet([HEAD], '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]>'))])
with zipfile.ZipFile(os.path.join(HERE, "no_workbook.xlsx"), "w") as z:
    z.writestr("readme.txt", "một tệp zip, không phải bảng tính\n")
good = open(os.path.join(HERE, "text_in_number.xlsx"), "rb").read()
# a damaged entry: stored (not compressed), one byte of the sheet changed, so its CRC no longer matches
src = zipfile.ZipFile(os.path.join(HERE, "text_in_number.xlsx"))
with zipfile.ZipFile(os.path.join(HERE, "crc_error.xlsx"), "w", zipfile.ZIP_STORED) as z:
    for n in src.namelist():
        z.writestr(n, src.read(n))
bad = bytearray(open(os.path.join(HERE, "crc_error.xlsx"), "rb").read())
bad[bad.find(b"KT01")] = ord("X")
open(os.path.join(HERE, "crc_error.xlsx"), "wb").write(bad)
open(os.path.join(HERE, "truncated.xlsx"), "wb").write(good[: len(good) * 2 // 3])
open(os.path.join(HERE, "not_a_zip.xlsx"), "w").write("Đây là một tệp văn bản, không phải bảng tính\n")
open(os.path.join(HERE, "old_excel.xls"), "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(56))
