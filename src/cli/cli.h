/*
 * cli.h - shared pieces of the `chitieu` command line: the command table
 * entry, parsed arguments, and helpers every command uses (opening the store,
 * reading options, printing errors). The CLI is a thin face: commands parse
 * options, call the core and print; they hold no domain rules.
 */
#ifndef CHITIEU_CLI_H
#define CHITIEU_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/model.h"
#include "store/store.h"
#include "util/err.h"

#define CLI_MAX_OPTS 24
#define CLI_MAX_POS 4

/* One option a command accepts. */
typedef struct cli_opt {
	const char *name;   /* without the leading "--" */
	const char *arg;    /* placeholder for help ("CODE"); NULL for a flag */
	const char *help;   /* Vietnamese, one line */
} cli_opt;

typedef struct cli_args {
	const char *db_path;                 /* --db, $CHITIEU_DB, or ./chitieu.db */
	const char *pos[CLI_MAX_POS]; int n_pos; /* positional arguments after the command */
	const char *opt_name[CLI_MAX_OPTS];
	const char *opt_val[CLI_MAX_OPTS];   /* "" for flags */
	int n_opts;
	bool color;                          /* stdout is a terminal and colour allowed */
} cli_args;

typedef int (*cli_handler)(const cli_args *a, err *e);

/* One command: "unit list" has group "unit" and name "list"; "eval" has no name. */
typedef struct cli_cmd {
	const char *group;
	const char *name;      /* NULL for a one-word command */
	int min_pos, max_pos;  /* positional argument counts */
	const char *pos_help;  /* "CODE" etc. for the usage line; NULL for none */
	const cli_opt *opts;   /* terminated by {NULL} */
	cli_handler run;
	const char *summary;   /* one line, Vietnamese */
	const char *help;      /* further lines for `--help`, or NULL */
} cli_cmd;

/* The option's value, or NULL when not given. Flags give "". */
const char *cli_get(const cli_args *a, const char *name);

/* True when the flag was given. */
bool cli_flag(const cli_args *a, const char *name);

/* The option's value, or an ERR_INVALID naming the missing option. */
int cli_need(const cli_args *a, const char *name, const char **out, err *e);

/* Parses an integer option in [lo, hi]; *out unchanged when absent. */
int cli_int(const cli_args *a, const char *name, int lo, int hi, int *out, err *e);

/* Parses a date option (dd/mm/yyyy or yyyy-mm-dd); *out unchanged when
 * absent; the message of a bad one starts with "--NAME: ". */
int cli_date(const cli_args *a, const char *name, cdate *out, err *e);

/* Today in Vietnam, or $CHITIEU_TODAY (yyyy-mm-dd or dd/mm/yyyy) for tests. */
int cli_today(cdate *out, err *e);

/* The day a command judges as on: --as-of when given, else cli_today. */
int cli_as_of(const cli_args *a, cdate *out, err *e);

/* The --unit CODE and --period P every per-unit report needs (eval, report):
 * both required; the message names the missing or unreadable option. */
int cli_unit_period(const cli_args *a, const char **unit_code, period *p, err *e);

/* `eval --term Y1-Y2` (cmd_eval_term.c): the unit's term targets against their
 * paths as on `today`, a table or --json. */
int cli_eval_term(const cli_args *a, const char *unit_code, const char *term, cdate today, err *e);

/* Opens the store named by a->db_path, with a message naming the file on
 * failure; a file that does not exist is refused (only init and demo create one). */
int cli_open(const cli_args *a, store **s, err *e);

/* Opens the store, creating the file when it does not exist (init, demo). */
int cli_open_create(const cli_args *a, store **s, err *e);

/* The user name for "who entered it": --by, else $CHITIEU_USER, else $USER, else "cli". */
const char *cli_who(const cli_args *a);

/* Writes a buffer to stdout; returns ERR_IO on a write failure. */
int cli_print(const char *s, size_t n, err *e);

/* `export --format dhis2-json|dhis2-csv|adx` (cmd_exchange.c): writes the values
 * chosen by --indicator, --unit, --period and --year to out in fmt (a
 * dvs_format); *rows counts them. */
int cli_export_dhis2(const cli_args *a, struct store *s, FILE *out, int fmt, long *rows, err *e);

/* Command tables, one per feature file. Each ends with an entry whose group is NULL. */
extern const cli_cmd cli_db_cmds[];
extern const cli_cmd cli_forecast_cmds[];
extern const cli_cmd cli_unit_cmds[];
extern const cli_cmd cli_agency_cmds[];
extern const cli_cmd cli_indicator_cmds[];
extern const cli_cmd cli_target_cmds[];
extern const cli_cmd cli_value_cmds[];
extern const cli_cmd cli_eval_cmds[];
extern const cli_cmd cli_user_cmds[];
extern const cli_cmd cli_serve_cmds[];
extern const cli_cmd cli_lock_cmds[];
extern const cli_cmd cli_completeness_cmds[];
extern const cli_cmd cli_validate_cmds[];
extern const cli_cmd cli_extract_cmds[];
extern const cli_cmd cli_approval_cmds[];
extern const cli_cmd cli_rule_cmds[];
extern const cli_cmd cli_source_cmds[];
extern const cli_cmd cli_meeting_cmds[];
extern const cli_cmd cli_task_cmds[];
extern const cli_cmd cli_report_cmds[];
extern const cli_cmd cli_sheet_cmds[];
extern const cli_cmd cli_notify_cmds[];
extern const cli_cmd cli_mapping_cmds[];


#endif
