/*
 * api_extract.h - POST /api/extract (issue #19): the figures a narrative
 * report states, proposed for a person to confirm (core/extract.h).
 */
#ifndef CHITIEU_API_EXTRACT_H
#define CHITIEU_API_EXTRACT_H

#include "http/http.h"

#define API_EXTRACT_BODY_MAX ((size_t)8 << 20) /* a report: .docx or UTF-8 text, 8 MiB */

/* POST /api/extract?unit=U[&year=Y]: the body is the report (text/plain,
 * application/vnd.openxmlformats-officedocument.wordprocessingml.document or
 * application/octet-stream; DOCX or text told apart by its bytes). Answers
 * the JSON array of `chitieu extract --json`, only for units the user sees. */
int api_extract(http_req *r);

/* POST /api/extract/import[?dryRun=true]: {"file":"bao-cao.docx","rows":[{"decision":"accept"|"drop",
 * "indicator","unit","period","measure","value","target","approx"}, ...]} (the proposals as
 * /api/extract answered them, with the person's decision and corrections): imported all or
 * nothing (core/extract_import.c) with the bulk import's checks; targets by administrators. */
int api_extract_import(http_req *r);

#endif
