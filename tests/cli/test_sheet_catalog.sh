#!/usr/bin/env bash
# test_sheet_catalog.sh - the catalogue workbook (issue #13: rules are managed
# from the catalogue workbook): `chitieu sheet catalog` writes every rule on
# the sheet "Quy tắc kiểm tra" (Vietnamese headers on row 4, the importance
# as lỗi / cảnh báo, drop-downs, a frozen header) and the indicators on a
# protected reference sheet "Chỉ tiêu"; read back unchanged it changes
# nothing; a rule edited and one added in the .xlsx (the sheet's XML
# rewritten here, as another writer would) and in the CSV are what
# `chitieu rule list` shows after the import, a dry run writing nothing;
# rules left out are kept, or removed only with --replace; a bad row (unknown
# indicator, bad operator, two frequencies, empty or repeated code, bad
# importance) refuses the whole file naming the sheet, the cell and the
# rule, with a good edit in the same file not written; a workbook re-saved by
# LibreOffice reads back unchanged, when soffice is installed.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: needs python3"; exit 0; }

"$BIN" demo >/dev/null || { bad "demo failed"; finish; exit; }
cd "$TMP"

# xl.py FILE.xlsx cells SHEET: "A4=Mã quy tắc" lines of a sheet (shared and inline strings)
# xl.py IN OUT set CODE COL TEXT ... | add COL=TEXT,...: rewrites the rules sheet's XML
cat >xl.py <<'PY'
import re, sys, zipfile
from xml.sax.saxutils import escape, unescape

def book(path):
    z = zipfile.ZipFile(path)
    return z, {n: z.read(n) for n in z.namelist()}

def shared(parts):
    x = parts.get("xl/sharedStrings.xml", b"").decode()
    return [unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S))) for si in re.findall(r"<si>(.*?)</si>", x, re.S)]

def sheet_part(parts, name):
    wb = parts["xl/workbook.xml"].decode()
    ids = re.findall(r'<sheet name="([^"]*)" sheetId="\d+" r:id="(rId\d+)"', wb)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    for n, rid in ids:
        if unescape(n) == name:
            target = re.search(r'Id="%s"[^>]*Target="([^"]*)"' % rid, rels) or \
                     re.search(r'Target="([^"]*)"[^>]*Id="%s"' % rid, rels)
            return "xl/" + target.group(1).lstrip("/").replace("xl/", "")
    sys.exit("no sheet " + name)

def cells(parts, part):
    ss = shared(parts)
    out = {}
    for m in re.finditer(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', parts[part].decode(), re.S):
        ref, attrs, body = m.group(1), m.group(2), m.group(3) or ""
        v = re.search(r"<v>(.*?)</v>", body, re.S)
        if 't="s"' in attrs and v:
            out[ref] = ss[int(v.group(1))]
        elif 't="inlineStr"' in attrs:
            out[ref] = unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", body, re.S)))
        elif v:
            out[ref] = unescape(v.group(1))
    return out

def inline(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(text))

if sys.argv[2] == "cells":
    z, parts = book(sys.argv[1])
    for ref, v in cells(parts, sheet_part(parts, sys.argv[3])).items():
        print(f"{ref}={v}")
    sys.exit()

src, dst, args = sys.argv[1], sys.argv[2], sys.argv[3:]
z, parts = book(src)
part = sheet_part(parts, "Quy tắc kiểm tra")
x = parts[part].decode()
have = cells(parts, part)
last = max(int(re.sub(r"[A-Z]", "", r)) for r in have)
while args:
    if args[0] == "set":
        code, col, text = args[1:4]
        args = args[4:]
        row = next(int(r[1:]) for r, v in have.items() if r.startswith("A") and v == code)
        ref = f"{col}{row}"
        pat = r'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref
        if re.search(pat, x, re.S):
            x = re.sub(pat, lambda _: inline(ref, text), x, count=1, flags=re.S)
        else:
            x = re.sub(r'(<row r="%d"[^>]*>.*?)(</row>)' % row, lambda m: m.group(1) + inline(ref, text) + m.group(2),
                       x, count=1, flags=re.S)
    elif args[0] == "add":
        last += 1
        cols = dict(kv.split("=", 1) for kv in args[1].split("|"))
        args = args[2:]
        row = '<row r="%d">%s</row>' % (last, "".join(inline(f"{c}{last}", t) for c, t in sorted(cols.items())))
        x = x.replace("</sheetData>", row + "</sheetData>")
    else:
        sys.exit("bad args")
parts[part] = x.encode()
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for n in z.namelist():
        o.writestr(n, parts[n])
PY
xl() { python3 xl.py "$@"; }
rules() { "$BIN" rule list; }

# ---- the workbook -------------------------------------------------------------------
expect_ok "catalogue xlsx" sheet catalog --out c.xlsx
[ -s c.xlsx ] && ok || bad "catalog: no file"
ls c.xlsx.tmp-* >/dev/null 2>&1 && bad "catalog: a temporary file was left" || ok
R=$(xl c.xlsx cells "Quy tắc kiểm tra")
I=$(xl c.xlsx cells "Chỉ tiêu")
eq "the rules header (row 4)" "Mã quy tắc|Tên|Vế trái|Phép so sánh|Vế phải|Mức độ" \
  "$(grep -E '^[A-F]4=' <<<"$R" | cut -d= -f2- | paste -sd'|')"
row_of() { grep -E "^A[0-9]+=$1\$" <<<"$R" | head -1 | sed -E 's/^A([0-9]+)=.*/\1/'; }
r=$(row_of BHYT_DS)
eq "an error rule's row" "BHYT|<=|DS|lỗi" "$(grep -E "^[CDEF]$r=" <<<"$R" | cut -d= -f2- | paste -sd'|')"
r=$(row_of KT15_KT01)
eq "a warning rule is shown as cảnh báo" "cảnh báo" "$(grep -E "^F$r=" <<<"$R" | cut -d= -f2-)"
eq "every rule has its row" "$(rules | tail -1 | grep -oE '[0-9]+')" "$(grep -cE '^A([5-9]|[1-9][0-9]+)=' <<<"$R")"
eq "the reference sheet's header" "Mã chỉ tiêu|Tên chỉ tiêu|Đơn vị tính|Kỳ báo cáo|Tên gọi khác" \
  "$(grep -E '^[A-E]3=' <<<"$I" | cut -d= -f2- | paste -sd'|')"
grep -qE '^A[0-9]+=KT01$' <<<"$I" && ok || bad "the reference sheet lacks KT01"
grep -qE '^D[0-9]+=năm$' <<<"$I" && grep -qE '^D[0-9]+=tháng$' <<<"$I" && ok || bad "the reference sheet lacks frequencies"
unzip_p() { python3 -c "import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())" "$@"; }
unzip_p c.xlsx xl/worksheets/sheet1.xml | grep -q 'state="frozen"' && ok || bad "rules header not frozen"
unzip_p c.xlsx xl/worksheets/sheet1.xml | grep -q '<col min="2" max="2" width="50' && ok || bad "rules: no column widths"
unzip_p c.xlsx xl/worksheets/sheet1.xml | grep -q 'dataValidation type="list"' && ok || bad "rules: no drop-downs"
unzip_p c.xlsx xl/worksheets/sheet2.xml | grep -q '<sheetProtection' && ok || bad "the reference sheet is not protected"
expect_fail "catalog needs --out" "--out" sheet catalog
expect_ok "--out - prints the CSV" sheet catalog --out -
has "the CSV's header" "Mã quy tắc,Tên,Vế trái,Phép so sánh,Vế phải,Mức độ"
has "the CSV's rule" "^BHYT_DS,.*,BHYT,<=,DS,lỗi"

# ---- read back unchanged; the values importer points to the right command ------------
before=$(rules)
expect_ok "the workbook read back" sheet catalog-import c.xlsx
has "nothing changes" "Sheet 'Quy tắc kiểm tra', quy tắc kiểm tra: [0-9]+ dòng: 0 thêm mới, 0 cập nhật, [0-9]+ không đổi, 0 xóa"
expect_fail "sheet import of the catalogue says which command reads it" "biểu danh mục.*catalog-import" sheet import c.xlsx

# ---- edited in the workbook: a rule changed, one added ---------------------------------
xl c.xlsx e.xlsx set KT15_KT01 F "lỗi" set BHYT_DS B "Người có thẻ BHYT không quá dân số" \
  add "A=KT02_TRAN|B=Thu ngân sách một phường dưới 10,5 tỷ đồng một tháng|C=KT02|D=<=|E=10,5|F=warning" ||
  bad "could not edit the workbook"
expect_ok "dry run" sheet catalog-import e.xlsx --dry-run
has "dry run says so" "Chạy thử, không ghi gì"
has "dry run counts" "1 thêm mới, 2 cập nhật, [0-9]+ không đổi, 0 xóa"
has "dry run lists the added rule" "thêm KT02_TRAN \(dòng [0-9]+\)"
has "dry run lists a changed rule" "sửa KT15_KT01"
eq "dry run wrote nothing" "$before" "$(rules)"
expect_ok "import" sheet catalog-import e.xlsx
has "import counts" "1 thêm mới, 2 cập nhật"
run rule show KT15_KT01
has "the warning is now an error" "Mức độ: +error"
run rule show BHYT_DS
has "the new name" "Người có thẻ BHYT không quá dân số"
run rule show KT02_TRAN
has "the added rule" "KT02 <= 10,5"
has "importance read in English" "warning"
expect_ok "re-import" sheet catalog-import e.xlsx
has "re-import changes nothing" "0 thêm mới, 0 cập nhật, [0-9]+ không đổi"

# ---- a bad row refuses everything, naming the cell --------------------------------------
before=$(rules)
xl e.xlsx bad.xlsx set KT15_KT01 F "cảnh báo" set KT02_TRAN D "=<" || bad "could not edit the workbook"
r=$(python3 xl.py bad.xlsx cells "Quy tắc kiểm tra" | grep -E '^A[0-9]+=KT02_TRAN$' | sed -E 's/^A([0-9]+)=.*/\1/')
expect_fail "a bad operator" "Sheet 'Quy tắc kiểm tra', ô D$r: quy tắc KT02_TRAN: phép so sánh .*\"=<\" không hợp lệ" \
  sheet catalog-import bad.xlsx
eq "all or nothing: the good edit in the same file was not written" "$before" "$(rules)"
xl e.xlsx bad2.xlsx add "A=X1|B=Chỉ tiêu không có|C=KT99|D=<=|E=1" \
  add "A=X2|B=Hai kỳ|C=KT01|D=<=|E=DS|F=lỗi" add "B=Không mã|C=KT01|D=<|E=1" \
  add "A=BHYT_DS|B=Lặp mã|C=BHYT|D=<|E=DS" add "A=X3|B=Mức lạ|C=KT01|D=<|E=1|F=nặng" \
  add "A=X4|B=Biểu thức dở|C=KT01 +|D=<|E=1" || bad "could not edit the workbook"
last=$(python3 xl.py bad2.xlsx cells "Quy tắc kiểm tra" | grep -oE '^A[0-9]+' | tr -d A | sort -n | tail -1)
expect_fail "an unknown indicator" "Sheet 'Quy tắc kiểm tra', ô C$((last - 5)): quy tắc X1 \(left\): không có chỉ tiêu mã 'KT99' \(và 5 lỗi khác\)" \
  sheet catalog-import bad2.xlsx
grep -qE "ô E$((last - 4)): quy tắc X2: chỉ tiêu KT01 nhập theo tháng, DS theo năm" <<<"$ERR" && ok ||
  bad "two frequencies not named: $ERR"
grep -qE "ô A$((last - 3)): thiếu mã quy tắc" <<<"$ERR" && ok || bad "empty code not named: $ERR"
grep -qE "ô A$((last - 2)): quy tắc BHYT_DS: mã đã có ở ô A[0-9]+" <<<"$ERR" && ok || bad "repeated code not named: $ERR"
grep -qE "ô F$((last - 1)): quy tắc X3: mức độ 'nặng' không hợp lệ" <<<"$ERR" && ok || bad "bad importance not named: $ERR"
grep -qE "ô C$last: quy tắc X4, vế trái" <<<"$ERR" && ok || bad "broken expression not named: $ERR"
eq "nothing written" "$before" "$(rules)"

# ---- CSV: edited, rules left out kept unless --replace -----------------------------------
expect_ok "catalogue csv" sheet catalog --out c.csv
grep -v '^QS_KETQUA,' c.csv | sed -e 's/^\(KT02_TRAN,.*,\)cảnh báo\r\?$/\1lỗi/' >k.csv
printf 'CC_DS,Công chức ít hơn dân số,CC,<,DS,cảnh báo\r\n' >>k.csv
expect_ok "csv import" sheet catalog-import k.csv
has "csv counts" "Tệp 'k.csv', quy tắc kiểm tra: [0-9]+ dòng: 1 thêm mới, 1 cập nhật, [0-9]+ không đổi, 0 xóa"
run rule show KT02_TRAN
has "changed from the CSV" "Mức độ: +error"
run rule show QS_KETQUA
eq "a rule left out of the sheet is kept" 0 "$RC"
expect_ok "--replace dry run" sheet catalog-import k.csv --replace --dry-run
has "--replace says what it would remove" "xóa QS_KETQUA"
has "--replace dry run counts" "0 thêm mới, 0 cập nhật, [0-9]+ không đổi, 1 xóa"
run rule show QS_KETQUA
eq "the dry run removed nothing" 0 "$RC"
expect_ok "--replace" sheet catalog-import k.csv --replace
run rule list
grep -q QS_KETQUA <<<"$OUT" && bad "--replace kept QS_KETQUA" || ok
has "the CSV's new rule is there" "CC_DS +cảnh báo +CC < DS"
printf 'code,name,left,op,right\nX9,Sai,KT01,<=,"1.000"\n' >en.csv
expect_fail "English headers, a number with a dot" "Tệp en.csv, dòng 2, cột E: quy tắc X9" sheet catalog-import en.csv
printf 'code,name,left,op,right\nX8,Sai,KT02,<=,10,5\n' >split.csv
expect_fail "a number split at its comma (csv)" "Tệp split.csv, dòng 2, cột F: quy tắc X8: '5' không thuộc cột nào" \
  sheet catalog-import split.csv
printf 'Mã quy tắc,Tên\nX9,Sai\n' >half.csv
expect_fail "a header lacking columns" "dòng tiêu đề \(dòng 1\) thiếu cột 'Vế trái', 'Phép so sánh', 'Vế phải'" \
  sheet catalog-import half.csv

# ---- another writer: LibreOffice re-saves the workbook ----------------------------------
if command -v soffice >/dev/null; then
  expect_ok "the catalogue now" sheet catalog --out now.xlsx
  mkdir -p lo
  HOME="$TMP" timeout 120 soffice --headless --norestore --convert-to xlsx --outdir lo now.xlsx >/dev/null 2>&1
  if [ -s lo/now.xlsx ]; then
    expect_ok "LibreOffice's workbook" sheet catalog-import lo/now.xlsx
    has "LibreOffice's workbook changes nothing" "0 thêm mới, 0 cập nhật, [0-9]+ không đổi, 0 xóa"
  else
    bad "soffice did not convert the catalogue"
  fi
else
  echo "SKIP: soffice not installed (LibreOffice round trip)"
fi
finish
