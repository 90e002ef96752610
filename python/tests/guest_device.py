#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The device API of the Python binding on a real uirq device (guest side
of tests/vm/scenarios/python.sh): guest_device.py BDF IRQ, on an edu
device bound to uirq with no driver. Prints "ok   NAME" / "FAIL NAME:
why" per check and "N passed, N failed" last."""
import ctypes
import errno
import os
import select
import sys

import uirq

BAR0, CFG = uirq.REGION_BAR0, uirq.REGION_CFG
RAISE, ACK, STATUS = 0x60, 0x64, 0x24
PROGS = "/vm/programs"
npass = nfail = 0


def check(name, cond, why=""):
    global npass, nfail
    if cond:
        npass += 1
        print("ok   " + name)
    else:
        nfail += 1
        print("FAIL %s%s" % (name, ": " + why if why else ""))
    sys.stdout.flush()


def raises(name, exc, fn, *args, **kw):
    """fn(*args) must raise @exc; returns the exception (or None)."""
    try:
        fn(*args, **kw)
    except exc as e:
        check(name, True)
        return e
    except Exception as e:      # the wrong kind
        check(name, False, "raised %r" % (e,))
        return None
    check(name, False, "no exception")
    return None


def main(bdf, irq):
    dev = uirq.Device(bdf)
    i = dev.info()
    check("info: ids, name, api", (i.vendor, i.device, i.name, i.api_version,
                                   i.bus_type) ==
          (0x1234, 0x11e8, bdf, 4, uirq.BUS_PCI), repr(i))
    check("info: irq is sysfs's", i.irq == irq, "%d != %d" % (i.irq, irq))
    check("info: INTx masking, IRQ off",
          i.flags & (uirq.INFO_INTX_MASK | uirq.INFO_IRQ_ON) ==
          uirq.INFO_INTX_MASK, hex(i.flags))
    r = dev.region_info(BAR0)
    check("region_info bar0: 1 MiB MMIO, mappable",
          (r.index, r.type, r.size, bool(r.flags & uirq.REGION_INFO_MMAP)) ==
          (0, uirq.REGION_TYPE_MMIO, 1 << 20, True), repr(r))
    e = raises("second open: EBUSY", OSError, uirq.Device, bdf)
    check("second open: errno", e is not None and e.errno == errno.EBUSY,
          repr(e))

    # registers, before and after mapping
    check("bar0 id by pread", dev.read(BAR0, 0) & 0xff == 0xed)
    check("cfg vendor id", dev.read(CFG, 0, 2) == 0x1234)
    e = raises("bad width: EINVAL", OSError, dev.read, BAR0, 0, 3)
    check("bad width: errno", e is not None and e.errno == errno.EINVAL)
    e = raises("beyond bar0: ERANGE", OSError, dev.read, BAR0, 1 << 20, 4)
    check("beyond bar0: errno", e is not None and e.errno == errno.ERANGE)
    addr, length = dev.map_region(BAR0)
    check("map bar0", length == 1 << 20 and addr != 0, "%#x %d" % (addr, length))
    check("mapped id, through libuirq and ctypes",
          dev.read(BAR0, 0) & 0xff == 0xed and
          ctypes.c_uint32.from_address(addr).value == dev.read(BAR0, 0))
    check("mapping twice: the same address", dev.map_region(BAR0)[0] == addr)

    # programs: the kernel's verifier, with the real 1 MiB BAR0
    e = raises("kernel rejects an access beyond bar0", uirq.ProgramError,
               dev.load, "ack", uirq.Program.assemble(
                   "ld32 r0, bar0[0x24]\nld32 r1, bar0[0x100000]\n"
                   "ret handled\n", "far.s"))
    check("rejection names insn 1 at far.s:2",
          e is not None and (e.insn, e.filename, e.line) == (1, "far.s", 2)
          and "beyond bar0" in e.reason, repr(e and e.message))
    e = raises("a release program as the ack program", uirq.ProgramError,
               dev.load, "ack",
               uirq.Program.load_file(PROGS + "/edu-release.s"))
    check("kind mismatch message", e is not None and
          ".kind release program given as the ack program" in e.message,
          repr(e and e.message))
    ack = uirq.Program.load_file(PROGS + "/edu-ack.s")
    props = dev.load("ack", list(ack.instructions))
    check("raw instructions: kernel props = offline props",
          props == ack.verify(regions=["bar0:mmio:1M"]), repr(props))
    props = dev.load(None, ack)
    check("program with .kind: props", props.windows == {0: (0x24, 0x68)})
    dev.load_file(PROGS + "/edu-release.s")
    dev.irq_on(uirq.IRQ_RING)
    i = dev.info()
    want = uirq.INFO_IRQ_ON | uirq.INFO_RING | uirq.INFO_UNMASK_NOOP
    check("irq on: ring, unmask no-op", i.flags & want == want, hex(i.flags))
    e = raises("ack program while the IRQ is on: EBUSY", OSError, dev.load,
               "ack", ack)
    check("ack program while the IRQ is on: errno",
          e is not None and e.errno == errno.EBUSY, repr(e))

    # events
    raises("nothing raised: TimeoutError", TimeoutError, dev.wait_events, 1, 50)
    check("nothing queued", dev.read_events() == [])
    dev.write(BAR0, RAISE, 0x4001)
    ev = dev.wait(1000)
    check("wait: the event", (ev.seq, ev.cap_mask, ev.cap[0], ev.dropped,
                              ev.flags, ev.vector) == (1, 1, 0x4001, 0, 0, 0),
          repr(ev))
    check("status acknowledged in the kernel", dev.read(BAR0, STATUS) == 0)
    dev.unmask()
    dev.write(BAR0, RAISE, 0x4002)
    rd, _, _ = select.select([dev.fileno()], [], [], 2.0)
    check("fileno readable with an event queued", rd == [dev.fileno()])
    evs = dev.read_events(8)
    check("read_events: one", [(x.seq, x.cap[0]) for x in evs] == [(2, 0x4002)],
          repr(evs))
    efd = os.eventfd(0, os.EFD_NONBLOCK)
    dev.set_eventfd(efd)
    for v in (0x4003, 0x4004, 0x4005):
        dev.write(BAR0, RAISE, v)
        dev.wait_events(1, 1000)
    check("eventfd counts three events", os.eventfd_read(efd) == 3)
    dev.set_eventfd(-1)
    os.close(efd)
    st = dev.stats()
    check("stats: exact", (st.handled, st.events, st.dropped, st.declined,
                           st.fault) == (5, 5, 0, 0, 0), repr(st))
    dev.stats(reset=True)
    check("stats reset", dev.stats().handled == 0)
    dev.irq_off()
    check("irq off", not dev.info().flags & uirq.INFO_IRQ_ON)
    dev.close()
    check("closed", dev.closed)
    raises("a closed device: ValueError", ValueError, dev.info)
    with uirq.Device(bdf) as d2:
        check("reopened after close", d2.info().name == bdf)
        # no program at all on a device with INTx masking: the kernel's
        # built-in PCI 2.3 programs (API 4). Last: loading an ack program
        # after them leaves their enable program installed.
        d2.irq_on(0)
        check("irq_on with no program: the built-in ones",
              d2.info().flags & (uirq.INFO_IRQ_ON | uirq.INFO_BUILTIN) ==
              uirq.INFO_IRQ_ON | uirq.INFO_BUILTIN, hex(d2.info().flags))
        e = raises("an ack program while the built-in one is on: EBUSY",
                   OSError, d2.load, "ack", "ret none\n")
        check("... errno", e is not None and e.errno == errno.EBUSY, repr(e))
        d2.irq_off()
    print("%d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
