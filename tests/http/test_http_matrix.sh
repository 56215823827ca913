#!/usr/bin/env bash
# test_http_matrix.sh - the scope matrix (issue #3): every route of the
# table (read from `chitieu serve --routes`, so a new route cannot escape)
# x every method x six principals (administrator, leader of city 058,
# department officer of agency KT entering 058, ward officer of 01837,
# viewer of 01840, anonymous) x five units (the ward 01837, its sibling
# 01840, the parent city 058, the province 06, BK2025 formed from 01837 by
# the 2025 merger) x, for value routes, an indicator of agency KT (KT01) and
# one of another agency (KT02). Each request is built from a per-route
# template below; a route without a template FAILS the test.
#
# The oracle is computed here from docs/internals/auth.md (roles, view and
# enter scopes with descendants, agencies, merged units not followed) and
# the route's permission in the table: a forbidden request must answer 401
# (anonymous) or 403 (logged in) and change nothing in the database (every
# table but sessions and login failures is fingerprinted through a read-only
# SQLite connection before and after); an allowed one must not answer 401 or
# 403, nor 500. Lists ("items") may hold only units the principal may view.
. "$(dirname "$0")/lib.sh"

has_users && command -v python3 >/dev/null || skip_all "needs \`chitieu user add\` and python3"

demo_db --quiet
PW='mat-khau-ma-tran-123'
add_user m_admin admin --view VN
add_user m_leader leader --view 058
add_user m_dept department --agency KT --enter 058
add_user m_ward ward --enter 01837
add_user m_viewer viewer --view 01840
for u in m_admin m_leader m_dept m_ward m_viewer; do make_token $u matrix; done
"$BIN" serve --routes >"$TMP/routes.txt" || bad "serve --routes failed"
start_server

db_sql "SELECT u.code, COALESCE(p.code, '') FROM unit u LEFT JOIN unit p ON p.id = u.parent_id" >"$TMP/parents.txt"
python3 - "$URL" "$CHITIEU_DB" "$TMP" "$PW" "$TMP/routes.txt" <<'PY'
import hashlib, http.client, json, os, sqlite3, subprocess, sys, urllib.parse

URL, DB, TMP, PW, ROUTES = sys.argv[1:6]
host, port = urllib.parse.urlparse(URL).hostname, urllib.parse.urlparse(URL).port

# ---- the principals and their scopes (what the shell script created) ----
ROLES = {
    # name: (login, role, agency, view scopes, enter scopes)
    "admin":  ("m_admin", "admin", None, ["VN"], []),
    "leader": ("m_leader", "leader", None, ["058"], []),
    "dept":   ("m_dept", "department", "KT", [], ["058"]),
    "ward":   ("m_ward", "ward", None, [], ["01837"]),
    "viewer": ("m_viewer", "viewer", None, ["01840"], []),
    "anon":   (None, None, None, [], []),
}
TOKENS = {k: open(f"{TMP}/token_{v[0]}").read().strip() for k, v in ROLES.items() if v[0]}

# ---- the units under test; parents come from the database itself ----
UNITS = ["01837", "01840", "058", "06", "BK2025"]
PARENT = {}
for line in open(f"{TMP}/parents.txt", encoding="utf-8"):
    code, _, parent = line.rstrip("\n").partition("|")
    PARENT[code] = parent or None
ALL_UNITS = set(PARENT)
# a period each unit is valid in (old units end 30/06/2025, BK2025 starts 01/07/2025)
PERIOD = {u: ("202608" if u == "BK2025" else "202505") for u in UNITS}
IND_AGENCY = {"KT01": "KT", "KT02": "TCKH"}
INDICATORS = list(IND_AGENCY)

def covered(unit, scopes):
    """unit or one of its ancestors is a scope unit (merged units not followed)"""
    seen = 0
    while unit is not None and seen < 10:
        if unit in scopes:
            return True
        unit, seen = PARENT.get(unit), seen + 1
    return False

def can_view(role, unit):
    login, r, ag, view, enter = ROLES[role]
    if r is None:
        return False
    return r == "admin" or covered(unit, view + enter)

def above(unit, levels):
    """the unit `levels` up the tree, or None"""
    for _ in range(levels):
        unit = PARENT.get(unit) if unit is not None else None
    return unit

def can_step(role, unit, kind):
    """approval: the unit submits; the level just above approves; the one above that accepts; both return"""
    login, r, ag, view, enter = ROLES[role]
    if r == "admin":
        return True
    if kind == "submit":  # the whole unit (no agency in the body): a department submits only its agency's part
        return r == "ward" and covered(unit, enter)
    if r not in ("leader", "department"):
        return False
    levels = {"approve": [1], "accept": [2], "return": [1, 2]}[kind]
    return any(above(unit, k) is not None and above(unit, k) in view + enter for k in levels)

def can_enter(role, unit, ind):
    login, r, ag, view, enter = ROLES[role]
    if r == "admin":
        return True
    if r == "ward":
        return covered(unit, enter)
    if r == "department":
        return IND_AGENCY[ind] == ag and covered(unit, enter)
    return False

# ---- the templates: one per "METHOD PATTERN" of the route table ----
# kind: public | login (any logged-in user) | view (reads unit U) |
#       enter (writes indicator I of unit U) | list (scope-filtered list) |
#       admin (administrators only, whatever the table says)
# path: {param: template}; query, body: templates with {U} {P} {I} {LOGIN} {PW} {N}
# A route missing here fails the test: add its template (and its rule).
V = '{"indicator":"{I}","unit":"{U}","period":"{P}","value":{N},"reason":"ma trận"}'
T = {
    "GET /api/health": dict(kind="public"),
    "GET /api/openapi.json": dict(kind="public"),
    "POST /api/login": dict(kind="public", body='{"login":"{LOGIN}","password":"{PW}"}'),
    "POST /api/logout": dict(kind="login"),
    "GET /api/me": dict(kind="login"),
    "GET /api/units": dict(kind="list", query="parent={U}"),
    "GET /api/units/{code}": dict(kind="view", path={"code": "{U}"}),
    "GET /api/indicators": dict(kind="login"),
    "GET /api/indicators/{code}": dict(kind="login", path={"code": "{I}"}),
    "GET /api/eval": dict(kind="view", query="unit={U}&period={P}"),
    "GET /api/eval/term": dict(kind="view", query="unit={U}&term=2021-2025"),
    "GET /api/values": dict(kind="view", query="indicator={I}&unit={U}&period={P}"),
    "PUT /api/values": dict(kind="enter", body=V),
    "GET /api/values/history": dict(kind="view", query="indicator={I}&unit={U}&period={P}"),
    "DELETE /api/values": dict(kind="enter", query="indicator={I}&unit={U}&period={P}"),
    # bulk (DHIS2 dataValueSets): every row is checked like PUT /api/values
    # A refused row makes the whole set a DHIS2 import summary with status ERROR and
    # status 409 (all or nothing), accepted here as a refusal when nothing was imported.
    "POST /api/dataValueSets": dict(kind="enter", query="dryRun=false", refused_409=True,
        body='{"dataValues":[{"dataElement":"{I}","orgUnit":"{U}","period":"{P}","value":"{N}"}]}'),
    # the export (DHIS2 JSON): reads unit U (403 out of scope)
    "GET /api/dataValueSets": dict(kind="view", query="orgUnit={U}&period={P}&dataElement={I}"),
    "GET /api/dataValueSets.json": dict(kind="view", query="orgUnit={U}&period={P}&dataElement={I}"),
    "GET /api/dataValueSets.csv": dict(kind="view", query="orgUnit={U}&period={P}&dataElement={I}"),
    "GET /api/dataValueSets.adx": dict(kind="view", query="orgUnit={U}&period={P}&dataElement={I}"),
    # the DHIS2 mapping: administrators only (an unknown target: 404 if allowed; a missing row: 404)
    "GET /api/exchange/mapping": dict(kind="admin"),
    "PUT /api/exchange/mapping": dict(kind="admin", body='{"kind":"orgUnit","uid":"MaTran{N}","target":"{U}"}'),
    "DELETE /api/exchange/mapping": dict(kind="admin", query="kind=orgUnit&uid=KhongCoUid"),
    "POST /api/exchange/metadata": dict(kind="admin", body='{"organisationUnits":[{"id":"MaTran{N}","name":"Xã Ma Trận","parent":{"id":"{U}"}}]}'),
    # catalogue, targets, users (admin section)
    "GET /api/agencies": dict(kind="login"),
    "POST /api/agencies": dict(kind="admin", body='{"code":"MT{N}","name":"Cơ quan ma trận"}'),
    "PUT /api/agencies/{code}": dict(kind="admin", path={"code": "KT"}, body='{"name":"Phòng Kinh tế"}'),
    "POST /api/units": dict(kind="admin", body='{}'),
    "PUT /api/units/{code}": dict(kind="admin", path={"code": "{U}"}, body='{}'),
    "GET /api/units/{code}/links": dict(kind="view", path={"code": "{U}"}),
    "POST /api/units/{code}/links": dict(kind="admin", path={"code": "{U}"}, body='{}'),
    "POST /api/indicators": dict(kind="admin", body='{}'),
    "PUT /api/indicators/{code}": dict(kind="admin", path={"code": "{I}"}, body='{}'),
    # rules between indicators: anyone logged in reads them, administrators change them
    "GET /api/rules": dict(kind="login"),
    "GET /api/rules/{code}": dict(kind="login", path={"code": "BHYT_DS"}),
    "POST /api/rules": dict(kind="admin",
        body='{"code":"MT{N}","name":"Quy tắc ma trận","left":"{I}","op":">=","right":"0","importance":"warning"}'),
    "PUT /api/rules/{code}": dict(kind="admin", path={"code": "KT15_KT01"},
        body='{"name":"Doanh thu du lịch không vượt tổng mức bán lẻ và doanh thu dịch vụ tiêu dùng"}'),
    "DELETE /api/rules/{code}": dict(kind="admin", path={"code": "KHONG_CO"}),
    "GET /api/sources": dict(kind="login"),
    "PUT /api/sources": dict(kind="admin", body='{}'),
    "GET /api/targets": dict(kind="view", query="unit={U}"),
    "PUT /api/targets": dict(kind="admin", body='{"indicator":"{I}","unit":"{U}","period":"2025","value":{N}}'),
    "DELETE /api/targets": dict(kind="admin", query="indicator={I}&unit={U}&period=2030"),
    "GET /api/targets/history": dict(kind="view", query="indicator={I}&unit={U}&year=2025"),
    "POST /api/password": dict(kind="login", body='{"old":"{PW}","new":"{PW}"}'),
    "GET /api/tokens": dict(kind="login"),
    "POST /api/tokens": dict(kind="login", body='{"name":"ma-tran-{N}","days":1}'),
    "DELETE /api/tokens/{name}": dict(kind="login", path={"name": "khong-co-ma-nay"}),
    "GET /api/users": dict(kind="admin"),
    "POST /api/users": dict(kind="admin", body='{}'),
    "PUT /api/users/{login}": dict(kind="admin", path={"login": "m_viewer"}, body='{}'),
    # notifications (issue #15): a user's own notices and email; the configuration and log are
    # the administrator's
    "GET /api/notices": dict(kind="login"),
    "POST /api/notices/read-all": dict(kind="login"),
    "POST /api/notices/{id}/read": dict(kind="login", path={"id": "999999"}),
    "PUT /api/me/email": dict(kind="login", body='{"email":""}'),
    "GET /api/me/notify": dict(kind="login"),
    "PUT /api/me/notify": dict(kind="login", body='{"quiet":"22:00-06:00"}'),
    "GET /api/notify/config": dict(kind="admin"),
    "PUT /api/notify/config": dict(kind="admin", body='{}'),
    "GET /api/notify/log": dict(kind="admin"),
    "GET /api/notify/unsubscribe": dict(kind="public", query="token=00000000000000000000000000000000"),
    "POST /api/notify/unsubscribe": dict(kind="public", query="token=00000000000000000000000000000000"),
    # period locks
    "GET /api/locks": dict(kind="view", query="unit={U}&period={P}"),
    "GET /api/completeness": dict(kind="view", query="unit={U}&year=2022"),
    "GET /api/period/default": dict(kind="view", query="unit={U}"),
    "GET /api/eval/trend": dict(kind="view", query="unit={U}&period={P}"),
    "GET /api/validation": dict(kind="view", query="unit={U}&period={P}"),
    "GET /api/approval": dict(kind="view", query="unit={U}&period={P}"),
    "POST /api/approval/submit": dict(kind="submit", body='{"unit":"{U}","period":"{P}"}'),
    "POST /api/approval/approve": dict(kind="approve", body='{"unit":"{U}","period":"{P}"}'),
    "POST /api/approval/return": dict(kind="return", body='{"unit":"{U}","period":"{P}","comment":"ma trận"}'),
    "POST /api/approval/accept": dict(kind="accept", body='{"unit":"{U}","period":"{P}"}'),
    # which unit types must be accepted: anyone logged in reads it, administrators set it
    # (an empty body: refused as invalid, so the other rows see no change)
    "GET /api/approval/children": dict(kind="view", query="unit={U}&period={P}"),
    "GET /api/approval/config": dict(kind="login"),
    "PUT /api/approval/config": dict(kind="admin", body='{}'),
    "POST /api/locks/reopen": dict(kind="admin", body='{}'),
    "POST /api/locks/close": dict(kind="admin", body='{}'),
    "GET /api/locks/config": dict(kind="admin"),
    "PUT /api/locks/config": dict(kind="admin", body='{}'),
    # targets bulk import (plans page): administrators only, a dry run of one row
    "POST /api/targets/bulk": dict(kind="admin", query="dryRun=true",
        body='[{"indicator":"{I}","unit":"{U}","year":2025,"value":{N}}]'),
    # what is due (web due page): the caller's own entries, any logged-in user
    "GET /api/due": dict(kind="login"),
    # sheets (issue #6): the template is read in view scope; an import checks every row like
    # PUT /api/values (sent here as CSV, the same reader as .xlsx); refused rows give 409/403
    "GET /api/sheet/template": dict(kind="view", query="unit={U}&period={P}&kind=values"),
    "POST /api/sheet/import": dict(kind="enter", query="dryRun=false&kind=values", refused_409=True,
        ctype="text/csv", body="indicator,unit,period,value\n{I},{U},{P},{N}\n"),
    # the catalogue workbook (issue #13): anyone logged in downloads it; only administrators import
    # it (a CSV adding one rule, as POST /api/rules does)
    # reading figures from a report (issue #19): anyone logged in, for a unit they may view
    "POST /api/extract": dict(kind="view", query="unit={U}&year=2022", ctype="text/plain",
        body="Doanh thu du lịch tháng 6 đạt 5 tỷ đồng."),
    "POST /api/extract/import": dict(kind="enter", query="dryRun=true",
        body='{"file":"ma-tran.txt","rows":[{"decision":"accept","indicator":"{I}","unit":"{U}","period":"{P}","measure":"value","value":{N}}]}'),
    "GET /api/sheet/catalog": dict(kind="login", query="format=csv"),
    "POST /api/sheet/catalog": dict(kind="admin", query="dryRun=false", ctype="text/csv",
        body="Mã quy tắc,Tên,Vế trái,Phép so sánh,Vế phải,Mức độ\nMT{N},Quy tắc ma trận,{I},>=,0,cảnh báo\n"),
    # meetings and tasks: per unit U a meeting it holds ({MID}), a task it leads given there
    # ({TID}) and a progress report with an attachment ({PID}), made below by the administrator,
    # who is therefore the assigner; {D} is a day U exists. Kinds: assign = administrator or
    # leader viewing U; report = administrator or ward entering for U (the task's lead).
    "GET /api/meetings": dict(kind="view", query="unit={U}"),
    "POST /api/meetings": dict(kind="assign",
        body='{"kind":"thematic","title":"Họp ma trận {N}","date":"{D}","unit":"{U}"}'),
    "GET /api/meetings/{id}": dict(kind="view", path={"id": "{MID}"}),
    "PUT /api/meetings/{id}": dict(kind="assign", path={"id": "{MID}"}, body='{"notice_no":"{N}/TB-UBND"}'),
    "DELETE /api/meetings/{id}": dict(kind="assign", path={"id": "{MID}"}),  # it has a task: 409 if allowed
    "GET /api/meetings/{id}/notice": dict(kind="view", path={"id": "{MID}"}, query="format=html"),
    "GET /api/meetings/{id}/agenda": dict(kind="view", path={"id": "{MID}"}),
    "GET /api/tasks": dict(kind="view", query="unit={U}"),
    "POST /api/tasks": dict(kind="assign",
        body='{"owner_unit":"{U}","assigned_on":"{D}","content":"Việc ma trận {N}","lead_unit":"{U}","due":"2026-12-31"}'),
    "GET /api/tasks/stats": dict(kind="view", query="unit={U}&period={P}"),
    "GET /api/tasks/due": dict(kind="login"),
    "GET /api/tasks/{id}": dict(kind="view", path={"id": "{TID}"}),
    "PUT /api/tasks/{id}": dict(kind="admin", path={"id": "{TID}"}, body='{"priority":"high"}'),
    "POST /api/tasks/{id}/extend": dict(kind="admin", path={"id": "{TID}"},
        body='{"due":"2027-06-30","reason":"ma trận"}'),
    "POST /api/tasks/{id}/cancel": dict(kind="admin", path={"id": "{TID}"}, body='{"reason":"ma trận"}'),
    "POST /api/tasks/{id}/reopen": dict(kind="admin", path={"id": "{TID}"}, body='{"reason":"ma trận"}'),
    "POST /api/tasks/{id}/progress": dict(kind="report", path={"id": "{TID}"},
        body='{"text":"ma trận","percent":20,"date":"{D}"}'),
    "GET /api/tasks/{id}/progress/{pid}/attachment": dict(kind="view", path={"id": "{TID}", "pid": "{PID}"}),
    # report (issue #6): a unit's report in view scope (eval inside one read transaction);
    # the wording is for administrators
    "GET /api/report": dict(kind="view", query="unit={U}&period={P}&format=text"),
    "GET /api/report/templates": dict(kind="admin"),
    "PUT /api/report/templates/{key}": dict(kind="admin", path={"key": "doc.title"},
        body='{"body":"Báo cáo {ky}"}'),
    "DELETE /api/report/templates/{key}": dict(kind="admin", path={"key": "doc.title"}),
}
UNIT_FREE = {"public", "login", "admin"}  # kinds whose outcome does not depend on U or I

def routes():
    out = []
    for line in open(ROUTES, encoding="utf-8"):
        f = line.split()
        if len(f) >= 3 and f[0] in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            out.append((f[0], f[1], f[2]))
    return out

PG_SCHEMA = os.environ.get("PG_SCHEMA")
if PG_SCHEMA:  # PostgreSQL: one psql per fingerprint, every table's rows sorted as text
    PG_TABLES = subprocess.run(["psql", DB, "-qAtX", "-c",
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_name NOT IN ('session', 'login_failure') ORDER BY 1"],
        check=True, capture_output=True, text=True).stdout.split()
    PG_DUMP = "".join(f"\\echo == {t}\nSELECT * FROM \"{t}\";\n" for t in PG_TABLES)
else:
    ro = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)

def fingerprint():
    h = hashlib.sha256()
    if PG_SCHEMA:
        out = subprocess.run(["psql", DB, "-qAtX", "-v", "ON_ERROR_STOP=1", "-f", "-"], input=PG_DUMP,
                             check=True, capture_output=True, text=True).stdout
        for part in out.split("== ")[1:]:
            name, _, rows = part.partition("\n")
            h.update(name.encode())
            h.update("\n".join(sorted(rows.splitlines())).encode())
        return h.hexdigest()
    for (t,) in ro.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        if t in ("session", "login_failure"):
            continue
        for row in ro.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
            h.update(repr(row).encode())
        h.update(t.encode())
    return h.hexdigest()

PASS = FAIL = 0
def ok():
    global PASS
    PASS += 1
def bad(msg):
    global FAIL
    FAIL += 1
    print("FAIL: " + msg, file=sys.stderr)

conn = http.client.HTTPConnection(host, port, timeout=20)
def send(method, path, body, token, ctype=None):
    global conn
    h = {"Content-Type": ctype or "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    for attempt in (1, 2):
        try:
            conn.request(method, path, body=body.encode() if body is not None else None, headers=h)
            r = conn.getresponse()
            data = r.read()
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=20)
            return r.status, data
        except (http.client.HTTPException, ConnectionError):
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=20)
    raise SystemExit("server does not answer")

counter = [0]
def fill(s, role, u, i):
    counter[0] += 1
    login = ROLES[role][0] or "m_viewer"
    for k, v in (("{U}", u), ("{P}", PERIOD[u]), ("{I}", i), ("{LOGIN}", login), ("{PW}", PW),
                 ("{N}", str(counter[0])), ("{D}", DAY[u]), ("{MID}", MID.get(u, "0")),
                 ("{TID}", TID.get(u, "0")), ("{PID}", PID.get(u, "0"))):
        s = s.replace(k, v)
    return s

def leaks(role, data):
    """unit codes in list items that the principal may not view"""
    try:
        doc = json.loads(data)
    except ValueError:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return []
    out = []
    for it in doc["items"]:
        if isinstance(it, dict):
            for k in ("unit", "code", "unit_code"):
                c = it.get(k)
                if isinstance(c, str) and c in ALL_UNITS and not can_view(role, c):
                    out.append(c)
    return out

def bulk_refused(data):
    """a DHIS2 import summary: status ERROR, nothing imported, updated or deleted"""
    try:
        d = json.loads(data)
        c = d["importCount"]
        return d["status"] == "ERROR" and c["imported"] == c["updated"] == c.get("deleted", 0) == 0
    except (ValueError, KeyError, TypeError):
        return False

# ---- fixtures of the meetings and tasks templates, made by the administrator
DAY = {u: ("2026-08-10" if u == "BK2025" else "2025-05-10") for u in UNITS}
MID, TID, PID = {}, {}, {}
def fixture(path, body):
    status, data = send("POST", path, json.dumps(body), TOKENS["admin"])
    if status != 201:
        bad(f"fixture POST {path}: {status} {data[:200]!r}")
        return {"id": 0, "progress": {"id": 0}}
    return json.loads(data)
for u in UNITS:
    MID[u] = str(fixture("/api/meetings", {"kind": "monthly", "title": f"Họp ma trận {u}",
                                           "date": DAY[u], "unit": u})["id"])
    TID[u] = str(fixture("/api/tasks", {"meeting": int(MID[u]), "content": f"Nhiệm vụ ma trận {u}",
                                        "lead_unit": u, "due": "2026-12-31"})["id"])
    PID[u] = str(fixture(f"/api/tasks/{TID[u]}/progress", {"text": "Báo cáo ma trận", "percent": 10,
        "date": DAY[u], "attachment_name": "bao-cao.txt", "attachment_type": "text/plain",
        "attachment_base64": "QsOhbyBjw6FvIG1hIHRy4bqtbg=="})["progress"]["id"])

table = routes()
if not table:
    bad("no routes read from serve --routes")
fp = fingerprint()
seen_missing = set()
n_requests = 0
for method, pattern, perm in table:
    key = f"{method} {pattern}"
    t = T.get(key)
    if t is None:
        if key not in seen_missing:
            bad(f"{key}: no template in test_http_matrix.sh; add one so the route is in the scope matrix")
            seen_missing.add(key)
        continue
    kind = t["kind"]
    units = [UNITS[0]] if kind in UNIT_FREE else UNITS
    inds = INDICATORS if any("{I}" in str(x) for x in (t.get("query"), t.get("body"), t.get("path"))) else ["KT01"]
    if kind in UNIT_FREE and not any("{U}" in str(x) for x in (t.get("query"), t.get("body"), t.get("path"))):
        inds = inds[:1]
    for role in ROLES:
        for u in units:
            for i in inds:
                path = pattern
                for name, tv in t.get("path", {}).items():
                    path = path.replace("{" + name + "}", urllib.parse.quote(fill(tv, role, u, i), safe=""))
                if t.get("query"):
                    path += "?" + fill(t["query"], role, u, i)
                body = fill(t["body"], role, u, i) if t.get("body") else None
                logged = ROLES[role][1] is not None
                if perm == "public":
                    allowed = True
                elif not logged:
                    allowed = False
                elif perm == "admin" or kind == "admin":
                    allowed = ROLES[role][1] == "admin"
                elif kind == "assign":
                    allowed = ROLES[role][1] == "admin" or (ROLES[role][1] == "leader" and can_view(role, u))
                elif kind == "report":
                    allowed = ROLES[role][1] == "admin" or (ROLES[role][1] == "ward" and covered(u, ROLES[role][4]))
                elif kind == "view":
                    allowed = can_view(role, u)
                elif kind == "enter":
                    allowed = can_enter(role, u, i)
                elif kind in ("submit", "approve", "return", "accept"):
                    allowed = can_step(role, u, kind)
                else:
                    allowed = True
                what = f"{role} {method} {path}" + (f" {body}" if body else "")
                status, data = send(method, path, body, TOKENS.get(role), t.get("ctype"))
                n_requests += 1
                excerpt = data[:200].decode("utf-8", "replace")
                if allowed:
                    if status in (401, 403) or status >= 500:
                        bad(f"{what}: allowed, answered {status}: {excerpt}")
                    else:
                        ok()
                    lk = leaks(role, data) if status == 200 else []
                    if lk:
                        bad(f"{what}: the list shows units out of scope: {sorted(set(lk))}")
                    if method != "GET":
                        fp = fingerprint()
                else:
                    want = 401 if not logged else 403
                    if logged and status == 409 and t.get("refused_409") and bulk_refused(data):
                        status = want
                    if status != want:
                        bad(f"{what}: forbidden, wanted {want}, answered {status}: {excerpt}")
                    else:
                        ok()
                    after = fingerprint()
                    if after != fp:
                        bad(f"{what}: forbidden, but the database changed")
                        fp = after
                    else:
                        ok()
print(f"matrix: {len(table)} routes, {n_requests} requests")
with open(f"{TMP}/py_counts", "w") as f:
    f.write(f"{PASS} {FAIL}\n")
PY
if [ -s "$TMP/py_counts" ]; then
  read -r p f <"$TMP/py_counts"
  PASS=$((PASS + p))
  FAIL=$((FAIL + f))
else
  bad "the matrix script did not finish"
fi
grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log: $(grep ' 500 ' "$TMP/srv.err" | head -3)" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
