#!/usr/bin/env bash
# test_http_schema.sh - the route table as the description of each route's
# input (issue #18 item 6): query parameters and JSON bodies are checked
# centrally, before the handler runs, against the typed descriptions of the
# table, answering 400 with the usual JSON error naming the field (a missing
# required field, a wrong type, a value out of limits, an unknown field),
# while a valid request still works; and the OpenAPI 3.1 document is written
# from the same descriptions (types, limits, required, answers), by the
# server and by `chitieu serve --openapi` alike.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db --quiet
add_user s_admin admin --view VN
add_user s_view viewer --view 01840
make_token s_admin schema || { finish; exit; }
start_server
login s_admin
login s_view
req GET "/api/period/default?unit=01837" -b "$TMP/ck_s_admin"
P=$(jq -r .period <<<"$BODY") # the unit's month; entry opened below
send s_admin PUT /api/locks/config '{"enabled":false}'
status "period locks off (a valid body)" 200
[ -n "$P" ] && [ "$P" != null ] || bad "no default period: $BODY"

# ---- the document -----------------------------------------------------------------------------
req GET /api/openapi.json
status "openapi.json" 200
cp "$TMP/body" "$TMP/openapi.json"
js "OpenAPI 3.1" .openapi 3.1.0
OPS='[.paths[] | to_entries[] | select(.key | test("^(get|put|post|delete)$")) | .value]'
js "every operation describes its success answer" \
  "$OPS | map(.responses | to_entries | map(select(.key | test(\"^2\"))) | .[0].value.content | length > 0) | all" true
js "every operation has the Error answer" \
  "$OPS | map(.responses.default.content[\"application/json\"].schema[\"\$ref\"]) | unique | join(\",\")" \
  '#/components/schemas/Error'
js "no body field is left untyped" \
  "[$OPS[] | .requestBody.content[\"application/json\"].schema.properties // {} | .[] | select(length == 0)] | length" 0
V='.paths["/api/values"].put.requestBody.content["application/json"].schema'
js "PUT /api/values: required fields" "$V.required | join(\",\")" "indicator,unit,period,value"
js "PUT /api/values: value is an amount (number or Vietnamese string)" "$V.properties.value.type | join(\",\")" \
  "number,string"
js "PUT /api/values: period has its pattern" "$V.properties.period.pattern | length > 0" true
js "PUT /api/values: a comment of at most 255 bytes" "$V.properties.comment.maxLength" 255
js "PUT /api/values: closed" "$V.additionalProperties" false
js "GET /api/units: limit is an integer 1..1000" \
  '.paths["/api/units"].get.parameters[] | select(.name == "limit") | [.schema.type, .schema.minimum, .schema.maximum] | join(",")' \
  "integer,1,1000"
js "GET /api/eval: unit required" \
  '.paths["/api/eval"].get.parameters[] | select(.name == "unit") | .required' true
js "GET /api/units/{code}: the path parameter" \
  '.paths["/api/units/{code}"].get.parameters[0] | [.in, .required] | map(tostring) | join(",")' "path,true"
js "POST /api/tasks: coord_units is an array of codes" \
  '.paths["/api/tasks"].post.requestBody.content["application/json"].schema.properties.coord_units | [.type[0], .maxItems] | map(tostring) | join(",")' \
  "array,32"
js "POST /api/agencies answers 201 with its fields" \
  '.paths["/api/agencies"].post.responses["201"].content["application/json"].schema.properties | keys | join(",")' "code,name"
js "POST /api/dataValueSets takes files by their content types" \
  '.paths["/api/dataValueSets"].post.requestBody.content | keys | index("text/csv") != null' true
js "GET /api/report answers documents" \
  '.paths["/api/report"].get.responses["200"].content | keys | index("text/html") != null' true
js "the Error schema" '.components.schemas.Error.properties.error.required | join(",")' "code,message"
"$BIN" serve --openapi >"$TMP/cli.json" || bad "serve --openapi failed"
cmp -s "$TMP/cli.json" "$TMP/openapi.json" && ok || bad "serve --openapi differs from GET /api/openapi.json"

# ---- the answers are as the document says ------------------------------------------------------
# Every property the document gives a success answer is in the real answer (GET routes of the
# demo data, the administrator's token), with its type: the descriptions were written from the
# handlers and are checked against what they send.
python3 - "$URL" "$TOKEN" "$P" >"$TMP/answers.out" 2>&1 <<'PY'
import json, sys, urllib.request
U, TOK, P = sys.argv[1:4]
def get(p):
    req = urllib.request.Request(U + p, headers={'Authorization': 'Bearer ' + TOK})
    return json.load(urllib.request.urlopen(req))
doc = get('/api/openapi.json')
task = get('/api/tasks?limit=1')['items'][0]['id']
meeting = get('/api/meetings?limit=1')['items'][0]['id']
calls = ['/api/health', '/api/me', '/api/notices', '/api/me/notify', '/api/notify/config', '/api/notify/log',
 '/api/units', '/api/units/058', '/api/indicators', '/api/indicators/KT01', f'/api/eval?unit=058&period={P}',
 '/api/eval/term?unit=058&term=2021-2025', f'/api/eval/trend?unit=058&period={P}',
 f'/api/values?indicator=KT01&unit=01837&period={P}', f'/api/values/history?indicator=KT01&unit=01837&period={P}',
 '/api/exchange/mapping', '/api/agencies', '/api/units/058/links', '/api/rules', '/api/sources', '/api/targets',
 '/api/targets/history?indicator=KT01&unit=058&year=2025', '/api/tokens', '/api/users', f'/api/locks?unit=058&period={P}',
 f'/api/approval?unit=01837&period={P}', f'/api/approval/children?unit=058&period={P}', '/api/approval/config',
 f'/api/validation?unit=058&period={P}', '/api/completeness?unit=058&year=2025', '/api/period/default?unit=058',
 '/api/locks/config', '/api/meetings', f'/api/meetings/{meeting}', f'/api/meetings/{meeting}/agenda', '/api/tasks',
 f'/api/tasks/{task}', f'/api/tasks/stats?unit=058&period={P}', '/api/tasks/due', '/api/due', '/api/report/templates',
 f'/api/dataValueSets.json?orgUnit=058&period={P}']
TYPES = {'string': str, 'integer': int, 'number': (int, float), 'boolean': bool, 'object': dict, 'array': list}
def pattern(p):
    for k in doc['paths']:
        a, b = k.split('/'), p.split('?')[0].split('/')
        if len(a) == len(b) and all(x == y or x.startswith('{') for x, y in zip(a, b)):
            return k
checked = 0
for c in calls:
    ans = get(c)
    sch = doc['paths'][pattern(c)]['get']['responses']['200']['content']['application/json']['schema']
    for k, s in sch.get('properties', {}).items():
        checked += 1
        if k not in ans:
            print(f'{c}: no "{k}" in the answer')
        elif 'type' in s and not (isinstance(ans[k], TYPES[s['type']]) and not (s['type'] in ('integer', 'number') and isinstance(ans[k], bool))):
            print(f'{c}: "{k}" is {type(ans[k]).__name__}, the document says {s["type"]}')
print(f'checked {checked} properties of {len(calls)} answers')
PY
grep -q "^checked [0-9]* properties of 42 answers" "$TMP/answers.out" && ! grep -qv "^checked" "$TMP/answers.out" && ok ||
  bad "answers differ from the document: $(cat "$TMP/answers.out")"

# ---- a missing required field ------------------------------------------------------------------
send s_admin PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"$P\"}"
error "PUT /api/values without value" 400 invalid value
js "says it is missing" '.error.message | test("thiếu trường")' true
send s_admin POST /api/agencies '{"name":"Cơ quan không mã"}'
error "POST /api/agencies without code" 400 invalid code
req GET "/api/eval?period=$P" -b "$TMP/ck_s_admin"
error "GET /api/eval without ?unit=" 400 invalid unit

# ---- a wrong type ------------------------------------------------------------------------------
send s_admin PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"$P\",\"value\":1,\"estimate\":\"yes\"}"
error "estimate as a string" 400 invalid estimate
send s_admin PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"$P\",\"value\":true}"
error "value as a boolean" 400 invalid value
send s_admin POST /api/tasks '{"content":"Việc thử","lead_unit":"058","due":"31/12/2026","coord_units":"01837"}'
error "coord_units as a string" 400 invalid coord_units
send s_admin POST /api/tokens '{"name":"t1","days":"30"}'
error "days as a string" 400 invalid days
req GET "/api/units?limit=abc" -b "$TMP/ck_s_admin"
error "?limit=abc" 400 invalid limit
req GET "/api/notices?unread=2" -b "$TMP/ck_s_admin"
error "?unread=2 (0 or 1)" 400 invalid unread

# ---- out of limits -----------------------------------------------------------------------------
LONG=$(printf 'x%.0s' $(seq 300))
send s_admin POST /api/agencies "{\"code\":\"SCH1\",\"name\":\"$LONG\"}"
error "a name of 300 bytes" 400 invalid name
js "says how long it may be" '.error.message | test("255")' true
send s_admin POST /api/tokens '{"name":"t2","days":9999}'
error "days over 365" 400 invalid days
req GET "/api/units?limit=5000" -b "$TMP/ck_s_admin"
error "?limit=5000" 400 invalid limit
MANY=$(seq -f '"U%g"' 1 201 | paste -sd,)
send s_admin PUT /api/users/s_view "{\"view\":[$MANY]}"
error "201 units in view" 400 invalid view
send s_admin PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"$P\",\"value\":1,\"comment\":\"$LONG\"}"
error "a comment of 300 bytes" 400 invalid comment

# ---- an unknown field --------------------------------------------------------------------------
send s_admin PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"$P\",\"value\":1,\"valeu\":2}"
error "a misspelt field" 400 invalid valeu
js "says it is unknown" '.error.message | test("không được biết")' true

# ---- checked before the handler: the viewer's request fails on its input first ------------------
FP=$(db_fp)
send s_view PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01840\",\"period\":\"$P\"}"
error "a viewer's PUT without value: the input, before the scope" 400 invalid value
send s_view PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01840\",\"period\":\"$P\",\"value\":5}"
status "a viewer's complete PUT: the handler's scope check" 403
eq "nothing written by refused requests" "$FP" "$(db_fp)"

# ---- not JSON at all: the handler's own words, as before ----------------------------------------
send s_admin PUT /api/values '{"indicator":'
error "a broken JSON body" 400 invalid body
js "names the JSON fault" '.error.message | test("JSON")' true

# ---- valid requests still work -----------------------------------------------------------------
send s_admin PUT /api/values "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"$P\",\"value\":\"1.234,5\",\"comment\":null}"
status "a valid PUT /api/values" 200
js "written" '.result | test("inserted|updated|unchanged")' true
send s_admin POST /api/agencies '{"code":"SCH1","name":"Cơ quan kiểm tra lược đồ"}'
status "a valid POST /api/agencies" 201
js "answers as documented" 'keys | join(",")' "code,name"
send s_admin POST /api/tokens '{"name":"t3","days":30}'
status "a valid POST /api/tokens" 201
req GET "/api/units?limit=2" -b "$TMP/ck_s_admin"
status "a valid ?limit=2" 200
js "two units" '.items | length' 2
alive "after all that"
finish
