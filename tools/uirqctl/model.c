// SPDX-License-Identifier: MIT
/*
 * The register model of `uirqctl sim` (docs/sim.md): named registers with
 * the side effects real devices have (read-to-clear, write-1-to-clear,
 * set/clear registers, read-only bits, value sequences), a definition of
 * "the device asserts its interrupt", and a sequence of steps (program
 * runs and device/driver events) run against one state.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "offline.h"

#define MAXTOK	24

struct ctx {
	struct model *m;
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int perr(struct ctx *c, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (c->file)
		n = (size_t)snprintf(c->err, c->errlen, "%s:%u: error: ", c->file,
				     c->line);
	if (n >= c->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static uint64_t width_mask(uint32_t width)
{
	return width >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * width)) - 1;
}

static int num(const char *s, uint64_t *v)
{
	return parse_u64(s, strlen(s), v);
}

static int find_reg(const struct model *m, const char *name)
{
	unsigned int i;

	for (i = 0; i < m->nregs; i++)
		if (m->reg[i].name[0] && !strcmp(m->reg[i].name, name))
			return (int)i;
	return -1;
}

static int find_at(const struct model *m, uint32_t region, uint32_t off)
{
	unsigned int i;

	for (i = 0; i < m->nregs; i++)
		if (m->reg[i].region == region && m->reg[i].off == off)
			return (int)i;
	return -1;
}

/* A register the program touches that no reg line declares. */
static int add_anon(struct model *m, uint32_t region, uint32_t off)
{
	struct model_reg *r;

	if (m->nregs == MODEL_MAX_REGS)
		return -1;
	r = &m->reg[m->nregs];
	memset(r, 0, sizeof(*r));
	r->region = region;
	r->off = off;
	r->width = 8;
	r->wclr = r->wset = r->rclr = -1;
	return (int)m->nregs++;
}

/* REGION[OFF] */
static int parse_loc(const char *s, uint32_t *region, uint32_t *off)
{
	const char *lb = strchr(s, '['), *rb = lb ? strchr(lb, ']') : NULL;
	char name[16];
	unsigned int i;
	uint64_t o;

	if (!lb || !rb || rb[1] || (size_t)(lb - s) >= sizeof(name))
		return -EINVAL;
	memcpy(name, s, (size_t)(lb - s));
	name[lb - s] = '\0';
	*region = UIRQ_MAX_REGIONS;
	for (i = 0; i < UIRQ_MAX_REGIONS; i++)
		if (!strcmp(name, uirq_region_name(i)))
			*region = i;
	if (*region == UIRQ_MAX_REGIONS ||
	    parse_u64(lb + 1, (size_t)(rb - lb - 1), &o) || o > UINT32_MAX)
		return -EINVAL;
	*off = (uint32_t)o;
	return 0;
}

/* A register by name, or by REGION[OFF] (created if the model is not strict). */
static int reg_ref(struct ctx *c, const char *s)
{
	uint32_t region, off;
	int r = find_reg(c->m, s);

	if (r >= 0)
		return r;
	if (parse_loc(s, &region, &off))
		return perr(c, "unknown register '%s'", s);
	r = find_at(c->m, region, off);
	if (r < 0)
		r = add_anon(c->m, region, off);
	if (r < 0)
		return perr(c, "too many registers (max %d)", MODEL_MAX_REGS);
	return r;
}

static int reg_attr(struct ctx *c, struct model_reg *r, const char *a)
{
	const char *eq = strchr(a, '='), *v = eq ? eq + 1 : NULL, *colon;
	char tgt[32], *p, *save, buf[256];
	uint64_t x;
	int t;

	if (!strcmp(a, "rc"))
		r->flags |= MREG_RC;
	else if (!strcmp(a, "w1c"))
		r->flags |= MREG_W1C;
	else if (!strcmp(a, "w1s"))
		r->flags |= MREG_W1S;
	else if (!strcmp(a, "ro"))
		r->ro = UINT64_MAX;
	else if (!strncmp(a, "ro=", 3)) {
		if (num(v, &r->ro))
			return perr(c, "bad mask in '%s'", a);
	} else if (!strncmp(a, "wclr=", 5) || !strncmp(a, "wset=", 5)) {
		t = find_reg(c->m, v);
		if (t < 0)
			return perr(c, "'%s': no register '%s' declared above", a, v);
		if (a[1] == 'c')
			r->wclr = t;
		else
			r->wset = t;
	} else if (!strncmp(a, "rclr=", 5)) {
		colon = strchr(v, ':');
		if (!colon || (size_t)(colon - v) >= sizeof(tgt) ||
		    num(colon + 1, &r->rclr_mask))
			return perr(c, "bad '%s': expected rclr=REGISTER:MASK", a);
		memcpy(tgt, v, (size_t)(colon - v));
		tgt[colon - v] = '\0';
		r->rclr = find_reg(c->m, tgt);
		if (r->rclr < 0)
			return perr(c, "'%s': no register '%s' declared above", a, tgt);
	} else if (!strncmp(a, "seq=", 4)) {
		if (strlen(v) >= sizeof(buf))
			return perr(c, "'%s' too long", a);
		strcpy(buf, v);
		for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			if (r->nseq == MODEL_MAX_SEQ)
				return perr(c, "seq: too many values (max %d)",
					    MODEL_MAX_SEQ);
			if (num(p, &x))
				return perr(c, "seq: bad value '%s'", p);
			r->seq[r->nseq++] = x;
		}
		if (!r->nseq)
			return perr(c, "seq: no values");
	} else {
		return perr(c, "unknown register attribute '%s' (rc, w1c, w1s, ro, ro=MASK, wclr=REG, wset=REG, rclr=REG:MASK, seq=V,V,...)",
			    a);
	}
	return 0;
}

/* Names appear in conditions (a&b, !a) and in REGION[OFF] places. */
static int valid_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* reg NAME REGION[OFF] WIDTH [VALUE] [ATTR...] */
static int parse_reg(struct ctx *c, char **tok, unsigned int n)
{
	struct model *m = c->m;
	struct model_reg *r;
	uint64_t w, v;
	uint32_t region, off;
	unsigned int i = 4;
	int ret;

	if (n < 4)
		return perr(c, "expected: reg NAME REGION[OFFSET] WIDTH [VALUE] [ATTRIBUTE...]");
	if (strlen(tok[1]) >= sizeof(r->name) || !valid_name(tok[1]))
		return perr(c, "bad register name '%s' (letters, digits and _, not first a digit; at most %zu)",
			    tok[1], sizeof(r->name) - 1);
	if (find_reg(m, tok[1]) >= 0)
		return perr(c, "register '%s' declared twice", tok[1]);
	if (parse_loc(tok[2], &region, &off))
		return perr(c, "bad location '%s': expected REGION[OFFSET], e.g. bar0[0x24]",
			    tok[2]);
	if (find_at(m, region, off) >= 0)
		return perr(c, "%s already has a register", tok[2]);
	if (num(tok[3], &w) || (w != 8 && w != 16 && w != 32 && w != 64))
		return perr(c, "bad width '%s' (8, 16, 32 or 64 bits)", tok[3]);
	if (off % (w / 8))
		return perr(c, "%s is not aligned to its width %s", tok[2], tok[3]);
	if (m->nregs == MODEL_MAX_REGS)
		return perr(c, "too many registers (max %d)", MODEL_MAX_REGS);
	r = &m->reg[m->nregs];
	memset(r, 0, sizeof(*r));
	strcpy(r->name, tok[1]);
	r->region = region;
	r->off = off;
	r->width = (uint32_t)w / 8;
	r->wclr = r->wset = r->rclr = -1;
	r->flags = MREG_MODELLED;
	if (n > 4 && !num(tok[4], &v)) {
		if (v & ~width_mask(r->width))
			return perr(c, "value %s does not fit in %s bits", tok[4],
				    tok[3]);
		r->val = v;
		i = 5;
	}
	for (; i < n; i++) {
		ret = reg_attr(c, r, tok[i]);
		if (ret)
			return ret;
	}
	if ((r->wclr >= 0) + (r->wset >= 0) +
	    !!(r->flags & MREG_W1C) + !!(r->flags & MREG_W1S) > 1)
		return perr(c, "w1c, w1s, wclr and wset exclude each other");
	m->nregs++;
	return 0;
}

/* One condition: [!]F[&F...], F a register name or a number. */
static int parse_cond(struct ctx *c, const char *s, struct model_cond *cd)
{
	char buf[128], *p, *save;
	int r;

	memset(cd, 0, sizeof(*cd));
	if (*s == '!') {
		cd->neg = 1;
		s++;
	}
	if (strlen(s) >= sizeof(buf))
		return perr(c, "condition '%s' too long", s);
	strcpy(buf, s);
	for (p = strtok_r(buf, "&", &save); p; p = strtok_r(NULL, "&", &save)) {
		if (cd->nfac == MODEL_MAX_FACTORS)
			return perr(c, "condition '%s': more than %d factors", s,
				    MODEL_MAX_FACTORS);
		cd->fac[cd->nfac].reg = -1;
		if (num(p, &cd->fac[cd->nfac].k)) {
			r = find_reg(c->m, p);
			if (r < 0)
				return perr(c, "condition '%s': no register '%s' declared above",
					    s, p);
			cd->fac[cd->nfac].reg = r;
		}
		cd->nfac++;
	}
	if (!cd->nfac)
		return perr(c, "empty condition");
	return 0;
}

static int parse_assert(struct ctx *c, char **tok, unsigned int n)
{
	struct model_assert *a;
	unsigned int i;
	int ret;

	if (n < 2)
		return perr(c, "expected: assert CONDITION... (e.g. assert status&enable)");
	if (c->m->nasserts == MODEL_MAX_ASSERTS)
		return perr(c, "too many assert lines (max %d)", MODEL_MAX_ASSERTS);
	if (n - 1 > MODEL_MAX_CONDS)
		return perr(c, "too many conditions (max %d)", MODEL_MAX_CONDS);
	a = &c->m->asserts[c->m->nasserts];
	a->ncond = n - 1;
	for (i = 1; i < n; i++) {
		ret = parse_cond(c, tok[i], &a->cond[i - 1]);
		if (ret)
			return ret;
	}
	c->m->nasserts++;
	return 0;
}

static int parse_step(struct ctx *c, char **tok, unsigned int n)
{
	struct model *m = c->m;
	struct model_step *s;
	unsigned int i;
	size_t len = 0;
	uint32_t kind;
	int r;

	if (m->nsteps == MODEL_MAX_STEPS)
		return perr(c, "too many steps (max %d)", MODEL_MAX_STEPS);
	s = &m->steps[m->nsteps];
	memset(s, 0, sizeof(*s));
	s->cap = -1;
	s->reg = -1;
	for (i = 0; i < n && len < sizeof(s->text); i++)
		len += (size_t)snprintf(s->text + len, sizeof(s->text) - len,
					"%s%s", i ? " " : "", tok[i]);
	if (n == 1 && !uirq_kind_parse(tok[0], &kind)) {
		s->op = STEP_RUN;
		s->kind = kind;
	} else if (!strcmp(tok[0], "run")) {
		if (n != 2 || uirq_kind_parse(tok[1], &kind))
			return perr(c, "expected: run ack|enable|release|init");
		s->op = STEP_RUN;
		s->kind = kind;
	} else if (!strcmp(tok[0], "set") || !strcmp(tok[0], "raise") ||
		   !strcmp(tok[0], "write")) {
		if (n != 3)
			return perr(c, "expected: %s REGISTER VALUE", tok[0]);
		s->op = tok[0][0] == 's' ? STEP_SET :
			tok[0][0] == 'r' ? STEP_RAISE : STEP_WRITE;
		r = reg_ref(c, tok[1]);
		if (r < 0)
			return r;
		s->reg = r;
		if (!strncmp(tok[2], "cap", 3) && tok[2][3] >= '0' &&
		    tok[2][3] < '0' + UIRQ_NUM_CAPS && !tok[2][4])
			s->cap = tok[2][3] - '0';
		else if (num(tok[2], &s->val))
			return perr(c, "bad value '%s' (a number or cap0..cap7)",
				    tok[2]);
	} else {
		return perr(c, "unknown step '%s' (run KIND, set, raise, write)",
			    tok[0]);
	}
	m->nsteps++;
	return 0;
}

/* Path of a prog line, relative to the model file's directory. */
static int parse_prog(struct ctx *c, char **tok, unsigned int n)
{
	struct model *m = c->m;
	const char *slash = strrchr(c->file, '/');
	size_t dir = slash ? (size_t)(slash - c->file) + 1 : 0;
	uint32_t kind;

	if (n != 3 || uirq_kind_parse(tok[1], &kind))
		return perr(c, "expected: prog ack|enable|release|init FILE");
	if (m->prog_path[kind])
		return perr(c, "a second %s program", tok[1]);
	if (tok[2][0] == '/')
		dir = 0;
	if (dir + strlen(tok[2]) >= sizeof(m->prog_buf[kind]))
		return perr(c, "path too long");
	memcpy(m->prog_buf[kind], c->file, dir);
	strcpy(m->prog_buf[kind] + dir, tok[2]);
	m->prog_path[kind] = m->prog_buf[kind];
	return 0;
}

static int parse_region(struct ctx *c, char **tok, unsigned int n)
{
	struct model *m = c->m;
	struct uirq_region_info tmp[UIRQ_MAX_REGIONS];
	char *spec;
	int ret;

	if (n != 4)
		return perr(c, "expected: region NAME TYPE SIZE (e.g. region bar0 mmio 4k)");
	if (m->nregion_specs == MODEL_MAX_REGION_SPECS)
		return perr(c, "too many region lines");
	spec = m->region_specs[m->nregion_specs];
	if ((size_t)snprintf(spec, sizeof(m->region_specs[0]), "%s:%s:%s",
			     tok[1], tok[2], tok[3]) >= sizeof(m->region_specs[0]))
		return perr(c, "region line too long");
	regions_absent(tmp);
	ret = uirq_region_parse(spec, tmp, c->err, c->errlen);
	if (ret) {
		char why[OFFLINE_ERRLEN];

		snprintf(why, sizeof(why), "%s", c->err);
		return perr(c, "%s", why);
	}
	m->nregion_specs++;
	return 0;
}

/* Split at blanks, after cutting a # or ; comment; returns the count or -EINVAL. */
static int tokenize(struct ctx *c, char *line, char **tok)
{
	char *p, *save;
	int n = 0;

	p = strpbrk(line, "#;");
	if (p)
		*p = '\0';
	for (p = strtok_r(line, " \t\r\n", &save); p;
	     p = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAXTOK)
			return perr(c, "too many words (max %d)", MAXTOK);
		tok[n++] = p;
	}
	return n;
}

static int parse_line(struct ctx *c, char *line)
{
	char *tok[MAXTOK];
	int n = tokenize(c, line, tok);

	if (n <= 0)
		return n;
	if (!strcmp(tok[0], "reg"))
		return parse_reg(c, tok, (unsigned int)n);
	if (!strcmp(tok[0], "assert"))
		return parse_assert(c, tok, (unsigned int)n);
	if (!strcmp(tok[0], "prog"))
		return parse_prog(c, tok, (unsigned int)n);
	if (!strcmp(tok[0], "region"))
		return parse_region(c, tok, (unsigned int)n);
	return parse_step(c, tok, (unsigned int)n);
}

int model_load(struct model *m, const char *path, char *err, size_t errlen)
{
	struct ctx c = { .m = m, .file = path, .err = err, .errlen = errlen };
	char line[1024];
	FILE *f;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	m->strict = 1;
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	while (fgets(line, sizeof(line), f)) {
		c.line++;
		if (!strchr(line, '\n') && !feof(f)) {
			ret = perr(&c, "line too long (max %zu characters)",
				   sizeof(line) - 2);
			break;
		}
		ret = parse_line(&c, line);
		if (ret)
			break;
	}
	fclose(f);
	return ret;
}

int model_add_step(struct model *m, const char *text, char *err, size_t errlen)
{
	struct ctx c = { .m = m, .err = err, .errlen = errlen };
	char buf[256], *tok[MAXTOK];
	int n;

	if (strlen(text) >= sizeof(buf))
		return perr(&c, "step too long");
	strcpy(buf, text);
	n = tokenize(&c, buf, tok);
	if (n < 0)
		return n;
	if (!n)
		return perr(&c, "empty step");
	return parse_step(&c, tok, (unsigned int)n);
}

int model_set(struct model *m, const char *arg, char *err, size_t errlen)
{
	struct ctx c = { .m = m, .err = err, .errlen = errlen };
	const char *eq = strrchr(arg, '=');
	char name[64];
	uint64_t v;
	int r;

	if (!eq || (size_t)(eq - arg) >= sizeof(name))
		return perr(&c, "bad --set '%s': expected REGION[OFFSET]=VALUE or REGISTER=VALUE, e.g. bar0[0x24]=5",
			    arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (!strchr(name, '[') && find_reg(m, name) < 0) {
		if (!m->strict)
			return perr(&c, "bad --set '%s': expected REGION[OFFSET]=VALUE, e.g. bar0[0x24]=5",
				    arg);
		return perr(&c, "bad --set '%s': the model has no register '%s'",
			    arg, name);
	}
	if (strchr(name, '[') && !strchr(name, ']'))
		return perr(&c, "bad --set '%s': expected REGION[OFFSET]=VALUE, e.g. bar0[0x24]=5",
			    arg);
	if (strchr(name, '[')) {
		uint32_t region, off;

		if (parse_loc(name, &region, &off)) {
			*strchr(name, '[') = '\0';
			return perr(&c, "bad --set '%s': unknown region '%s' or bad offset",
				    arg, name);
		}
	}
	r = reg_ref(&c, name);
	if (r < 0)
		return r;
	if (num(eq + 1, &v))
		return perr(&c, "bad --set '%s': bad value", arg);
	m->reg[r].val = v & width_mask(m->reg[r].width);
	return 0;
}

/* ---- running ---- */

static const char *reg_label(const struct model_reg *r, char *buf, size_t len)
{
	if (r->name[0])
		return r->name;
	snprintf(buf, len, "%s[0x%" PRIx32 "]", uirq_region_name(r->region),
		 r->off);
	return buf;
}

static int bus_reg(struct model *m, uint32_t region, uint32_t off)
{
	int r = find_at(m, region, off);

	if (r < 0 && !m->strict)
		r = add_anon(m, region, off);
	return r;
}

static uint64_t bus_read(void *ctx, u32 region, u32 off, u32 width)
{
	struct model *m = ctx;
	int i = bus_reg(m, region, off);
	struct model_reg *r;
	uint64_t val;

	if (i < 0) {
		printf("read%u %s[0x%" PRIx32 "] -> 0x0 (not in the model)\n",
		       width * 8, uirq_region_name(region), off);
		return 0;
	}
	r = &m->reg[i];
	if (r->nseq) {
		r->val = r->seq[r->seqpos < r->nseq ? r->seqpos : r->nseq - 1];
		r->seqpos++;
	}
	val = r->val & width_mask(width);
	printf("read%u %s[0x%" PRIx32 "] -> 0x%" PRIx64 "\n", width * 8,
	       uirq_region_name(region), off, val);
	if (r->flags & MREG_RC)
		r->val &= r->ro;
	if (r->rclr >= 0)
		m->reg[r->rclr].val &= ~r->rclr_mask;
	return val;
}

static void reg_write(struct model *m, struct model_reg *r, uint64_t v)
{
	uint64_t wr = ~r->ro & width_mask(r->width);

	if (r->wclr >= 0)
		m->reg[r->wclr].val &= ~v;
	else if (r->wset >= 0)
		m->reg[r->wset].val |= v & width_mask(m->reg[r->wset].width);
	else if (r->flags & MREG_W1C)
		r->val &= ~(v & wr);
	else if (r->flags & MREG_W1S)
		r->val |= v & wr;
	else
		r->val = (r->val & ~wr) | (v & wr);
}

static void bus_write(void *ctx, u32 region, u32 off, u32 width, u64 val)
{
	struct model *m = ctx;
	int i = bus_reg(m, region, off);

	val &= width_mask(width);
	printf("write%u %s[0x%" PRIx32 "] <- 0x%" PRIx64 "%s\n", width * 8,
	       uirq_region_name(region), off, (uint64_t)val,
	       i < 0 ? " (not in the model)" : "");
	if (i >= 0)
		reg_write(m, &m->reg[i], val);
}

static void bus_delay(void *ctx, u32 us)
{
	(void)ctx;
	printf("delay %uus\n", us);
}

void model_bus(struct model *m, struct uirq_bus *bus)
{
	bus->read = bus_read;
	bus->write = bus_write;
	bus->delay = bus_delay;
	bus->ctx = m;
}

void model_write(struct model *m, int reg, uint64_t val)
{
	struct model_reg *r = &m->reg[reg];

	bus_write(m, r->region, r->off, r->width, val);
}

static int cond_true(const struct model *m, const struct model_cond *cd)
{
	uint64_t v = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < cd->nfac; i++)
		v &= cd->fac[i].reg >= 0 ? m->reg[cd->fac[i].reg].val : cd->fac[i].k;
	return (v != 0) != cd->neg;
}

static int asserting(const struct model *m)
{
	unsigned int i, j;

	for (i = 0; i < m->nasserts; i++) {
		for (j = 0; j < m->asserts[i].ncond; j++)
			if (!cond_true(m, &m->asserts[i].cond[j]))
				break;
		if (j == m->asserts[i].ncond)
			return 1;
	}
	return 0;
}

void model_print_state(const struct model *m)
{
	unsigned int i;
	char buf[48];

	printf("state:");
	for (i = 0; i < m->nregs; i++)
		printf(" %s=0x%" PRIx64, reg_label(&m->reg[i], buf, sizeof(buf)),
		       m->reg[i].val);
	printf("\n");
	if (m->nasserts)
		printf("asserting: %s\n", asserting(m) ? "yes" : "no");
}
