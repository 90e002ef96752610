# SPDX-License-Identifier: MIT
"""The assembler, program-file and offline-verifier bindings, on the
example programs of the tree and on programs made to be rejected."""
import errno
import glob
import os
import subprocess
import tempfile
import unittest

from common import BUILD, PROGRAMS
import uirq
from uirq import Instruction as I, Program, ProgramError, Regions

EDU_ACK = os.path.join(PROGRAMS, "edu-ack.s")
EXAMPLES = sorted(glob.glob(os.path.join(PROGRAMS, "*.s")))
UIRQCTL = os.path.join(BUILD, "uirqctl")


def _src_pos(path, needle):
    """(line, column) of the first line whose code starts with @needle."""
    with open(path) as f:
        for n, line in enumerate(f, 1):
            code = line.split(";")[0]
            if code.strip().startswith(needle):
                return (n, len(code) - len(code.lstrip()) + 1)
    raise AssertionError("%s not in %s" % (needle, path))


class TestAssemble(unittest.TestCase):
    def test_edu_ack_instructions(self):
        p = Program.load_file(EDU_ACK)
        self.assertEqual(len(p), 7)
        self.assertEqual(p.kind, uirq.PROG_ACK)
        self.assertEqual(p.name, EDU_ACK)
        self.assertEqual(p.instructions[0],
                         I(uirq.OP_LD32, dst=0, region=uirq.REGION_BAR0,
                           off=0x24))
        self.assertEqual(p.instructions[3],
                         I(uirq.OP_ST32, src=0, mode=uirq.MODE_REG,
                           region=uirq.REGION_BAR0, off=0x64))
        self.assertEqual(p.instructions[1],
                         I(uirq.OP_JEQ, dst=0, jump=4, imm=0))
        self.assertEqual(p.instructions[5],
                         I(uirq.OP_RET, imm=uirq.RET_HANDLED))

    def test_source_positions(self):
        p = Program.load_file(EDU_ACK)
        self.assertEqual(p.source_position(0), _src_pos(EDU_ACK, "ld32"))
        self.assertEqual(p.source_position(4), _src_pos(EDU_ACK, "cap"))
        with self.assertRaises(IndexError):
            p.source_position(7)

    def test_no_kind_directive(self):
        p = Program.assemble("ld32 r0, bar0[0]\nret quiet\n", "k.s")
        self.assertIsNone(p.kind)
        self.assertEqual(p.name, "k.s")
        self.assertEqual(Program.assemble("ret none\n").name, "<string>")

    def test_syntax_error(self):
        with self.assertRaises(ProgramError) as cm:
            Program.assemble("ld32 r0, bar0[0x24]\n  bogus r1\n", "bad.s")
        e = cm.exception
        self.assertIsInstance(e, OSError)
        self.assertEqual(e.errno, errno.EINVAL)
        self.assertEqual((e.filename, e.line, e.col, e.insn),
                         ("bad.s", 2, 3, None))
        self.assertEqual(e.reason, "unknown mnemonic 'bogus'")
        self.assertEqual(str(e), "bad.s:2:3: error: unknown mnemonic 'bogus'")

    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError):
            Program.load_file("/nonexistent/prog.s")

    def test_disasm_reassembles(self):
        for path in EXAMPLES:
            with self.subTest(os.path.basename(path)):
                p = Program.load_file(path)
                q = Program.assemble(p.disasm(), "disasm")
                self.assertEqual(q.to_bytes(), p.to_bytes())
                self.assertEqual(len(q.to_bytes()), 24 * len(p))

    def test_disasm_text(self):
        text = Program.load_file(EDU_ACK).disasm().splitlines()
        self.assertEqual(len(text), 8)       # 7 instructions, label L6
        self.assertEqual(text[0].split(";")[0].split(),
                         ["ld32", "r0,", "bar0[0x24]"])
        self.assertEqual(text[6], "L6:")
        self.assertEqual(uirq.disasm_insn(I(uirq.OP_LD32, region=0, off=0x24)),
                         "ld32   r0, bar0[0x24]")
        # a jump's target is a label: index 1 + 1 + 3
        self.assertEqual(uirq.disasm_insn(I(uirq.OP_JEQ, jump=3), 1, 7),
                         "jeq    r0, 0, L5")


class TestBinary(unittest.TestCase):
    def test_save_and_load(self):
        p = Program.load_file(EDU_ACK)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "edu-ack.bin")
            p.save(path)
            with open(path, "rb") as f:
                data = f.read()
            self.assertEqual(data, p.to_bytes())
            q = Program.load_file(path)
        self.assertEqual(q.instructions, p.instructions)
        self.assertIsNone(q.kind)
        self.assertEqual(q.source_position(0), (0, 0))

    def test_from_bytes(self):
        p = Program.load_file(EDU_ACK)
        q = Program.from_bytes(p.to_bytes(), "x.bin")
        self.assertEqual(q.instructions, p.instructions)
        self.assertEqual(q.name, "x.bin")

    def test_bad_length(self):
        for n in (0, 25, 24 * 65):
            with self.subTest(bytes=n):
                with self.assertRaises(ProgramError) as cm:
                    Program.from_bytes(b"\x01" * n, "x.bin")
                self.assertEqual(cm.exception.filename, "x.bin")


class TestVerify(unittest.TestCase):
    def test_edu_ack_props(self):
        props = Program.load_file(EDU_ACK).verify()
        self.assertEqual(props.flags, uirq.PROP_CAN_DECLINE |
                         uirq.PROP_CAN_HANDLE | uirq.PROP_WRITES)
        self.assertTrue(props.can_decline and props.can_handle and
                        props.writes)
        self.assertFalse(props.can_quiet)
        self.assertEqual(props.region_mask, 1)
        self.assertEqual(props.windows, {0: (0x24, 0x68)})
        self.assertEqual((props.cap_mask, props.max_steps, props.max_delay_us),
                         (1, 6, 0))

    def test_rejected_insn(self):
        p = Program.assemble(".kind ack\n ld32 r0, bar0[0x24]\n"
                             " st32 bar0[0x2000], r0\n ret handled\n", "big.s")
        with self.assertRaises(ProgramError) as cm:
            p.verify()
        e = cm.exception
        self.assertEqual((e.insn, e.line, e.col, e.filename), (1, 3, 2, "big.s"))
        self.assertEqual(e.reason, "offset 0x2000 + 4 beyond bar0 size 0x1000")
        self.assertEqual(e.errno, errno.EINVAL)

    def test_regions(self):
        p = Program.load_file(EDU_ACK)
        with self.assertRaises(ProgramError) as cm:
            p.verify(regions=["bar0:mmio:0x40"])
        self.assertEqual(cm.exception.insn, 3)       # st32 bar0[0x64]
        self.assertIn("beyond bar0 size 0x40", cm.exception.reason)
        props = p.verify(regions=Regions("bar0:mmio:0x68"))
        self.assertEqual(props.windows, {0: (0x24, 0x68)})
        with self.assertRaises(ProgramError):
            p.verify(regions=["bar0:none:0"])

    def test_bad_region_spec(self):
        with self.assertRaises(ValueError) as cm:
            Regions("bar9:mmio:1")
        self.assertIn("unknown region name 'bar9'", str(cm.exception))
        r = Regions("bar2:pio:32")
        self.assertEqual(r[2], (uirq.REGION_TYPE_PIO, 32))
        self.assertEqual(r[0], (uirq.REGION_TYPE_MMIO, 4096))
        self.assertEqual(r[uirq.REGION_CFG], (uirq.REGION_TYPE_CFG, 4096))

    def test_reserved_field(self):
        p = Program.from_instructions([I(uirq.OP_RET, imm=uirq.RET_QUIET,
                                         resv=1)])
        with self.assertRaises(ProgramError) as cm:
            p.verify()
        self.assertEqual(cm.exception.insn, 0)
        self.assertIn("resv", cm.exception.reason)

    def test_from_instructions(self):
        p = Program.from_instructions([I(uirq.OP_RET, imm=uirq.RET_QUIET)],
                                      kind="release")
        self.assertEqual(p.kind, uirq.PROG_RELEASE)
        self.assertEqual(p.verify().flags, uirq.PROP_CAN_QUIET)
        with self.assertRaises(ValueError):
            Program.from_instructions([I(uirq.OP_RET)] * 65)
        with self.assertRaises(ValueError):
            Program.from_instructions([])

    def test_same_verdict_as_uirqctl(self):
        """The binding's verify() and `uirqctl check` (the same library
        function, through the CLI) agree on every example program."""
        self.assertTrue(os.access(UIRQCTL, os.X_OK), UIRQCTL + " (make)")
        for path in EXAMPLES:
            with self.subTest(os.path.basename(path)):
                r = subprocess.run([UIRQCTL, "check", path],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE,
                                   universal_newlines=True)
                try:
                    props = Program.load_file(path).verify()
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertIn("instructions: %d\n" % len(
                        Program.load_file(path)), r.stdout)
                    self.assertIn("max steps: %d\n" % props.max_steps,
                                  r.stdout)
                except ProgramError as e:
                    self.assertEqual(r.returncode, 1)
                    self.assertEqual(r.stderr.strip(), e.message)


class TestNames(unittest.TestCase):
    def test_names(self):
        self.assertEqual([uirq.region_name(i) for i in (0, 5, 7, 8, 15)],
                         ["bar0", "bar5", "cfg", "res0", "res7"])
        self.assertEqual(uirq.region_name(99), "?")
        self.assertEqual([uirq.kind_name(k) for k in range(4)],
                         ["ack", "enable", "release", "init"])
        self.assertEqual([uirq.ret_name(r) for r in range(3)],
                         ["none", "handled", "quiet"])
        self.assertEqual(uirq.kind_parse("init"), uirq.PROG_INIT)
        with self.assertRaises(ValueError):
            uirq.kind_parse("bogus")

    def test_errmsg(self):
        p = Program.assemble("ret handled\n", "h.s")
        self.assertEqual(p.errmsg(0, "hello"), "h.s:1:1: error: insn 0: hello")
        self.assertEqual(p.errmsg(-1, "whole"), "h.s: error: whole")
        e = ProgramError(p.errmsg(0, "hello"))
        self.assertEqual((e.insn, e.line, e.col, e.reason), (0, 1, 1, "hello"))
        e = ProgramError("insn 4: from the kernel")
        self.assertEqual((e.insn, e.line, e.filename, e.reason),
                         (4, None, None, "from the kernel"))


if __name__ == "__main__":
    unittest.main()
