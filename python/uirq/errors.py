# SPDX-License-Identifier: MIT
"""Exceptions: libuirq's -errno returns become OSError; a program the
assembler or a verifier rejects becomes ProgramError."""
import errno as _errno
import os
import re

# "file:line:col: error: insn N: msg", "file: error: insn N: msg",
# "insn N: msg" (the kernel's log through uirq_load), "file: error: msg".
_LOC = re.compile(r"^(?:(?P<file>.*?):(?:(?P<line>\d+):(?P<col>\d+):)? error: )?"
                  r"(?:insn (?P<insn>\d+): )?(?P<msg>.*)$", re.S)


def check(ret, what=None):
    """Raise OSError for a negative errno return; pass anything else on."""
    if ret < 0:
        raise OSError(-ret, os.strerror(-ret), what) if what else \
            OSError(-ret, os.strerror(-ret))
    return ret


class ProgramError(OSError):
    """A program rejected by the assembler, the offline verifier or the
    kernel's verifier (errno EINVAL).

    Attributes: ``message`` (the whole text libuirq formatted, e.g.
    ``edu-ack.s:3:2: error: insn 1: offset 0x2000 + 4 beyond bar0 size
    0x1000``), ``insn`` (the index of the rejected instruction, or None
    when the message is about the whole program or the source text),
    ``line`` and ``col`` (its place in the source, or None), ``filename``
    (the source's name, or None) and ``reason`` (the message without the
    location).
    """

    def __init__(self, message):
        message = message or "program rejected (no details)"
        super().__init__(_errno.EINVAL, message)
        self.message = message
        m = _LOC.match(message)
        self.filename = m.group("file")
        self.line = int(m.group("line")) if m.group("line") else None
        self.col = int(m.group("col")) if m.group("col") else None
        self.insn = int(m.group("insn")) if m.group("insn") else None
        self.reason = m.group("msg")

    def __str__(self):
        return self.message

    def __reduce__(self):
        return (type(self), (self.message,))
