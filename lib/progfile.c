// SPDX-License-Identifier: MIT
/*
 * Program files (text or binary), region descriptions and offline
 * verification with the kernel's own verifier (core/verify.c).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "uirq_core.h"

#define INSN_BYTES	24	/* the uapi layout, packed, little-endian */
/* Big enough for any sensible source; larger files are certainly wrong. */
#define MAX_FILE_BYTES	(1024 * 1024)

_Static_assert(sizeof(struct uirq_insn) == INSN_BYTES,
	       "struct uirq_insn is the 24-byte file record");

__attribute__((format(printf, 3, 4)))
static int msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static uint64_t get_le(const unsigned char *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static void put_le(unsigned char *p, unsigned int n, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

static void insn_decode(const unsigned char *p, struct uirq_insn *in)
{
	in->op = p[0];
	in->dst = p[1];
	in->src = p[2];
	in->mode = p[3];
	in->region = (uint16_t)get_le(p + 4, 2);
	in->jump = (int16_t)get_le(p + 6, 2);
	in->off = (uint32_t)get_le(p + 8, 4);
	in->resv = (uint32_t)get_le(p + 12, 4);
	in->imm = get_le(p + 16, 8);
}

static void insn_encode(const struct uirq_insn *in, unsigned char *p)
{
	p[0] = in->op;
	p[1] = in->dst;
	p[2] = in->src;
	p[3] = in->mode;
	put_le(p + 4, 2, in->region);
	put_le(p + 6, 2, (uint16_t)in->jump);
	put_le(p + 8, 4, in->off);
	put_le(p + 12, 4, in->resv);
	put_le(p + 16, 8, in->imm);
}

int uirq_program_load_bin(const void *data, size_t len, const char *name,
			  struct uirq_program *prog, char *err, size_t errlen)
{
	const unsigned char *p = data;
	size_t i, n;

	if (!prog || (len && !data))
		return -EINVAL;
	if (!name)
		name = "<binary>";
	memset(prog, 0, sizeof(*prog));
	prog->kind = UIRQ_PROG_NUM_KINDS;
	snprintf(prog->name, sizeof(prog->name), "%s", name);
	if (len == 0 || len % INSN_BYTES)
		return msg(err, errlen,
			   "%s: error: binary program of %zu bytes is not a whole number of %d-byte instructions",
			   name, len, INSN_BYTES);
	n = len / INSN_BYTES;
	if (n > UIRQ_MAX_INSNS)
		return msg(err, errlen,
			   "%s: error: binary program has %zu instructions (max %d)",
			   name, n, UIRQ_MAX_INSNS);
	for (i = 0; i < n; i++)
		insn_decode(p + i * INSN_BYTES, &prog->insns[i]);
	prog->count = (uint32_t)n;
	return 0;
}

static int read_all(const char *path, char **data, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = NULL, *nb;
	ssize_t r;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= MAX_FILE_BYTES) {
				ret = -EFBIG;
				break;
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				ret = -ENOMEM;
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int uirq_program_load_file(const char *path, struct uirq_program *prog,
			   char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (!path || !prog)
		return -EINVAL;
	ret = read_all(path, &data, &len);
	if (ret) {
		if (ret == -EFBIG)
			msg(err, errlen, "%s: error: file larger than %d bytes",
			    path, MAX_FILE_BYTES);
		else
			msg(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (memchr(data, '\0', len))
		ret = uirq_program_load_bin(data, len, path, prog, err, errlen);
	else
		ret = uirq_asm_string(data, path, prog, err, errlen);
	free(data);
	return ret;
}

int uirq_program_save_bin(const char *path, const struct uirq_program *prog)
{
	unsigned char buf[UIRQ_MAX_INSNS * INSN_BYTES];
	size_t len, done = 0;
	ssize_t r;
	uint32_t i;
	int fd, ret = 0;

	if (!path || !prog || !prog->count || prog->count > UIRQ_MAX_INSNS)
		return -EINVAL;
	for (i = 0; i < prog->count; i++)
		insn_encode(&prog->insns[i], buf + i * INSN_BYTES);
	len = (size_t)prog->count * INSN_BYTES;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (done < len) {
		r = write(fd, buf + done, len - done);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		done += (size_t)r;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

void uirq_regions_default(struct uirq_region_info *regions)
{
	struct uirq_region_desc d[UIRQ_MAX_REGIONS];
	unsigned int i;

	uirq_default_regions(d);
	memset(regions, 0, UIRQ_MAX_REGIONS * sizeof(*regions));
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		regions[i].argsz = sizeof(regions[i]);
		regions[i].index = i;
		regions[i].type = d[i].type;
		regions[i].size = d[i].size;
	}
}

static const char *const type_names[] = {
	[UIRQ_REGION_TYPE_NONE] = "none",
	[UIRQ_REGION_TYPE_MMIO] = "mmio",
	[UIRQ_REGION_TYPE_PIO]	= "pio",
	[UIRQ_REGION_TYPE_CFG]	= "cfg",
};

int uirq_region_parse(const char *spec, struct uirq_region_info *regions,
		      char *err, size_t errlen)
{
	char name[16], type[16];
	const char *c1, *c2, *s;
	unsigned int i, region = UIRQ_MAX_REGIONS, t = 4, base = 10, digit;
	uint64_t size = 0, mult = 1;

	if (!spec || !regions)
		return -EINVAL;
	c1 = strchr(spec, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c1 || !c2 || strchr(c2 + 1, ':'))
		return msg(err, errlen, "bad region '%s': expected NAME:TYPE:SIZE (e.g. bar0:mmio:0x1000)",
			   spec);
	if ((size_t)(c1 - spec) >= sizeof(name) ||
	    (size_t)(c2 - c1 - 1) >= sizeof(type))
		return msg(err, errlen, "bad region '%s': name or type too long",
			   spec);
	memcpy(name, spec, (size_t)(c1 - spec));
	name[c1 - spec] = '\0';
	memcpy(type, c1 + 1, (size_t)(c2 - c1 - 1));
	type[c2 - c1 - 1] = '\0';

	for (i = 0; i < UIRQ_MAX_REGIONS; i++)
		if (!strcmp(name, uirq_region_name(i)))
			region = i;
	if (region == UIRQ_MAX_REGIONS || region == UIRQ_REGION_ROM)
		return msg(err, errlen, "bad region '%s': unknown region name '%s' (bar0..bar5, cfg, res0..res7)",
			   spec, name);
	for (i = 0; i < 4; i++)
		if (!strcmp(type, type_names[i]))
			t = i;
	if (t == 4)
		return msg(err, errlen, "bad region '%s': unknown type '%s' (mmio, pio, cfg, none)",
			   spec, type);

	s = c2 + 1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	}
	if (!*s)
		goto bad_size;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digit = (unsigned int)(*s - '0');
		else if (base == 16 && isxdigit((unsigned char)*s))
			digit = (unsigned int)(tolower((unsigned char)*s) - 'a' + 10);
		else
			break;
		if (digit >= base || size > (UINT64_MAX - digit) / base)
			goto bad_size;
		size = size * base + digit;
	}
	if (*s == 'k' || *s == 'K')
		mult = 1024;
	else if (*s == 'M')
		mult = 1024 * 1024;
	else if (*s)
		goto bad_size;
	if (*s && s[1])
		goto bad_size;
	if (size > UINT64_MAX / mult)
		goto bad_size;
	size *= mult;
	if (t == UIRQ_REGION_TYPE_NONE && size)
		return msg(err, errlen, "bad region '%s': type none takes size 0",
			   spec);
	if (t != UIRQ_REGION_TYPE_NONE && !size)
		return msg(err, errlen, "bad region '%s': size 0 (use TYPE none to remove a region)",
			   spec);

	regions[region].argsz = sizeof(regions[region]);
	regions[region].index = region;
	regions[region].type = t;
	regions[region].size = size;
	return 0;
bad_size:
	return msg(err, errlen, "bad region '%s': bad size '%s' (decimal, 0x hex or 0b binary, optional k/K or M suffix)",
		   spec, c2 + 1);
}

int uirq_kind_parse(const char *name, uint32_t *kind)
{
	uint32_t k;

	if (!name)
		return -EINVAL;
	for (k = 0; k < UIRQ_PROG_NUM_KINDS; k++) {
		if (!strcmp(name, uirq_kind_name(k))) {
			if (kind)
				*kind = k;
			return 0;
		}
	}
	return -EINVAL;
}

int uirq_program_errmsg(const struct uirq_program *prog, int insn,
			const char *text, char *buf, size_t len)
{
	const char *name = prog && prog->name[0] ? prog->name : "<program>";
	int n;

	if (!buf || !len)
		return -EINVAL;
	if (!text)
		text = "rejected";
	if (insn < 0)
		n = snprintf(buf, len, "%s: error: %s", name, text);
	else if (prog && (uint32_t)insn < prog->count && prog->line[insn])
		n = snprintf(buf, len, "%s:%u:%u: error: insn %d: %s", name,
			     prog->line[insn], prog->col[insn], insn, text);
	else
		n = snprintf(buf, len, "%s: error: insn %d: %s", name, insn,
			     text);
	return n >= 0 && (size_t)n < len ? 0 : -ENOSPC;
}

int uirq_program_verify(const struct uirq_program *prog, uint32_t kind,
			const struct uirq_region_info *regions,
			struct uirq_prog_props *props, char *err, size_t errlen)
{
	struct uirq_region_desc d[UIRQ_MAX_REGIONS];
	struct uirq_cfg_policy *policy;
	struct uirq_prog vp;
	struct uirq_verr verr;
	unsigned int i;
	int ret;

	if (!prog)
		return -EINVAL;
	/* Up to 8 KiB: not on the caller's stack. */
	policy = malloc(UIRQ_CFG_POLICY_BYTES(UIRQ_CFG_MAX));
	if (!policy)
		return -ENOMEM;
	if (kind >= UIRQ_PROG_NUM_KINDS)
		kind = prog->kind < UIRQ_PROG_NUM_KINDS ? prog->kind :
		       UIRQ_PROG_ACK;
	if (regions) {
		memset(d, 0, sizeof(d));
		for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
			d[i].type = regions[i].type;
			d[i].size = regions[i].size;
		}
	} else {
		uirq_default_regions(d);
	}
	/*
	 * The kernel checks config stores against the device's own policy;
	 * offline, the standard header's part of it is what can be known.
	 */
	uirq_cfg_policy_init(policy, NULL, (uint32_t)d[UIRQ_REGION_CFG].size);
	d[UIRQ_REGION_CFG].policy = policy;
	memset(&verr, 0, sizeof(verr));
	ret = uirq_verify(&vp, kind, prog->insns, prog->count, d, &verr);
	free(policy);
	if (ret) {
		verr.msg[sizeof(verr.msg) - 1] = '\0';
		if (err && errlen)
			uirq_program_errmsg(prog, verr.insn, verr.msg, err,
					    errlen);
		return -EINVAL;
	}
	if (props)
		*props = vp.props;
	return 0;
}
