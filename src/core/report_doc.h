/*
 * report_doc.h - the model of an administrative document laid out per
 * Decree 30/2020/NĐ-CP: its frame (issuing body, number, place and date,
 * type, title, signature, recipients) and a list of blocks (parts,
 * sections, paragraphs, list items). The situation report
 * (report/report.h) and the meeting's conclusions notice
 * (core/task_notice.h) build one; the writers of report/report.h (text,
 * Markdown, HTML, DOCX, PDF) lay any of them out, so every format says the
 * same and the content logic lives once.
 *
 * Not for: wording, figures or layout (the builders and the writers).
 */
#ifndef CHITIEU_REPORT_DOC_H
#define CHITIEU_REPORT_DOC_H

#include <stddef.h>

#include "core/model.h"
#include "util/err.h"

/* The national title and motto of every administrative document (Decree
 * 30/2020 appendix I), as the DOCX and PDF writers set them. */
#define REPORT_NATION "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define REPORT_MOTTO "Độc lập - Tự do - Hạnh phúc"

typedef enum report_block_kind {
	RB_PART = 1, /* "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" */
	RB_SECTION,  /* "1. Kinh tế" */
	RB_PARA,     /* a paragraph of prose */
	RB_ITEM,     /* a list item ("- ...") */
} report_block_kind;

typedef struct report_block {
	report_block_kind kind;
	char *text;     /* malloc'd UTF-8, no markup */
	int ind_index;  /* the indicator a sentence is about (into the eval's inds); -1 otherwise */
} report_block;

typedef struct report_doc {
	/* the Decree 30/2020 frame */
	char *issuer;      /* left header, lines separated by '\n': "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BẮC KẠN" */
	char *number;      /* "Số: 125/BC-UBND" */
	char *date_line;   /* "Bắc Kạn, ngày 30 tháng 6 năm 2022" (italic) */
	char *doc_type;    /* "BÁO CÁO" */
	char *title;       /* "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 6/2022" */
	char *signature;   /* lines: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" */
	char *signer;      /* the signer's name, or "" */
	char *recipients;  /* lines after "Nơi nhận:" */
	/* the body */
	report_block *blocks; size_t n_blocks, cap_blocks;
	/* what it is about */
	char unit_code[CODE_MAX];
	char period_code[16];
} report_doc;

/* Appends a block of kind k with a copy of text (ind_index: the indicator
 * it is about, or -1); an empty or NULL text adds nothing. ERR_NOMEM. */
int report_doc_add(report_doc *d, report_block_kind k, const char *text, int ind_index, err *e);

/* Frees what d holds and zeroes it; report_doc_free(NULL) is a no-op. */
void report_doc_free(report_doc *d);

#endif
