#!/usr/bin/env bash
# tutorial-blocks.sh DOC OUTDIR: every ```sh block of DOC into OUTDIR as
# NN-KIND-LLL.sh (NN its order, KIND offline or device, LLL its first
# line in DOC), so that tests/tools/test_tutorial.sh (offline, on the
# host) and tutorial-vm.sh (all, in the VM) run exactly what the document
# shows. A ```sh block without a "# tutorial: offline|device" first line
# is an error (exit 1): nothing shown as a command escapes the tests.
set -u
doc=$1 dir=$2
mkdir -p "$dir"
awk -v dir="$dir" '
	function fail(msg) { printf "%s:%d: %s\n", FILENAME, NR, msg > "/dev/stderr"; bad = 1 }
	!inblk && /^```sh[ \t]*$/ { inblk = 1; first = 1; start = NR; next }
	inblk && /^```[ \t]*$/ {
		if (first) fail("empty sh block")
		else close(file)
		inblk = 0; next
	}
	inblk && first {
		first = 0
		if ($0 !~ /^# tutorial: (offline|device)$/) {
			fail("sh block without \"# tutorial: offline\" or \"# tutorial: device\" first")
			file = "/dev/null"
			next
		}
		n++
		file = sprintf("%s/%02d-%s-%03d.sh", dir, n, $3, start + 1)
		print "# " FILENAME " line " start + 1 ": " $3 > file
		next
	}
	inblk { print > file }
	END {
		if (inblk) fail("unterminated sh block")
		if (!n) fail("no sh blocks")
		exit bad
	}
' "$doc"
