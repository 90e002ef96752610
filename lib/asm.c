// SPDX-License-Identifier: MIT
/*
 * The assembler: text form of ack programs to struct uirq_insn.
 *
 * One pass over the lines; jumps go forward only, so every label a jump
 * names is still undefined when the jump is read and is patched when the
 * whole text has been read. The first error stops assembly: later errors
 * are usually consequences of it. Columns are 1-based byte offsets.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const struct uirq_opinfo uirq_opinfo_table[] = {
	{ "ld8",   UIRQ_OP_LD8,   FMT_LD,    1 },
	{ "ld16",  UIRQ_OP_LD16,  FMT_LD,    2 },
	{ "ld32",  UIRQ_OP_LD32,  FMT_LD,    4 },
	{ "ld64",  UIRQ_OP_LD64,  FMT_LD,    8 },
	{ "st8",   UIRQ_OP_ST8,   FMT_ST,    1 },
	{ "st16",  UIRQ_OP_ST16,  FMT_ST,    2 },
	{ "st32",  UIRQ_OP_ST32,  FMT_ST,    4 },
	{ "st64",  UIRQ_OP_ST64,  FMT_ST,    8 },
	{ "mov",   UIRQ_OP_MOV,   FMT_ALU,   0 },
	{ "and",   UIRQ_OP_AND,   FMT_ALU,   0 },
	{ "or",    UIRQ_OP_OR,    FMT_ALU,   0 },
	{ "xor",   UIRQ_OP_XOR,   FMT_ALU,   0 },
	{ "add",   UIRQ_OP_ADD,   FMT_ALU,   0 },
	{ "sub",   UIRQ_OP_SUB,   FMT_ALU,   0 },
	{ "shl",   UIRQ_OP_SHL,   FMT_ALU,   0 },
	{ "shr",   UIRQ_OP_SHR,   FMT_ALU,   0 },
	{ "not",   UIRQ_OP_NOT,   FMT_NOT,   0 },
	{ "ja",    UIRQ_OP_JA,    FMT_JA,    0 },
	{ "jeq",   UIRQ_OP_JEQ,   FMT_JCC,   0 },
	{ "jne",   UIRQ_OP_JNE,   FMT_JCC,   0 },
	{ "jgt",   UIRQ_OP_JGT,   FMT_JCC,   0 },
	{ "jge",   UIRQ_OP_JGE,   FMT_JCC,   0 },
	{ "jlt",   UIRQ_OP_JLT,   FMT_JCC,   0 },
	{ "jle",   UIRQ_OP_JLE,   FMT_JCC,   0 },
	{ "jset",  UIRQ_OP_JSET,  FMT_JCC,   0 },
	{ "jclr",  UIRQ_OP_JCLR,  FMT_JCC,   0 },
	{ "cap",   UIRQ_OP_CAP,   FMT_CAP,   0 },
	{ "delay", UIRQ_OP_DELAY, FMT_DELAY, 0 },
	{ "ret",   UIRQ_OP_RET,   FMT_RET,   0 },
};
const unsigned int uirq_opinfo_count =
	sizeof(uirq_opinfo_table) / sizeof(uirq_opinfo_table[0]);

const struct uirq_opinfo *uirq_opinfo_by_op(unsigned int op)
{
	unsigned int i;

	for (i = 0; i < uirq_opinfo_count; i++)
		if (uirq_opinfo_table[i].op == op)
			return &uirq_opinfo_table[i];
	return NULL;
}

#define MAX_SYMS	256
#define MAX_NAME	64

enum sym_kind { SYM_EQU, SYM_LABEL };

struct sym {
	char name[MAX_NAME];
	int kind;
	uint64_t value;		/* constant, or instruction index of a label */
	unsigned int line;
};

struct fixup {
	char name[MAX_NAME];
	unsigned int insn;
	unsigned int line, col;
};

struct asm_ctx {
	const char *file;
	struct uirq_program *prog;
	char *err;
	size_t errlen;

	const char *line_start;	/* current line */
	const char *p;		/* cursor in it */
	unsigned int lineno;

	struct sym syms[MAX_SYMS];
	unsigned int nsyms;
	struct fixup fix[UIRQ_MAX_INSNS];
	unsigned int nfix;
	bool have_kind;
};

__attribute__((format(printf, 4, 5)))
static int error_at(struct asm_ctx *c, unsigned int line, unsigned int col,
		    const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->err && c->errlen) {
		n = snprintf(c->err, c->errlen, "%s:%u:%u: error: ",
			     c->file, line, col);
		if (n >= 0 && (size_t)n < c->errlen) {
			va_start(ap, fmt);
			vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return -EINVAL;
}

static unsigned int col_of(const struct asm_ctx *c, const char *at)
{
	return (unsigned int)(at - c->line_start) + 1;
}

#define ERR(c, at, ...) error_at((c), (c)->lineno, col_of((c), (at)), __VA_ARGS__)

static bool at_eol(int ch)
{
	return ch == '\0' || ch == '\n' || ch == ';' || ch == '#';
}

static void skip_ws(struct asm_ctx *c)
{
	while (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' ||
	       *c->p == '\v' || *c->p == '\f')
		c->p++;
}

static bool is_ident_start(int ch)
{
	return isalpha((unsigned char)ch) || ch == '_' || ch == '.';
}

static bool is_ident_char(int ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.';
}

/* A word as it appears in the source, for messages. */
static void word_at(const char *at, char *buf, size_t len)
{
	size_t n = 0;

	while (at[n] && !isspace((unsigned char)at[n]) && at[n] != ',' &&
	       at[n] != ';' && at[n] != '#' && n + 1 < len && n < 40)
		n++;
	if (n == 0 && at[0] && !at_eol(at[0]))
		n = 1;
	memcpy(buf, at, n);
	buf[n] = '\0';
}

/* Read an identifier at the cursor; -EINVAL (no message) if there is none. */
static int read_ident(struct asm_ctx *c, char *name, const char **start)
{
	const char *s = c->p;
	size_t n = 0;

	if (!is_ident_start(*s))
		return -EINVAL;
	while (is_ident_char(s[n]))
		n++;
	*start = s;
	if (n >= MAX_NAME)
		return ERR(c, s, "name too long (max %d characters)",
			   MAX_NAME - 1);
	memcpy(name, s, n);
	name[n] = '\0';
	c->p = s + n;
	return 0;
}

static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* r0..r7 -> 0..7; -1 if @name is no register name at all; -2 if r<digits>
 * out of range. */
static int reg_number(const char *name)
{
	const char *d;
	unsigned long v = 0;

	if (name[0] != 'r' && name[0] != 'R')
		return -1;
	if (!name[1])
		return -1;
	for (d = name + 1; *d; d++) {
		if (!isdigit((unsigned char)*d))
			return -1;
		if (v < 1000)
			v = v * 10 + (unsigned long)(*d - '0');
	}
	return v < UIRQ_NUM_REGS ? (int)v : -2;
}

static int region_number(const char *name)
{
	unsigned int i;

	for (i = 0; i < UIRQ_MAX_REGIONS; i++)
		if (name_eq(name, uirq_region_name(i)))
			return (int)i;
	return -1;
}

static struct sym *sym_find(struct asm_ctx *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nsyms; i++)
		if (!strcmp(c->syms[i].name, name))
			return &c->syms[i];
	return NULL;
}

/* Names that would be ambiguous as constants or labels. */
static const char *reserved_kind(const char *name)
{
	if (reg_number(name) != -1)
		return "a register name";
	if (region_number(name) >= 0)
		return "a region name";
	if (name[0] == '.')
		return "a directive name";
	return NULL;
}

static int sym_define(struct asm_ctx *c, const char *name, const char *at,
		      int kind, uint64_t value)
{
	struct sym *s = sym_find(c, name);
	const char *why = reserved_kind(name);

	if (why)
		return ERR(c, at, "'%s' is %s and cannot be a %s", name, why,
			   kind == SYM_LABEL ? "label" : "constant");
	if (s) {
		if (s->kind == SYM_LABEL && kind == SYM_LABEL)
			return ERR(c, at, "duplicate label '%s' (first defined at line %u)",
				   name, s->line);
		return ERR(c, at, "'%s' is already defined as a %s at line %u",
			   name, s->kind == SYM_LABEL ? "label" : "constant",
			   s->line);
	}
	if (c->nsyms >= MAX_SYMS)
		return ERR(c, at, "too many labels and constants (max %d)",
			   MAX_SYMS);
	s = &c->syms[c->nsyms++];
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->kind = kind;
	s->value = value;
	s->line = c->lineno;
	return 0;
}

/* ---- expressions: C operators and precedence, 64-bit wrap-around ---- */

static int parse_expr(struct asm_ctx *c, uint64_t *v);

static int parse_number(struct asm_ctx *c, uint64_t *v)
{
	const char *s = c->p, *d = s;
	unsigned int base = 10, digit;
	uint64_t val = 0;
	size_t n = 0;
	char word[48];

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	c->p = s + n;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		d = s + 2;
	} else if (n >= 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		d = s + 2;
	}
	if (d == s + n)
		goto bad;
	for (; d < s + n; d++) {
		if (isdigit((unsigned char)*d))
			digit = (unsigned int)(*d - '0');
		else if (isxdigit((unsigned char)*d))
			digit = (unsigned int)(tolower((unsigned char)*d) - 'a' + 10);
		else
			goto bad;
		if (digit >= base)
			goto bad;
		if (val > (UINT64_MAX - digit) / base) {
			word_at(s, word, sizeof(word));
			return ERR(c, s, "number '%s' out of range (more than 64 bits)",
				   word);
		}
		val = val * base + digit;
	}
	*v = val;
	return 0;
bad:
	word_at(s, word, sizeof(word));
	return ERR(c, s, "bad number '%s'", word);
}

static int parse_primary(struct asm_ctx *c, uint64_t *v)
{
	const char *at;
	char name[MAX_NAME];
	struct sym *s;
	int ret;

	skip_ws(c);
	at = c->p;
	if (isdigit((unsigned char)*at))
		return parse_number(c, v);
	if (*at == '(') {
		c->p++;
		ret = parse_expr(c, v);
		if (ret)
			return ret;
		skip_ws(c);
		if (*c->p != ')')
			return ERR(c, c->p, "expected ')' to close the '(' at column %u",
				   col_of(c, at));
		c->p++;
		return 0;
	}
	if (is_ident_start(*at)) {
		ret = read_ident(c, name, &at);
		if (ret)
			return ret;
		s = sym_find(c, name);
		if (s && s->kind == SYM_EQU) {
			*v = s->value;
			return 0;
		}
		if (s)
			return ERR(c, at, "label '%s' used as a number (labels are jump targets only)",
				   name);
		if (reg_number(name) != -1)
			return ERR(c, at, "register '%s' not allowed here: expected a number",
				   name);
		return ERR(c, at, "unknown constant '%s'", name);
	}
	if (at_eol(*at))
		return ERR(c, at, "missing operand: expected a number");
	return ERR(c, at, "expected a number, got '%c'", *at);
}

static int parse_unary(struct asm_ctx *c, uint64_t *v)
{
	char op;
	int ret;

	skip_ws(c);
	op = *c->p;
	if (op == '-' || op == '~' || op == '+') {
		c->p++;
		ret = parse_unary(c, v);
		if (ret)
			return ret;
		if (op == '-')
			*v = (uint64_t)0 - *v;
		else if (op == '~')
			*v = ~*v;
		return 0;
	}
	return parse_primary(c, v);
}

/* Binary operator levels, loosest first: | ^ & shifts additive mult. */
static int binop_at(const char *p, int level, int *len)
{
	static const char *const ops[6][3] = {
		{ "|" }, { "^" }, { "&" }, { "<<", ">>" }, { "+", "-" },
		{ "*", "/", "%" },
	};
	int i;

	for (i = 0; i < 3 && ops[level][i]; i++) {
		size_t n = strlen(ops[level][i]);

		if (!strncmp(p, ops[level][i], n)) {
			*len = (int)n;
			return i;
		}
	}
	return -1;
}

static int parse_level(struct asm_ctx *c, int level, uint64_t *v)
{
	uint64_t rhs;
	const char *at;
	int ret, op, len;

	ret = level == 6 ? parse_unary(c, v) : parse_level(c, level + 1, v);
	if (ret)
		return ret;
	if (level == 6)
		return 0;
	for (;;) {
		skip_ws(c);
		at = c->p;
		op = binop_at(at, level, &len);
		if (op < 0)
			return 0;
		c->p += len;
		ret = parse_level(c, level + 1, &rhs);
		if (ret)
			return ret;
		switch (level * 3 + op) {
		case 0: *v |= rhs; break;
		case 3: *v ^= rhs; break;
		case 6: *v &= rhs; break;
		case 9: *v = rhs >= 64 ? 0 : *v << rhs; break;
		case 10: *v = rhs >= 64 ? 0 : *v >> rhs; break;
		case 12: *v += rhs; break;
		case 13: *v -= rhs; break;
		case 15: *v *= rhs; break;
		case 16:
		case 17:
			if (!rhs)
				return ERR(c, at, "division by zero");
			*v = op == 1 ? *v / rhs : *v % rhs;
			break;
		}
	}
}

static int parse_expr(struct asm_ctx *c, uint64_t *v)
{
	return parse_level(c, 0, v);
}

/* An expression that must lie in [min, max]; @what names it in messages. */
static int parse_ranged(struct asm_ctx *c, const char *what, uint64_t max,
			uint64_t *v)
{
	const char *at;
	int ret;

	skip_ws(c);
	at = c->p;
	ret = parse_expr(c, v);
	if (ret)
		return ret;
	if (*v > max)
		return ERR(c, at, "%s 0x%" PRIx64 " out of range (0..0x%" PRIx64 ")",
			   what, *v, max);
	return 0;
}

/* ---- operands ---- */

static int expect_comma(struct asm_ctx *c, const char *next)
{
	skip_ws(c);
	if (*c->p == ',') {
		c->p++;
		return 0;
	}
	if (at_eol(*c->p))
		return ERR(c, c->p, "missing operand: expected ', %s'", next);
	return ERR(c, c->p, "expected ',' before %s", next);
}

/*
 * The name an operand starts with, at *@at; @what says what was expected
 * there, for the messages.
 */
static int read_operand_name(struct asm_ctx *c, const char *what, char *name,
			     const char **at)
{
	char word[48];

	skip_ws(c);
	*at = c->p;
	if (at_eol(**at))
		return ERR(c, *at, "missing operand: expected %s", what);
	if (read_ident(c, name, at)) {
		word_at(*at, word, sizeof(word));
		return ERR(c, *at, "expected %s, got '%s'", what, word);
	}
	return 0;
}

static int parse_reg(struct asm_ctx *c, uint8_t *reg)
{
	char name[MAX_NAME];
	const char *at;
	int r, ret;

	ret = read_operand_name(c, "a register (r0..r7)", name, &at);
	if (ret)
		return ret;
	r = reg_number(name);
	if (r == -2)
		return ERR(c, at, "bad register '%s' (r0..r7)", name);
	if (r < 0)
		return ERR(c, at, "expected a register (r0..r7), got '%s'", name);
	*reg = (uint8_t)r;
	return 0;
}

/*
 * Register or expression, starting at *@start: returns 1 for a register,
 * 0 for a number.
 */
static int parse_reg_or_imm(struct asm_ctx *c, uint8_t *reg, uint64_t *imm,
			    const char **start)
{
	const char *save;
	char name[MAX_NAME];
	const char *at;
	int r;

	skip_ws(c);
	save = c->p;
	*start = save;
	if (at_eol(*save))
		return ERR(c, save, "missing operand: expected a register or a number");
	if (is_ident_start(*save) && !read_ident(c, name, &at)) {
		r = reg_number(name);
		if (r == -2)
			return ERR(c, at, "bad register '%s' (r0..r7)", name);
		if (r >= 0) {
			*reg = (uint8_t)r;
			return 1;
		}
	}
	c->p = save;
	return parse_expr(c, imm);
}

static int parse_mem(struct asm_ctx *c, uint16_t *region, uint32_t *off)
{
	char name[MAX_NAME];
	const char *at;
	uint64_t v;
	int r, ret;

	ret = read_operand_name(c, "region[offset]", name, &at);
	if (ret)
		return ret;
	r = region_number(name);
	if (r < 0)
		return ERR(c, at, "unknown region '%s' (bar0..bar5, cfg, res0..res7)",
			   name);
	skip_ws(c);
	if (*c->p != '[')
		return ERR(c, c->p, "expected '[' after region '%s'", name);
	c->p++;
	ret = parse_ranged(c, "offset", UINT32_MAX, &v);
	if (ret)
		return ret;
	skip_ws(c);
	if (*c->p != ']')
		return ERR(c, c->p, "expected ']' after the offset");
	c->p++;
	*region = (uint16_t)r;
	*off = (uint32_t)v;
	return 0;
}

static int parse_label_ref(struct asm_ctx *c, struct uirq_insn *insn)
{
	char name[MAX_NAME];
	struct fixup *f;
	struct sym *s;
	const char *at;
	int ret;

	ret = read_operand_name(c, "a label", name, &at);
	if (ret)
		return ret;
	s = sym_find(c, name);
	if (s && s->kind == SYM_LABEL)
		return ERR(c, at, "backward jump to '%s' (defined at line %u): jumps go forward only",
			   name, s->line);
	if (s)
		return ERR(c, at, "'%s' is a constant, not a label", name);
	f = &c->fix[c->nfix++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->insn = c->prog->count;
	f->line = c->lineno;
	f->col = col_of(c, at);
	insn->jump = 0;
	return 0;
}

/* A value for a W-byte store: unsigned, or negative and sign-fitting. */
static int check_width(struct asm_ctx *c, const char *at, unsigned int width,
		       uint64_t *v)
{
	uint64_t max, smin;

	if (width == 8)
		return 0;
	max = ((uint64_t)1 << (8 * width)) - 1;
	smin = (uint64_t)0 - ((uint64_t)1 << (8 * width - 1));
	if (*v <= max)
		return 0;
	if (*v >= smin) {
		*v &= max;
		return 0;
	}
	return ERR(c, at, "value 0x%" PRIx64 " does not fit in %u bits",
		   *v, 8 * width);
}

static int parse_insn_operands(struct asm_ctx *c, const struct uirq_opinfo *oi,
			       struct uirq_insn *insn)
{
	const char *at;
	uint64_t v;
	int ret;

	insn->op = oi->op;
	switch (oi->fmt) {
	case FMT_LD:
		ret = parse_reg(c, &insn->dst);
		if (!ret)
			ret = expect_comma(c, "region[offset]");
		if (!ret)
			ret = parse_mem(c, &insn->region, &insn->off);
		return ret;
	case FMT_ST:
		ret = parse_mem(c, &insn->region, &insn->off);
		if (!ret)
			ret = expect_comma(c, "a register or a value");
		if (!ret)
			ret = parse_reg_or_imm(c, &insn->src, &v, &at);
		if (ret < 0)
			return ret;
		if (ret == 1) {
			insn->mode = UIRQ_MODE_REG;
			return 0;
		}
		ret = check_width(c, at, oi->width, &v);
		insn->mode = UIRQ_MODE_IMM;
		insn->imm = v;
		return ret;
	case FMT_ALU:
	case FMT_JCC:
		ret = parse_reg(c, &insn->dst);
		if (!ret)
			ret = expect_comma(c, "a register or a number");
		if (!ret)
			ret = parse_reg_or_imm(c, &insn->src, &v, &at);
		if (ret < 0)
			return ret;
		insn->mode = ret == 1 ? UIRQ_MODE_REG : UIRQ_MODE_IMM;
		if (ret == 0) {
			insn->imm = v;
			if ((oi->op == UIRQ_OP_SHL || oi->op == UIRQ_OP_SHR) &&
			    v > UIRQ_ASM_MAX_SHIFT)
				return ERR(c, at, "shift amount %" PRIu64 " out of range (0..%d)",
					   v, UIRQ_ASM_MAX_SHIFT);
		}
		if (oi->fmt == FMT_ALU)
			return 0;
		ret = expect_comma(c, "a label");
		if (!ret)
			ret = parse_label_ref(c, insn);
		return ret;
	case FMT_NOT:
		return parse_reg(c, &insn->dst);
	case FMT_JA:
		return parse_label_ref(c, insn);
	case FMT_CAP:
		ret = parse_ranged(c, "capture slot", UIRQ_NUM_CAPS - 1, &v);
		if (ret)
			return ret;
		insn->off = (uint32_t)v;
		ret = expect_comma(c, "a register");
		if (!ret)
			ret = parse_reg(c, &insn->src);
		insn->mode = UIRQ_MODE_REG;
		return ret;
	case FMT_DELAY:
		skip_ws(c);
		at = c->p;
		ret = parse_expr(c, &v);
		if (ret)
			return ret;
		if (v < 1 || v > UIRQ_MAX_DELAY_US)
			return ERR(c, at, "delay %" PRIu64 " us out of range (1..%d)",
				   v, UIRQ_MAX_DELAY_US);
		insn->off = (uint32_t)v;
		return 0;
	case FMT_RET: {
		char name[MAX_NAME];
		const char *save;
		unsigned int i;

		skip_ws(c);
		save = c->p;
		at = c->p;
		if (at_eol(*at))
			return ERR(c, at, "missing operand: expected none, handled or quiet");
		if (is_ident_start(*at) && !read_ident(c, name, &at)) {
			for (i = UIRQ_RET_NONE; i <= UIRQ_RET_QUIET; i++) {
				if (name_eq(name, uirq_ret_name(i))) {
					insn->imm = i;
					return 0;
				}
			}
			if (!sym_find(c, name))
				return ERR(c, at, "unknown return code '%s' (none, handled, quiet)",
					   name);
		}
		c->p = save;
		ret = parse_ranged(c, "return code", UIRQ_RET_QUIET, &v);
		insn->imm = v;
		return ret;
	}
	}
	return -EINVAL;
}

/*
 * .insn OP, DST, SRC, MODE, REGION, JUMP, OFF, RESV, IMM: any encoding,
 * field by field in struct order, for what has no mnemonic form (the
 * disassembler's escape and a verifier test tool).
 */
static int parse_raw_insn(struct asm_ctx *c, struct uirq_insn *insn)
{
	static const struct { const char *name; uint64_t max; } f[9] = {
		{ "op", 0xff }, { "dst", 0xff }, { "src", 0xff },
		{ "mode", 0xff }, { "region", 0xffff }, { "jump", 0 },
		{ "off", UINT32_MAX }, { "resv", UINT32_MAX },
		{ "imm", UINT64_MAX },
	};
	uint64_t v[9];
	const char *at;
	int i, ret;

	for (i = 0; i < 9; i++) {
		if (i) {
			ret = expect_comma(c, f[i].name);
			if (ret)
				return ret;
		}
		skip_ws(c);
		at = c->p;
		if (i == 5) {
			ret = parse_expr(c, &v[i]);
			if (ret)
				return ret;
			if ((int64_t)v[i] < INT16_MIN || (int64_t)v[i] > INT16_MAX)
				return ERR(c, at, "jump %" PRId64 " out of range (-32768..32767)",
					   (int64_t)v[i]);
			continue;
		}
		ret = parse_ranged(c, f[i].name, f[i].max, &v[i]);
		if (ret)
			return ret;
	}
	insn->op = (uint8_t)v[0];
	insn->dst = (uint8_t)v[1];
	insn->src = (uint8_t)v[2];
	insn->mode = (uint8_t)v[3];
	insn->region = (uint16_t)v[4];
	insn->jump = (int16_t)(int64_t)v[5];
	insn->off = (uint32_t)v[6];
	insn->resv = (uint32_t)v[7];
	insn->imm = v[8];
	return 0;
}

static int begin_insn(struct asm_ctx *c, const char *at, struct uirq_insn **insn)
{
	struct uirq_program *prog = c->prog;

	if (prog->count >= UIRQ_MAX_INSNS)
		return ERR(c, at, "too many instructions (max %d)", UIRQ_MAX_INSNS);
	*insn = &prog->insns[prog->count];
	memset(*insn, 0, sizeof(**insn));
	prog->line[prog->count] = c->lineno;
	prog->col[prog->count] = col_of(c, at);
	return 0;
}

static int parse_directive(struct asm_ctx *c, const char *name, const char *at)
{
	struct uirq_insn *insn;
	char sym[MAX_NAME], word[48];
	const char *sat;
	uint64_t v;
	int ret;
	uint32_t kind;

	if (name_eq(name, ".equ") || name_eq(name, ".set")) {
		skip_ws(c);
		if (at_eol(*c->p))
			return ERR(c, c->p, "missing operand: expected '.equ NAME, VALUE'");
		if (read_ident(c, sym, &sat)) {
			word_at(c->p, word, sizeof(word));
			return ERR(c, c->p, "expected a constant name, got '%s'", word);
		}
		ret = expect_comma(c, "a value");
		if (!ret)
			ret = parse_expr(c, &v);
		if (!ret)
			ret = sym_define(c, sym, sat, SYM_EQU, v);
		return ret;
	}
	if (name_eq(name, ".kind")) {
		ret = read_operand_name(c, "ack, enable, release or init", sym,
					&sat);
		if (ret)
			return ret;
		if (c->have_kind)
			return ERR(c, at, "duplicate .kind directive");
		if (uirq_kind_parse(sym, &kind))
			return ERR(c, sat, "unknown program kind '%s' (ack, enable, release, init)",
				   sym);
		c->prog->kind = kind;
		c->have_kind = true;
		return 0;
	}
	if (name_eq(name, ".insn")) {
		ret = begin_insn(c, at, &insn);
		if (!ret)
			ret = parse_raw_insn(c, insn);
		if (!ret)
			c->prog->count++;
		return ret;
	}
	return ERR(c, at, "unknown directive '%s' (.equ, .kind, .insn)", name);
}

static const struct uirq_opinfo *opinfo_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < uirq_opinfo_count; i++)
		if (name_eq(name, uirq_opinfo_table[i].name))
			return &uirq_opinfo_table[i];
	return NULL;
}

static int parse_line(struct asm_ctx *c)
{
	const struct uirq_opinfo *oi;
	struct uirq_insn *insn;
	char name[MAX_NAME], word[48];
	const char *at;
	int ret;

	for (;;) {
		skip_ws(c);
		if (at_eol(*c->p))
			return 0;
		if (read_ident(c, name, &at)) {
			word_at(c->p, word, sizeof(word));
			return ERR(c, c->p, "expected a label, directive or instruction, got '%s'",
				   word);
		}
		skip_ws(c);
		if (*c->p != ':')
			break;
		c->p++;
		ret = sym_define(c, name, at, SYM_LABEL, c->prog->count);
		if (ret)
			return ret;
	}
	if (name[0] == '.') {
		ret = parse_directive(c, name, at);
	} else {
		oi = opinfo_by_name(name);
		if (!oi)
			return ERR(c, at, "unknown mnemonic '%s'", name);
		ret = begin_insn(c, at, &insn);
		if (!ret)
			ret = parse_insn_operands(c, oi, insn);
		if (!ret)
			c->prog->count++;
	}
	if (ret)
		return ret;
	skip_ws(c);
	if (!at_eol(*c->p)) {
		word_at(c->p, word, sizeof(word));
		return ERR(c, c->p, "unexpected '%s' after the operands", word);
	}
	return 0;
}

static int resolve(struct asm_ctx *c)
{
	struct uirq_program *prog = c->prog;
	unsigned int i;
	struct sym *s;

	for (i = 0; i < c->nfix; i++) {
		struct fixup *f = &c->fix[i];

		s = sym_find(c, f->name);
		if (!s)
			return error_at(c, f->line, f->col, "unknown label '%s'",
					f->name);
		if (s->kind != SYM_LABEL)
			return error_at(c, f->line, f->col,
					"'%s' is a constant, not a label", f->name);
		/* Forward only, so the distance is >= 0 and < UIRQ_MAX_INSNS. */
		prog->insns[f->insn].jump = (int16_t)(s->value - f->insn - 1);
	}
	return 0;
}

int uirq_asm_string(const char *text, const char *filename,
		    struct uirq_program *prog, char *err, size_t errlen)
{
	struct asm_ctx ctx_storage;	/* ~25 KiB: fine on a user stack */
	struct asm_ctx *c = &ctx_storage;
	const char *line;
	int ret = 0;

	if (!text || !prog)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	memset(prog, 0, sizeof(*prog));
	prog->kind = UIRQ_PROG_NUM_KINDS;
	c->file = filename ? filename : "<string>";
	snprintf(prog->name, sizeof(prog->name), "%s", c->file);
	c->prog = prog;
	c->err = err;
	c->errlen = errlen;
	if (err && errlen)
		err[0] = '\0';

	for (line = text; *line; ) {
		c->lineno++;
		c->line_start = line;
		c->p = line;
		ret = parse_line(c);
		if (ret)
			break;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	if (!ret)
		ret = resolve(c);
	if (!ret && prog->count == 0)
		ret = error_at(c, c->lineno ? c->lineno : 1, 1,
			       "no instructions in the program");
	if (ret) {
		memset(prog->insns, 0, sizeof(prog->insns));
		prog->count = 0;
	}
	return ret;
}
