#!/usr/bin/env bash
# test_http_failed_answer.sh - an answer whose buffer failed is never sent as
# a truncated 200 (issue #14 item 6): the string buffer records a failed
# append (util/buf.h buf_failed), and the server answers 500 with a JSON
# error instead. The server runs with CHITIEU_TEST_OUT_LIMIT (a test-only cap
# on each answer's buffer): a small answer still goes out whole; the city's
# evaluation, whose JSON writer does not check each append, is 500 with a
# whole JSON error, one line in the log; the indicator list, whose handler
# checks, answers its own error; the report as PDF (a binary document) is
# the same 500, never a truncated file; the server keeps serving.
. "$(dirname "$0")/lib.sh"

demo_db
add_user viewer1 viewer --view 058
export CHITIEU_TEST_OUT_LIMIT=3000
start_server
login viewer1

as viewer1 GET /api/me
status "a small answer under the cap" 200
js "whole" .user.login viewer1
as viewer1 GET /api/indicators
[ "$CODE" != 200 ] && jq -e .error.code >/dev/null <<<"$BODY" && ok ||
  bad "a handler that checks its appends answers an error, whole JSON: $CODE $BODY"
as viewer1 GET '/api/eval?unit=058&period=202206'
error "the evaluation over the cap (its writer does not check each append)" 500 internal
js "the error is whole JSON and says why" '.error.message | test("trọn vẹn")' true
grep -q "không tạo được trọn vẹn" "$TMP/srv.err" && ok || bad "the log names the failed answer"
# a binary document over the cap (the report as PDF, 110 KB: pdf_finish's
# append fails whole) is the same 500, never a truncated PDF
as viewer1 GET '/api/report?unit=058&period=202206&format=pdf'
error "the report as PDF over the cap" 500 internal
as viewer1 GET /api/health
status "the server keeps serving" 200

stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
