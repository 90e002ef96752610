// SPDX-License-Identifier: MIT
/*
 * Offline subcommands: asm, disasm, check, sim. They need no device and
 * no uirq.ko: check and sim run the kernel's verifier and interpreter
 * (core/) in user space against described regions.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uirqctl.h"
#include "uirq_core.h"

#define ERRLEN	512

/* Options shared by check and sim. */
struct prog_opts {
	const char *path;
	uint32_t kind;			/* UIRQ_PROG_NUM_KINDS: from the file */
	int shared;
	struct uirq_region_info regions[UIRQ_MAX_REGIONS];
};

enum { OPT_KIND = 0x100, OPT_REGION, OPT_SHARED, OPT_SET };

/* getopt_long with our messages; returns 0 or UIRQCTL_USAGE. */
static int next_opt(int argc, char **argv, const struct option *lo, int *opt)
{
	int idx = -1, prev = optind;

	opterr = 0;
	*opt = getopt_long(argc, argv, "+:o:", lo, &idx);
	if (*opt == '?') {
		if (optopt)
			return uirqctl_usage("unknown option '-%c'", optopt);
		return uirqctl_usage("unknown option '%s'", argv[prev < argc ? prev : argc - 1]);
	}
	if (*opt == ':')
		return uirqctl_usage("option '%s' needs a value",
				     argv[prev < argc ? prev : argc - 1]);
	return 0;
}

/*
 * getopt stops at the first non-option ("+"), so the program file is
 * taken here and getopt resumes after it: options may come before or
 * after the file, and a second file is a usage error, not ignored.
 */
static int parse_common(int argc, char **argv, struct prog_opts *po,
			const struct option *lo,
			int (*extra)(int opt, const char *arg, void *ctx),
			void *ctx, const char **out)
{
	char err[ERRLEN];
	int opt, ret;

	memset(po, 0, sizeof(*po));
	po->kind = UIRQ_PROG_NUM_KINDS;
	uirq_regions_default(po->regions);
	optind = 1;
	while (optind < argc) {
		if (argv[optind][0] != '-' || !argv[optind][1]) {
			if (po->path)
				return uirqctl_usage("unexpected argument '%s' (one program at a time)",
						     argv[optind]);
			po->path = argv[optind++];
			continue;
		}
		if (!strcmp(argv[optind], "--")) {
			optind++;
			continue;
		}
		ret = next_opt(argc, argv, lo, &opt);
		if (ret)
			return ret;
		switch (opt) {
		case -1:
			break;
		case 'o':
			if (!out)
				return uirqctl_usage("unknown option '-o'");
			*out = optarg;
			break;
		case OPT_KIND:
			if (uirq_kind_parse(optarg, &po->kind))
				return uirqctl_usage("unknown kind '%s' (ack, enable, release, init)",
						     optarg);
			break;
		case OPT_REGION:
			if (uirq_region_parse(optarg, po->regions, err, sizeof(err)))
				return uirqctl_usage("%s", err);
			break;
		case OPT_SHARED:
			po->shared = 1;
			break;
		default:
			ret = extra ? extra(opt, optarg, ctx) : -1;
			if (ret < 0)
				return uirqctl_usage("unknown option '%s'", argv[optind - 1]);
			if (ret)
				return ret;
			break;
		}
	}
	if (!po->path)
		return uirqctl_usage("missing program file");
	return 0;
}

static int load(const char *path, struct uirq_program *prog)
{
	char err[ERRLEN];
	int ret;

	ret = uirq_program_load_file(path, prog, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s\n", err);
		return UIRQCTL_FAIL;
	}
	return 0;
}

/* ---- asm ---- */

static int cmd_asm(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct uirq_program prog;
	struct prog_opts po;
	const char *out = NULL;
	char def[4096];
	size_t n;
	int ret;

	ret = parse_common(argc, argv, &po, lo, NULL, NULL, &out);
	if (ret)
		return ret;
	if (!out) {
		n = strlen(po.path);
		if (n > 2 && !strcmp(po.path + n - 2, ".s"))
			n -= 2;
		if (n + 5 > sizeof(def))
			return uirqctl_usage("file name too long");
		memcpy(def, po.path, n);
		strcpy(def + n, ".bin");
		out = def;
	}
	ret = load(po.path, &prog);
	if (ret)
		return ret;
	if (!strcmp(out, "-"))
		out = "/dev/stdout";
	ret = uirq_program_save_bin(out, &prog);
	if (ret)
		return uirqctl_fail("%s: %s", out, strerror(-ret));
	return UIRQCTL_OK;
}

/* ---- disasm ---- */

static int cmd_disasm(int argc, char **argv)
{
	static const struct option lo[] = { { NULL, 0, NULL, 0 } };
	struct uirq_program prog;
	struct prog_opts po;
	int ret;

	ret = parse_common(argc, argv, &po, lo, NULL, NULL, NULL);
	if (ret)
		return ret;
	ret = load(po.path, &prog);
	if (ret)
		return ret;
	printf("; %s: %u instruction%s\n", po.path, prog.count,
	       prog.count == 1 ? "" : "s");
	if (prog.kind < UIRQ_PROG_NUM_KINDS)
		printf(".kind %s\n", uirq_kind_name(prog.kind));
	ret = uirq_disasm(prog.insns, prog.count, stdout);
	if (ret)
		return uirqctl_fail("%s", strerror(-ret));
	return UIRQCTL_OK;
}

/* ---- check ---- */

static const char *type_name(uint32_t type)
{
	switch (type) {
	case UIRQ_REGION_TYPE_MMIO: return "mmio";
	case UIRQ_REGION_TYPE_PIO: return "pio";
	case UIRQ_REGION_TYPE_CFG: return "cfg";
	}
	return "none";
}

static uint32_t effective_kind(const struct prog_opts *po,
			       const struct uirq_program *prog)
{
	if (po->kind < UIRQ_PROG_NUM_KINDS)
		return po->kind;
	return prog->kind < UIRQ_PROG_NUM_KINDS ? prog->kind : UIRQ_PROG_ACK;
}

/* Load and verify; prints the error and returns UIRQCTL_FAIL if rejected. */
static int load_verified(const struct prog_opts *po, struct uirq_program *prog,
			 struct uirq_prog_props *props)
{
	char err[ERRLEN];
	uint32_t kind;
	int ret;

	ret = load(po->path, prog);
	if (ret)
		return ret;
	kind = effective_kind(po, prog);
	if (uirq_program_verify(prog, kind, po->regions, props, err,
				sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return UIRQCTL_FAIL;
	}
	if (po->shared && kind == UIRQ_PROG_ACK &&
	    !(props->flags & UIRQ_PROP_CAN_DECLINE)) {
		fprintf(stderr, "%s: error: --shared: the ack program never returns none, so it would claim every interrupt on a shared line\n",
			po->path);
		return UIRQCTL_FAIL;
	}
	return 0;
}

static const char *yn(uint32_t flags, uint32_t bit)
{
	return flags & bit ? "yes" : "no";
}

static int cmd_check(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "shared", no_argument, NULL, OPT_SHARED },
		{ NULL, 0, NULL, 0 },
	};
	struct uirq_prog_props props;
	struct uirq_program prog;
	struct prog_opts po;
	unsigned int i;
	int ret;

	ret = parse_common(argc, argv, &po, lo, NULL, NULL, NULL);
	if (ret)
		return ret;
	ret = load_verified(&po, &prog, &props);
	if (ret)
		return ret;
	printf("%s: accepted\n", po.path);
	printf("kind: %s\n", uirq_kind_name(effective_kind(&po, &prog)));
	printf("instructions: %u\n", prog.count);
	printf("max steps: %u\n", props.max_steps);
	printf("max delay: %u us\n", props.max_delay_us);
	printf("can decline: %s\n", yn(props.flags, UIRQ_PROP_CAN_DECLINE));
	printf("can handle: %s\n", yn(props.flags, UIRQ_PROP_CAN_HANDLE));
	printf("can quiet: %s\n", yn(props.flags, UIRQ_PROP_CAN_QUIET));
	printf("writes: %s\n", yn(props.flags, UIRQ_PROP_WRITES));
	printf("captures:");
	if (!props.cap_mask)
		printf(" none");
	for (i = 0; i < UIRQ_NUM_CAPS; i++)
		if (props.cap_mask & (1u << i))
			printf(" %u", i);
	printf("\n");
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		if (!(props.region_mask & (1u << i)))
			continue;
		printf("window %s: 0x%" PRIx32 "..0x%" PRIx32 " (%s, size 0x%" PRIx64 ")\n",
		       uirq_region_name(i), props.win[i].lo, props.win[i].hi,
		       type_name(po.regions[i].type),
		       (uint64_t)po.regions[i].size);
	}
	return UIRQCTL_OK;
}

/* ---- sim ---- */

#define SIM_MAX_REGS	256

/*
 * The simulated device: each (region, offset) is an independent register
 * holding the last value written or --set there; unset ones read 0.
 * Accesses of different widths at the same offset see the same register,
 * truncated to the width; overlapping offsets do not alias.
 */
struct sim_regs {
	unsigned int n;
	struct { uint32_t region, off; uint64_t val; } r[SIM_MAX_REGS];
	int full;
};

static uint64_t *sim_slot(struct sim_regs *s, uint32_t region, uint32_t off,
			  int create)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->r[i].region == region && s->r[i].off == off)
			return &s->r[i].val;
	if (!create)
		return NULL;
	if (s->n == SIM_MAX_REGS) {
		s->full = 1;
		return NULL;
	}
	s->r[s->n].region = region;
	s->r[s->n].off = off;
	s->r[s->n].val = 0;
	return &s->r[s->n++].val;
}

static uint64_t width_mask(uint32_t width)
{
	return width >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * width)) - 1;
}

static uint64_t sim_read(void *ctx, u32 region, u32 off, u32 width)
{
	uint64_t *v = sim_slot(ctx, region, off, 0);
	uint64_t val = v ? *v & width_mask(width) : 0;

	printf("read%u %s[0x%" PRIx32 "] -> 0x%" PRIx64 "\n", width * 8,
	       uirq_region_name(region), off, val);
	return val;
}

static void sim_write(void *ctx, u32 region, u32 off, u32 width, u64 val)
{
	uint64_t *v = sim_slot(ctx, region, off, 1);

	val &= width_mask(width);
	printf("write%u %s[0x%" PRIx32 "] <- 0x%" PRIx64 "\n", width * 8,
	       uirq_region_name(region), off, (uint64_t)val);
	if (v)
		*v = val;
}

static void sim_delay(void *ctx, u32 us)
{
	(void)ctx;
	printf("delay %uus\n", us);
}

/* Decimal, 0x hex or 0b binary, the whole string. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
	unsigned int base = 10, digit;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (len > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			digit = (unsigned int)(s[i] - '0');
		else if (isxdigit((unsigned char)s[i]))
			digit = (unsigned int)(tolower((unsigned char)s[i]) - 'a' + 10);
		else
			return -EINVAL;
		if (digit >= base || v > (UINT64_MAX - digit) / base)
			return -EINVAL;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}

/* REGION[OFF]=VALUE */
static int sim_set(int opt, const char *arg, void *ctx)
{
	struct sim_regs *s = ctx;
	const char *lb = strchr(arg, '['), *rb, *eq;
	uint64_t off, val;
	char name[16];
	unsigned int i, region = UIRQ_MAX_REGIONS;
	uint64_t *slot;

	if (opt != OPT_SET)
		return -1;
	rb = lb ? strchr(lb, ']') : NULL;
	eq = rb ? rb + 1 : NULL;
	if (!lb || !rb || *eq != '=' || (size_t)(lb - arg) >= sizeof(name))
		return uirqctl_usage("bad --set '%s': expected REGION[OFFSET]=VALUE, e.g. bar0[0x24]=5",
				     arg);
	memcpy(name, arg, (size_t)(lb - arg));
	name[lb - arg] = '\0';
	for (i = 0; i < UIRQ_MAX_REGIONS; i++)
		if (!strcmp(name, uirq_region_name(i)))
			region = i;
	if (region == UIRQ_MAX_REGIONS)
		return uirqctl_usage("bad --set '%s': unknown region '%s'", arg,
				     name);
	if (parse_u64(lb + 1, (size_t)(rb - lb - 1), &off) || off > UINT32_MAX)
		return uirqctl_usage("bad --set '%s': bad offset", arg);
	if (parse_u64(eq + 1, strlen(eq + 1), &val))
		return uirqctl_usage("bad --set '%s': bad value", arg);
	slot = sim_slot(s, region, (uint32_t)off, 1);
	if (!slot)
		return uirqctl_usage("too many --set registers (max %d)",
				     SIM_MAX_REGS);
	*slot = val;
	return 0;
}

static int cmd_sim(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "set", required_argument, NULL, OPT_SET },
		{ NULL, 0, NULL, 0 },
	};
	static struct sim_regs regs;
	struct uirq_region_desc d[UIRQ_MAX_REGIONS];
	struct uirq_prog_props props;
	struct uirq_program prog;
	struct uirq_result res;
	struct uirq_verr verr;
	struct uirq_prog vp;
	struct uirq_bus bus = {
		.read = sim_read, .write = sim_write, .delay = sim_delay,
		.ctx = &regs,
	};
	struct prog_opts po;
	unsigned int i;
	int ret;

	memset(&regs, 0, sizeof(regs));
	ret = parse_common(argc, argv, &po, lo, sim_set, &regs, NULL);
	if (ret)
		return ret;
	ret = load_verified(&po, &prog, &props);
	if (ret)
		return ret;
	/* Every field: .policy NULL (load_verified() checked config stores). */
	memset(d, 0, sizeof(d));
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		d[i].type = po.regions[i].type;
		d[i].resv = 0;
		d[i].size = po.regions[i].size;
	}
	if (uirq_verify(&vp, effective_kind(&po, &prog), prog.insns,
			prog.count, d, &verr))
		return uirqctl_fail("verifier disagrees with itself: %s",
				    verr.msg);
	uirq_run(&vp, &bus, &res);
	printf("result: %s\n", uirq_ret_name(res.ret));
	printf("steps: %u\n", res.steps);
	for (i = 0; i < UIRQ_NUM_CAPS; i++)
		if (res.cap_mask & (1u << i))
			printf("capture %u: 0x%" PRIx64 "\n", i, (uint64_t)res.cap[i]);
	return UIRQCTL_OK;
}

#define REGION_HELP \
	"  --kind KIND        ack, enable, release or init (default: the .kind\n" \
	"                     directive, else ack)\n" \
	"  --region NAME:TYPE:SIZE\n" \
	"                     describe one region (repeatable); TYPE is mmio, pio,\n" \
	"                     cfg or none, SIZE decimal/0x hex/0b binary with an\n" \
	"                     optional k/K or M suffix. Regions not given keep the\n" \
	"                     defaults: bar0..bar5 4 KiB mmio, cfg 4 KiB.\n"

const struct uirqctl_cmd uirqctl_offline_cmds[] = {
	{ "asm", "PROG.s [-o PROG.bin]", "assemble a program to the binary format",
	  "Writes the raw little-endian array of 24-byte struct uirq_insn that\n"
	  "UIRQ_LOAD_PROG takes. Default output: PROG.s with .s replaced by .bin;\n"
	  "-o - writes to stdout. Assembly errors are reported as\n"
	  "file:line:col: error: message (exit 1). Does not verify: use check.\n",
	  cmd_asm },
	{ "disasm", "PROG", "disassemble a program (text or binary)",
	  "Prints the program in assembler syntax; jump targets are labels L<n>\n"
	  "(n = instruction index) and each line ends with its index. Assembling\n"
	  "the output gives the same bytes.\n",
	  cmd_disasm },
	{ "check", "PROG [--kind KIND] [--region NAME:TYPE:SIZE]... [--shared]",
	  "verify a program and print what the verifier proved",
	  "Runs the verifier uirq.ko runs. Accepted: prints kind, instructions,\n"
	  "max steps, max delay, can decline/handle/quiet, writes, captures and\n"
	  "per touched region its window lo..hi (hi is one past the last byte);\n"
	  "exit 0. Rejected: the reason on stderr, pointing at the source line\n"
	  "(\"prog.s:7:9: error: insn 3: ...\"); exit 1.\n\n"
	  REGION_HELP
	  "  --shared           also fail an ack program that can never decline\n"
	  "                     (ret none): it cannot share an interrupt line.\n",
	  cmd_check },
	{ "sim", "PROG [--kind KIND] [--region NAME:TYPE:SIZE]... [--set REGION[OFF]=VALUE]...",
	  "run a verified program against a simulated register file",
	  "Verifies (as check), then runs the program once with the kernel's\n"
	  "interpreter and prints every access in order (read32 bar0[0x24] -> 0x5,\n"
	  "write32 bar0[0x64] <- 0x5, delay 5us), then result:, steps: and\n"
	  "capture N: lines.\n\n"
	  "The register file: every (region, offset) is an independent register;\n"
	  "a read returns the last value written or --set at that offset,\n"
	  "truncated to the access width (0 if none), a write stores its value.\n"
	  "There are no device side effects (write-1-to-clear etc. are not\n"
	  "modelled) and overlapping offsets do not alias.\n\n"
	  REGION_HELP
	  "  --set REGION[OFF]=VALUE\n"
	  "                     initial register value (repeatable)\n",
	  cmd_sim },
	{ NULL, NULL, NULL, NULL, NULL },
};
