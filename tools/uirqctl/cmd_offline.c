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

#include "offline.h"

#define ERRLEN	OFFLINE_ERRLEN
#define MAX_REGION_OPTS	32

/* Options shared by check and sim. */
struct prog_opts {
	const char *paths[UIRQ_PROG_NUM_KINDS];
	const char *path;		/* paths[0] */
	unsigned int npaths, max_paths;
	uint32_t kind;			/* UIRQ_PROG_NUM_KINDS: from the file */
	int shared;
	const char *device;
	unsigned int nregion_opts;
	const char *region_opts[MAX_REGION_OPTS];
	struct uirq_region_info regions[UIRQ_MAX_REGIONS];
};

enum { OPT_KIND = 0x100, OPT_REGION, OPT_SHARED, OPT_SET, OPT_DEVICE,
	OPT_MODEL, OPT_RUN };

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

/* Keep a repeatable option's value; 0 or UIRQCTL_USAGE when there are too many. */
static int push_opt(const char **vals, unsigned int *n, unsigned int max,
		    const char *name, const char *arg)
{
	if (*n == max)
		return uirqctl_usage("too many %s options (max %u)", name, max);
	vals[(*n)++] = arg;
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
	unsigned int max = po->max_paths ? po->max_paths : 1;

	memset(po, 0, sizeof(*po));
	po->max_paths = max;
	po->kind = UIRQ_PROG_NUM_KINDS;
	optind = 1;
	while (optind < argc) {
		if (argv[optind][0] != '-' || !argv[optind][1]) {
			if (po->npaths == po->max_paths)
				return uirqctl_usage("unexpected argument '%s' (%s)",
						     argv[optind],
						     po->max_paths == 1 ?
						     "one program at a time" :
						     "one program per kind");
			po->paths[po->npaths++] = argv[optind++];
			po->path = po->paths[0];
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
			/* Parsed now for the message, applied in build_regions(). */
			if (uirq_region_parse(optarg, po->regions, err, sizeof(err)))
				return uirqctl_usage("%s", err);
			ret = push_opt(po->region_opts, &po->nregion_opts,
				       MAX_REGION_OPTS, "--region", optarg);
			if (ret)
				return ret;
			break;
		case OPT_DEVICE:
			if (po->device)
				return uirqctl_usage("one --device at a time");
			po->device = optarg;
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
	if (!po->path && !(po->max_paths > 1 && ctx))
		return uirqctl_usage("missing program file");
	return 0;
}

/*
 * The table the verifier checks against: the device's (--device), else
 * nothing but what is described (--region, a model's region lines), else
 * uirq_regions_default(). Describing some regions must not leave the
 * others at the defaults: a program touching an undescribed BAR would
 * then pass offline and fail at load. Returns 0 or UIRQCTL_FAIL.
 */
static int build_regions(struct prog_opts *po, const char *const *extra,
			 unsigned int nextra)
{
	char err[ERRLEN];
	unsigned int i;

	if (po->device) {
		if (regions_from_device(po->device, po->regions, err, sizeof(err)))
			return uirqctl_fail("%s", err);
	} else if (po->nregion_opts || nextra) {
		regions_absent(po->regions);
	} else {
		uirq_regions_default(po->regions);
	}
	for (i = 0; i < nextra; i++)
		if (uirq_region_parse(extra[i], po->regions, err, sizeof(err)))
			return uirqctl_fail("%s", err);
	for (i = 0; i < po->nregion_opts; i++)
		if (uirq_region_parse(po->region_opts[i], po->regions, err,
				      sizeof(err)))
			return uirqctl_fail("%s", err);
	return 0;
}

static const char *regions_source(const struct prog_opts *po)
{
	if (po->device)
		return "device";
	return po->nregion_opts ? "given" : "defaults";
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
		{ "device", required_argument, NULL, OPT_DEVICE },
		{ NULL, 0, NULL, 0 },
	};
	struct uirq_prog_props props;
	struct uirq_program prog;
	struct prog_opts po = { .max_paths = 1 };
	unsigned int i;
	int ret;

	ret = parse_common(argc, argv, &po, lo, NULL, NULL, NULL);
	if (ret)
		return ret;
	ret = build_regions(&po, NULL, 0);
	if (ret)
		return ret;
	ret = load_verified(&po, &prog, &props);
	if (ret)
		return ret;
	printf("%s: accepted\n", po.path);
	printf("regions: %s", regions_source(&po));
	if (po.device)
		printf(" %s", po.device);
	else if (!po.nregion_opts)
		printf(" (bar0..bar5 4 KiB mmio, cfg 4 KiB: give --device or --region for the kernel's answer)");
	printf("\n");
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
		       region_type_name(po.regions[i].type),
		       (uint64_t)po.regions[i].size);
	}
	return UIRQCTL_OK;
}

/* ---- sim ---- */

struct sim_opts {
	const char *model_path;
	unsigned int nsets, nruns;
	const char *sets[MODEL_MAX_REGS];
	const char *runs[MODEL_MAX_STEPS];
};

static int sim_opt(int opt, const char *arg, void *ctx)
{
	struct sim_opts *so = ctx;

	switch (opt) {
	case OPT_SET:
		return push_opt(so->sets, &so->nsets, MODEL_MAX_REGS, "--set", arg);
	case OPT_RUN:
		return push_opt(so->runs, &so->nruns, MODEL_MAX_STEPS, "--run", arg);
	case OPT_MODEL:
		if (so->model_path)
			return uirqctl_usage("one --model at a time");
		so->model_path = arg;
		return 0;
	}
	return -1;
}

/* Every program sim may run, verified against the regions, by kind. */
struct sim_progs {
	const char *path[UIRQ_PROG_NUM_KINDS];
	struct uirq_prog vp[UIRQ_PROG_NUM_KINDS];
	uint32_t have;
};

static int sim_verify(struct prog_opts *po, const char *path, uint32_t kind,
		      struct sim_progs *sp)
{
	struct uirq_region_desc d[UIRQ_MAX_REGIONS];
	struct uirq_prog_props props;
	struct uirq_program prog;
	struct uirq_verr verr;
	unsigned int i;
	int ret;

	po->path = path;
	po->kind = kind;
	ret = load_verified(po, &prog, &props);
	if (ret)
		return ret;
	kind = effective_kind(po, &prog);
	if (sp->have & (1u << kind))
		return uirqctl_usage("%s: a second %s program", path,
				     uirq_kind_name(kind));
	/* Every field: .policy NULL (load_verified() checked config stores). */
	memset(d, 0, sizeof(d));
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		d[i].type = po->regions[i].type;
		d[i].size = po->regions[i].size;
	}
	if (uirq_verify(&sp->vp[kind], kind, prog.insns, prog.count, d, &verr))
		return uirqctl_fail("verifier disagrees with itself: %s",
				    verr.msg);
	sp->path[kind] = path;
	sp->have |= 1u << kind;
	return 0;
}

static void print_result(const struct uirq_result *res)
{
	unsigned int i;

	printf("result: %s\n", uirq_ret_name(res->ret));
	printf("steps: %u\n", res->steps);
	for (i = 0; i < UIRQ_NUM_CAPS; i++)
		if (res->cap_mask & (1u << i))
			printf("capture %u: 0x%" PRIx64 "\n", i, (uint64_t)res->cap[i]);
}

static int sim_step(struct model *m, const struct sim_progs *sp,
		    unsigned int n, const struct model_step *st)
{
	struct uirq_result res;
	struct uirq_bus bus;
	uint64_t val = st->val;

	if (st->op == STEP_RUN) {
		printf("-- step %u: %s (%s)\n", n, st->text, sp->path[st->kind]);
		model_bus(m, &bus);
		uirq_run(&sp->vp[st->kind], &bus, &res);
		print_result(&res);
		/* What the driver reads: the event record of the last claim. */
		if (st->kind == UIRQ_PROG_ACK && res.ret == UIRQ_RET_HANDLED) {
			memcpy(m->last_cap, res.cap, sizeof(m->last_cap));
			m->last_cap_mask = res.cap_mask;
		}
		model_print_state(m);
		return 0;
	}
	printf("-- step %u: %s\n", n, st->text);
	if (st->cap >= 0) {
		if (!(m->last_cap_mask & (1u << st->cap)))
			return uirqctl_fail("step %u: %s: no event so far has capture slot %d",
					    n, st->text, st->cap);
		val = m->last_cap[st->cap];
	}
	if (st->op == STEP_WRITE)
		model_write(m, st->reg, val);
	else if (st->op == STEP_SET)
		m->reg[st->reg].val = val;
	else
		m->reg[st->reg].val |= val;
	model_print_state(m);
	return 0;
}

static int cmd_sim(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "device", required_argument, NULL, OPT_DEVICE },
		{ "set", required_argument, NULL, OPT_SET },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "run", required_argument, NULL, OPT_RUN },
		{ NULL, 0, NULL, 0 },
	};
	static struct model m;
	static struct sim_progs sp;
	struct prog_opts po = { .max_paths = UIRQ_PROG_NUM_KINDS };
	struct sim_opts so = { 0 };
	const char *specs[MODEL_MAX_REGION_SPECS];
	struct uirq_result res;
	struct uirq_bus bus;
	char err[ERRLEN];
	unsigned int i;
	uint32_t kind, cmd_kind;
	int ret, steps;

	memset(&sp, 0, sizeof(sp));
	ret = parse_common(argc, argv, &po, lo, sim_opt, &so, NULL);
	if (ret)
		return ret;
	steps = so.model_path || so.nruns;
	if (!po.npaths && !so.model_path)
		return uirqctl_usage("missing program file");
	if (po.npaths > 1 && !steps)
		return uirqctl_usage("unexpected argument '%s' (one program at a time without --model or --run)",
				     po.paths[1]);
	if (po.npaths > 1 && po.kind < UIRQ_PROG_NUM_KINDS)
		return uirqctl_usage("--kind with several programs: give each a .kind");
	if (so.model_path) {
		if (model_load(&m, so.model_path, err, sizeof(err)))
			return uirqctl_fail("%s", err);
	} else {
		memset(&m, 0, sizeof(m));
	}
	for (i = 0; i < so.nsets; i++)
		if (model_set(&m, so.sets[i], err, sizeof(err)))
			return uirqctl_usage("%s", err);
	for (i = 0; i < m.nregion_specs; i++)
		specs[i] = m.region_specs[i];
	ret = build_regions(&po, specs, m.nregion_specs);
	if (ret)
		return ret;

	cmd_kind = po.kind;
	for (i = 0; i < po.npaths; i++) {
		ret = sim_verify(&po, po.paths[i], cmd_kind, &sp);
		if (ret)
			return ret;
	}
	for (kind = 0; kind < UIRQ_PROG_NUM_KINDS; kind++) {
		if (!m.prog_path[kind] || (sp.have & (1u << kind)))
			continue;
		ret = sim_verify(&po, m.prog_path[kind], kind, &sp);
		if (ret)
			return ret;
	}

	if (so.nruns)
		m.nsteps = 0;
	for (i = 0; i < so.nruns; i++)
		if (model_add_step(&m, so.runs[i], err, sizeof(err)))
			return uirqctl_usage("--run '%s': %s", so.runs[i], err);
	for (i = 0; i < m.nsteps; i++)
		if (m.steps[i].op == STEP_RUN &&
		    !(sp.have & (1u << m.steps[i].kind)))
			return uirqctl_usage("step %u: %s: no %s program (give it, or a prog line in the model)",
					     i + 1, m.steps[i].text,
					     uirq_kind_name(m.steps[i].kind));

	if (!steps) {
		/* One run, the output of the register-file simulator. */
		for (kind = 0; !(sp.have & (1u << kind)); kind++)
			;
		model_bus(&m, &bus);
		uirq_run(&sp.vp[kind], &bus, &res);
		print_result(&res);
		return UIRQCTL_OK;
	}
	if (!m.nsteps) {
		if (!sp.have)
			return uirqctl_usage("nothing to run: no program, no steps");
		for (kind = 0; !(sp.have & (1u << kind)); kind++)
			;
		m.steps[0].op = STEP_RUN;
		m.steps[0].kind = kind;
		m.steps[0].cap = -1;
		snprintf(m.steps[0].text, sizeof(m.steps[0].text), "run %s",
			 uirq_kind_name(kind));
		m.nsteps = 1;
	}
	printf("-- initial\n");
	model_print_state(&m);
	for (i = 0; i < m.nsteps; i++) {
		ret = sim_step(&m, &sp, i + 1, &m.steps[i]);
		if (ret)
			return ret;
	}
	return UIRQCTL_OK;
}

#define REGION_HELP \
	"  --kind KIND        ack, enable, release or init (default: the .kind\n" \
	"                     directive, else ack)\n" \
	"  --device DEV       the region table of a real device, as uirq.ko builds\n" \
	"                     it: DEV is a PCI address (0000:00:03.0 or 00:03.0;\n" \
	"                     BAR types and sizes from sysfs .../resource, cfg size\n" \
	"                     from the size of .../config; the sysfs root is\n" \
	"                     $UIRQ_SYSFS_ROOT, default /sys) or the path of a uirq\n" \
	"                     device node (/dev/uirq/...: UIRQ_GET_REGION_INFO).\n" \
	"  --region NAME:TYPE:SIZE\n" \
	"                     describe one region (repeatable); TYPE is mmio, pio,\n" \
	"                     cfg or none, SIZE decimal/0x hex/0b binary with an\n" \
	"                     optional k/K or M suffix. With --device it overrides\n" \
	"                     that region; without, regions not given are absent.\n" \
	"                     With neither, the offline defaults: bar0..bar5 4 KiB\n" \
	"                     mmio, cfg 4 KiB (check says so on its regions: line).\n"

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
	{ "check", "PROG [--kind KIND] [--device DEV] [--region NAME:TYPE:SIZE]... [--shared]",
	  "verify a program and print what the verifier proved",
	  "Runs the verifier uirq.ko runs. Accepted: prints kind, instructions,\n"
	  "max steps, max delay, can decline/handle/quiet, writes, captures and\n"
	  "per touched region its window lo..hi (hi is one past the last byte);\n"
	  "exit 0, and on its regions: line where the region table came from\n"
	  "(device, given, defaults). Rejected: the reason on stderr, pointing at\n"
	  "the source line (\"prog.s:7:9: error: insn 3: ...\"); exit 1.\n\n"
	  REGION_HELP
	  "  --shared           also fail an ack program that can never decline\n"
	  "                     (ret none): it cannot share an interrupt line.\n",
	  cmd_check },
	{ "sim", "PROG... [--model FILE] [--run STEP]... [--kind KIND] [--device DEV] [--region NAME:TYPE:SIZE]... [--set REG=VALUE]...",
	  "run verified programs against a simulated device",
	  "Verifies (as check), then runs programs with the kernel's interpreter\n"
	  "and prints every access in order (read32 bar0[0x24] -> 0x5,\n"
	  "write32 bar0[0x64] <- 0x5, delay 5us), then result:, steps: and\n"
	  "capture N: lines.\n\n"
	  "Without --model and --run: one program, run once, against a plain\n"
	  "register file (every (region, offset) holds the last value written or\n"
	  "--set there, 0 if none; no side effects, no aliasing).\n\n"
	  "With --model FILE (docs/sim.md): registers with behaviours (rc, w1c,\n"
	  "w1s, ro bits, wset=/wclr= set and clear registers, rclr= read side\n"
	  "effects, seq= value sequences), assert lines saying when the device\n"
	  "asserts its interrupt, region lines (the region table, as --region),\n"
	  "prog lines (one program per kind; PROG arguments override them) and\n"
	  "steps, run in order against one state: run KIND, set REG VALUE (the\n"
	  "device changes a register), raise REG BITS (the device sets bits),\n"
	  "write REG VALUE|capN (the driver writes, with side effects; capN is\n"
	  "capture N of the last event). Prints \"-- initial\" and \"-- step N: ...\"\n"
	  "blocks, each ending with state: (every register) and asserting: yes|no.\n\n"
	  REGION_HELP
	  "  --model FILE       the register model\n"
	  "  --run STEP         a step (repeatable; replaces the model's steps):\n"
	  "                     ack, release, ..., or \"raise REG BITS\" etc.\n"
	  "  --set REG=VALUE    initial value of a register (repeatable): REG is a\n"
	  "                     model register's name or REGION[OFF], e.g. bar0[0x24]\n",
	  cmd_sim },
	{ NULL, NULL, NULL, NULL, NULL },
};
