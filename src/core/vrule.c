/*
 * vrule.c - rules between indicators (vrule.h): the operator and importance
 * names, a recursive-descent compiler of one side to reverse Polish
 * notation, the evaluation over one unit's values of one period, and the
 * Vietnamese wording of a broken rule.
 *
 * Not for: reading rules or values (store_vrules.c), listing violations
 * (validate.c).
 */
#include "core/vrule.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const model_enum importances[] = {
	{VR_ERROR, "error", "lỗi"},
	{VR_WARNING, "warning", "cảnh báo"},
};

const char *vrule_importance_code(vrule_importance i)
{
	return model_enum_code(importances, N_OF(importances), (int)i);
}

const char *vrule_importance_label(vrule_importance i)
{
	return model_enum_label(importances, N_OF(importances), (int)i, "?");
}

int vrule_importance_from_code(const char *s, vrule_importance *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(importances, N_OF(importances), s, MODEL_ENUM_FOLD_LABEL,
				  "mức độ quy tắc (importance)", &v, e);
	if (!rc)
		*out = (vrule_importance)v;
	return rc;
}

static const struct {
	vrule_op op;
	const char *code, *sign; /* sign: how a message writes it */
} ops[] = {
	{VR_EQ, "==", "="}, {VR_NE, "!=", "≠"}, {VR_LT, "<", "<"},
	{VR_LE, "<=", "≤"}, {VR_GT, ">", ">"},  {VR_GE, ">=", "≥"},
};

const char *vrule_op_code(vrule_op op)
{
	for (size_t i = 0; i < N_OF(ops); i++)
		if (ops[i].op == op)
			return ops[i].code;
	return "?";
}

static const char *op_sign(vrule_op op)
{
	for (size_t i = 0; i < N_OF(ops); i++)
		if (ops[i].op == op)
			return ops[i].sign;
	return "?";
}

int vrule_op_from_code(const char *s, vrule_op *out, err *e)
{
	static const struct {
		const char *text;
		vrule_op op;
	} alias[] = {{"=", VR_EQ}, {"≠", VR_NE}, {"<>", VR_NE}, {"≤", VR_LE}, {"≥", VR_GE}};
	char t[16];
	size_t n = 0;
	for (const char *p = s ? s : ""; *p && n + 1 < sizeof t; p++)
		if (*p != ' ')
			t[n++] = *p;
	t[n] = '\0';
	for (size_t i = 0; i < N_OF(ops); i++)
		if (!strcmp(t, ops[i].code)) {
			*out = ops[i].op;
			return 0;
		}
	for (size_t i = 0; i < N_OF(alias); i++)
		if (!strcmp(t, alias[i].text)) {
			*out = alias[i].op;
			return 0;
		}
	return err_set(e, ERR_INVALID, "phép so sánh (operator) \"%.40s\" không hợp lệ; chấp nhận: ==, !=, <, <=, >, >=",
		       s ? s : "");
}

/* ---- compiling a side ---------------------------------------------------- */

typedef struct parser {
	const char *s, *p;
	const char *side;  /* "left" or "right", for messages */
	const char *rcode; /* the rule's code */
	vrule_compiled *c;
	vrule_expr *x;
	err *e;
	int depth;
} parser;

static void skip_blank(parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int fail(parser *ps, const char *what)
{
	return err_set(ps->e, ERR_INVALID, "quy tắc %s, vế %s (%s): %s ở vị trí %d của \"%s\"", ps->rcode,
		       strcmp(ps->side, "left") ? "phải" : "trái", ps->side, what, (int)(ps->p - ps->s) + 1, ps->s);
}

static int emit(parser *ps, char kind, double num, int ref)
{
	if (ps->x->n >= VRULE_ITEMS_MAX)
		return fail(ps, "biểu thức quá dài");
	ps->x->item[ps->x->n].kind = kind;
	ps->x->item[ps->x->n].num = num;
	ps->x->item[ps->x->n].ref = ref;
	ps->x->n++;
	return 0;
}

/* The operator at p among + - * / × ÷ (0 if none); *len its bytes. */
static char op_at(const char *p, int *len)
{
	*len = 1;
	if (*p == '+' || *p == '-' || *p == '*' || *p == '/')
		return *p;
	*len = 2;
	if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97)
		return '*';
	if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0xB7)
		return '/';
	*len = 0;
	return 0;
}

static int parse_sum(parser *ps);

static int parse_factor(parser *ps)
{
	skip_blank(ps);
	const char *p = ps->p;
	int rc;
	if (*p == '-') {
		ps->p++;
		if ((rc = parse_factor(ps)))
			return rc;
		return emit(ps, '~', 0, 0);
	}
	if (*p == '(') {
		if (++ps->depth > 16)
			return fail(ps, "quá nhiều ngoặc lồng nhau");
		ps->p++;
		if ((rc = parse_sum(ps)))
			return rc;
		skip_blank(ps);
		if (*ps->p != ')')
			return fail(ps, "thiếu dấu đóng ngoặc ')'");
		ps->p++;
		ps->depth--;
		return 0;
	}
	if (isdigit((unsigned char)*p)) {
		double v = 0, scale = 1;
		bool frac = false;
		while (isdigit((unsigned char)*ps->p) || *ps->p == ',' || *ps->p == '.') {
			char ch = *ps->p;
			if (ch == '.')
				return fail(ps, "số viết dấu chấm dễ nhầm (1.000 là một nghìn hay một?); viết số thập phân "
						"với dấu phẩy, không dấu phân cách hàng nghìn");
			if (ch == ',') {
				if (frac || !isdigit((unsigned char)ps->p[1]))
					return fail(ps, "số không hợp lệ");
				frac = true;
			} else if (frac) {
				scale /= 10;
				v += (ch - '0') * scale;
			} else {
				v = v * 10 + (ch - '0');
			}
			ps->p++;
		}
		return emit(ps, 'n', v, 0);
	}
	if (isalpha((unsigned char)*p)) {
		char code[CODE_MAX];
		size_t n = 0;
		while (isalnum((unsigned char)*ps->p) || *ps->p == '_' || *ps->p == '.') {
			if (n + 1 >= sizeof code)
				return fail(ps, "mã chỉ tiêu quá dài");
			code[n++] = *ps->p++;
		}
		code[n] = '\0';
		int k = vrule_ref_index(ps->c, code);
		if (k < 0) {
			if (ps->c->n_refs >= VRULE_REFS_MAX)
				return fail(ps, "quy tắc nêu quá nhiều chỉ tiêu (tối đa 16)");
			k = ps->c->n_refs++;
			snprintf(ps->c->refs[k], sizeof ps->c->refs[k], "%s", code);
		}
		return emit(ps, 'c', 0, k);
	}
	return fail(ps, *p ? "cần mã chỉ tiêu, số hoặc '('" : "biểu thức dừng giữa chừng");
}

static int parse_product(parser *ps)
{
	int rc = parse_factor(ps), len;
	while (rc == 0) {
		skip_blank(ps);
		char op = op_at(ps->p, &len);
		if (op != '*' && op != '/')
			break;
		ps->p += len;
		if ((rc = parse_factor(ps)) == 0)
			rc = emit(ps, op, 0, 0);
	}
	return rc;
}

static int parse_sum(parser *ps)
{
	int rc = parse_product(ps), len;
	while (rc == 0) {
		skip_blank(ps);
		char op = op_at(ps->p, &len);
		if (op != '+' && op != '-')
			break;
		ps->p += len;
		if ((rc = parse_product(ps)) == 0)
			rc = emit(ps, op, 0, 0);
	}
	return rc;
}

static int compile_side(vrule_compiled *c, const char *text, const char *side, vrule_expr *x, err *e)
{
	parser ps = {text, text, side, c->rule.code, c, x, e, 0};
	x->n = 0;
	skip_blank(&ps);
	if (!*ps.p)
		return err_set(e, ERR_INVALID, "quy tắc %s: vế %s (%s) trống", c->rule.code,
			       strcmp(side, "left") ? "phải" : "trái", side);
	int rc = parse_sum(&ps);
	if (rc)
		return rc;
	skip_blank(&ps);
	if (*ps.p)
		return fail(&ps, "thừa ký tự (thiếu phép tính?)");
	return 0;
}

int vrule_compile(const vrule *r, vrule_compiled *out, err *e)
{
	memset(out, 0, sizeof *out);
	out->rule = *r;
	if (!r->code[0])
		return err_set(e, ERR_INVALID, "quy tắc thiếu mã (code)");
	for (const char *p = r->code; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
			return err_set(e, ERR_INVALID, "mã quy tắc (code) \"%s\" chỉ gồm chữ không dấu, số, '_', '-', '.'",
				       r->code);
	if (!r->name[0])
		return err_set(e, ERR_INVALID, "quy tắc %s thiếu tên (name)", r->code);
	if (r->op < VR_EQ || r->op > VR_GE)
		return err_set(e, ERR_INVALID, "quy tắc %s: phép so sánh (operator) không hợp lệ", r->code);
	if (r->importance != VR_ERROR && r->importance != VR_WARNING)
		return err_set(e, ERR_INVALID, "quy tắc %s: mức độ (importance) phải là error hoặc warning", r->code);
	int rc = compile_side(out, r->left, "left", &out->side[0], e);
	if (!rc)
		rc = compile_side(out, r->right, "right", &out->side[1], e);
	if (!rc && out->n_refs == 0)
		return err_set(e, ERR_INVALID, "quy tắc %s không nêu chỉ tiêu nào (left, right)", r->code);
	return rc;
}

int vrule_ref_index(const vrule_compiled *c, const char *code)
{
	for (int k = 0; k < c->n_refs; k++)
		if (!strcmp(c->refs[k], code))
			return k;
	return -1;
}

int vrule_check_refs(const vrule_compiled *c, const indicator *const *inds, err *e)
{
	for (int k = 0; k < c->n_refs; k++) {
		if (!inds[k]) {
			const char *side = vrule_ref_index(c, c->refs[k]) >= 0 && strstr(c->rule.left, c->refs[k])
						   ? "left"
						   : "right";
			return err_set(e, ERR_NOTFOUND, "quy tắc %s (%s): không có chỉ tiêu mã '%s'", c->rule.code, side,
				       c->refs[k]);
		}
		if (inds[k]->freq != inds[0]->freq)
			return err_set(e, ERR_INVALID,
				       "quy tắc %s: chỉ tiêu %s nhập theo %s, %s theo %s; quy tắc chỉ so sánh các chỉ "
				       "tiêu cùng kỳ báo cáo",
				       c->rule.code, inds[0]->code, period_type_name_vi(freq_period_type(inds[0]->freq)),
				       inds[k]->code, period_type_name_vi(freq_period_type(inds[k]->freq)));
	}
	return 0;
}

/* Evaluates one side; false when it cannot (missing value, division by zero). */
static bool eval_side(const vrule_expr *x, const bool *has, const num_t *vals, double *out)
{
	double st[VRULE_ITEMS_MAX];
	int sp = 0;
	for (int i = 0; i < x->n; i++) {
		char k = x->item[i].kind;
		if (k == 'n') {
			st[sp++] = x->item[i].num;
		} else if (k == 'c') {
			int r = x->item[i].ref;
			if (!has[r])
				return false;
			st[sp++] = (double)vals[r] / NUM_SCALE; /* num_to_double, inline: an import evaluates often */
		} else if (k == '~') {
			if (sp < 1)
				return false;
			st[sp - 1] = -st[sp - 1];
		} else {
			if (sp < 2)
				return false;
			double b = st[--sp], a = st[sp - 1];
			if (k == '/' && b == 0)
				return false;
			st[sp - 1] = k == '+' ? a + b : k == '-' ? a - b : k == '*' ? a * b : a / b;
		}
	}
	if (sp != 1 || !isfinite(st[0]))
		return false;
	*out = st[0];
	return true;
}

static num_t to_num(double x)
{
	double s = x * NUM_SCALE;
	if (s > (double)NUM_MAX)
		return NUM_MAX;
	if (s < -(double)NUM_MAX)
		return -NUM_MAX;
	/* llround's half away from zero without the library call: the integer part (exact), then the
	 * fraction left (exact: the low bits of s) */
	num_t t = (num_t)s;
	double f = s - (double)t;
	return t + (f >= 0.5) - (f <= -0.5);
}

vrule_outcome vrule_eval(const vrule_compiled *c, const bool *has, const num_t *vals, num_t *left,
			 num_t *right)
{
	double l, r;
	if (!eval_side(&c->side[0], has, vals, &l) || !eval_side(&c->side[1], has, vals, &r))
		return VR_SKIPPED;
	num_t a = to_num(l), b = to_num(r);
	*left = a;
	*right = b;
	bool ok;
	switch (c->rule.op) {
	case VR_EQ: ok = a == b; break;
	case VR_NE: ok = a != b; break;
	case VR_LT: ok = a < b; break;
	case VR_LE: ok = a <= b; break;
	case VR_GT: ok = a > b; break;
	default: ok = a >= b; break;
	}
	return ok ? VR_HOLDS : VR_BROKEN;
}

/* A side as "YT05 = 9.000" (an expression and its value), a plain number as itself. */
static void side_text(buf *b, const char *text, num_t v)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	size_t n = strlen(p);
	while (n && p[n - 1] == ' ')
		n--;
	bool number = n > 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]) && p[i] != ',')
			number = false;
	if (!number)
		buf_printf(b, "%.*s = ", (int)n, p);
	vn_format_num(b, v, -1);
}

int vrule_message(buf *b, const vrule_compiled *c, const char *unit_code, const period *p, num_t left,
		  num_t right)
{
	char label[64];
	period_label_text(p, label, sizeof label);
	buf_printf(b, "quy tắc %s (%s, %s): đơn vị %s, %s: ", c->rule.code, c->rule.name,
		   vrule_importance_label(c->rule.importance), unit_code, label);
	side_text(b, c->rule.left, left);
	buf_printf(b, " phải %s ", op_sign(c->rule.op));
	side_text(b, c->rule.right, right);
	return 0; /* a message cut at the buffer's limit is still a message */
}

#define RULE_PREFIX_ERROR "vi phạm "
#define RULE_PREFIX_WARNING "cảnh báo: "

int vrule_refuse(err *e, const vrule_compiled *c, const char *unit_code, const period *p, num_t left,
		 num_t right)
{
	buf b;
	buf_init(&b, ERR_MSG_MAX);
	vrule_message(&b, c, unit_code, p, left, right);
	int rc;
	if (c->rule.importance == VR_ERROR)
		rc = err_set(e, ERR_CONFLICT, RULE_PREFIX_ERROR "%s; số liệu không được ghi", buf_cstr(&b));
	else
		rc = err_set(e, ERR_INVALID,
			     RULE_PREFIX_WARNING "%s; nếu số liệu đúng, ghi chú (comment) giải thích rồi gửi lại",
			     buf_cstr(&b));
	buf_free(&b);
	return rc;
}

const char *vrule_refusal_field(const err *e)
{
	if (!e)
		return NULL;
	/* found anywhere: a face may have put the row before it */
	if (e->code == ERR_CONFLICT && strstr(e->msg, RULE_PREFIX_ERROR "quy tắc "))
		return "value";
	if (e->code == ERR_INVALID && strstr(e->msg, RULE_PREFIX_WARNING "quy tắc "))
		return "comment";
	return NULL;
}
