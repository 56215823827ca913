/*
 * api_report.h - the report routes (issue #6): GET /api/report (the
 * situation report of a unit and period as text, Markdown, HTML, DOCX or
 * XLSX, in view scope over the unit) and the wording administrators edit
 * (GET /api/report/templates, PUT and DELETE /api/report/templates/{key}).
 *
 * Not for: the report itself (report/report.h) or the Excel table
 * (report/report_xlsx.h).
 */
#ifndef CHITIEU_API_REPORT_H
#define CHITIEU_API_REPORT_H

#include "http/http.h"

int api_report_get(http_req *r);
int api_report_templates_list(http_req *r);
int api_report_template_put(http_req *r);
int api_report_template_delete(http_req *r);

#endif
