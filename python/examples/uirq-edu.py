#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""uirq-edu.py: a user-space driver for QEMU's edu device, in Python.

The Python twin of examples/edu/uirq-edu.c, written against the uirq
package only: it loads edu-ack.s and edu-release.s, maps BAR0, turns the
IRQ on with the shared event ring and then, N times, raises an interrupt
with a distinct value, unmasks and waits for its event in one call
(Device.wait_events), and checks that the ack program captured that value
in cap[0] and that the event numbers run without a gap.

edu (BAR0, MMIO, 32-bit registers): 0x00 id, 0x24 interrupt status (RO),
0x60 raise (WO, ORed into the status), 0x64 acknowledge (WO).

The last line printed is the summary, as the C driver's:
    BDF: raised N received N mismatched N lost N
Exit status: 0 all received and matched, 1 otherwise, 2 usage error.
"""
import argparse
import os
import sys
import time

import uirq

EDU_VENDOR, EDU_DEVICE = 0x1234, 0x11e8
EDU_ID, EDU_IRQ_STATUS, EDU_IRQ_RAISE, EDU_IRQ_ACK = 0x00, 0x24, 0x60, 0x64
BAR0 = uirq.REGION_BAR0

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "..", "..", "examples", "programs")


def raise_value(slot, i):
    """Distinct per device and iteration, never 0 or all-ones: the slot
    in the top byte, 1..0xffffff below (as uirq-edu.c)."""
    return ((slot & 0x1f) << 24) | (i % 0xffffff + 1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-d", "--device", required=True,
                    help='the edu device, "0000:00:04.0" or "00:04.0"')
    ap.add_argument("-n", "--count", type=int, default=1000,
                    help="interrupts to raise (default 1000)")
    ap.add_argument("-a", "--ack", default=os.path.join(PROGRAMS, "edu-ack.s"),
                    help="ack program file (default: the checkout's edu-ack.s)")
    ap.add_argument("-r", "--release",
                    default=os.path.join(PROGRAMS, "edu-release.s"),
                    help="release program file (default: edu-release.s)")
    ap.add_argument("-t", "--timeout", type=int, default=2000,
                    help="wait at most MS milliseconds per event")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print the kernel's statistics")
    o = ap.parse_args(argv)
    if o.count < 0 or not 0 < o.timeout <= 3600 * 1000:
        ap.error("--count must be >= 0, --timeout 1..3600000")
    try:
        bdf = uirq.parse_bdf(o.device)
    except OSError:
        ap.error("--device: %r is not a PCI address like 0000:00:04.0"
                 % o.device)

    raised = received = mismatched = gaps = dropped = 0
    fail = False
    last_seq = None
    t0 = time.monotonic()
    try:
        with uirq.Device(bdf) as dev:
            info = dev.info()
            if (info.vendor, info.device) != (EDU_VENDOR, EDU_DEVICE):
                raise SystemExit("uirq-edu.py: %s: %04x:%04x is not an edu "
                                 "device" % (bdf, info.vendor, info.device))
            _, length = dev.map_region(BAR0)
            if dev.read(BAR0, EDU_ID) & 0xff != 0xed:
                raise SystemExit("uirq-edu.py: %s: id register reads %#x"
                                 % (bdf, dev.read(BAR0, EDU_ID)))
            dev.load("ack", uirq.Program.load_file(o.ack))
            dev.load("release", uirq.Program.load_file(o.release))
            try:
                dev.irq_on(uirq.IRQ_RING)
            except OSError as e:
                if e.errno != 95:       # EOPNOTSUPP: a kernel before API 3
                    raise
                dev.irq_on(0)
            info = dev.info()
            if not o.quiet:
                print("%s: edu id %#x, irq %d%s, raising %d interrupts "
                      "(python %d.%d, %s)" % (
                          bdf, dev.read(BAR0, EDU_ID), info.irq,
                          " (shared now)" if info.flags & uirq.INFO_SHARED
                          else "", o.count, sys.version_info[0],
                          sys.version_info[1], uirq.library_path),
                      flush=True)
            t0 = time.monotonic()
            for i in range(o.count):
                v = raise_value(info.slot, i)
                dev.write(BAR0, EDU_IRQ_RAISE, v)
                raised += 1
                while True:
                    try:
                        ev, = dev.wait_events(1, o.timeout)
                        break
                    except InterruptedError:
                        continue
                    except TimeoutError:
                        ev = None
                        break
                if ev is None:
                    # Resynchronise as uirq-edu.c does: clear the status
                    # and discard a late event.
                    print("uirq-edu.py: %s: no event for value %#x within "
                          "%d ms" % (bdf, v, o.timeout), file=sys.stderr)
                    dev.write(BAR0, EDU_IRQ_ACK, dev.read(BAR0, EDU_IRQ_STATUS))
                    dev.unmask()
                    dev.read_events()
                    continue
                received += 1
                if not ev.cap_mask & 1 or ev.cap[0] != v:
                    mismatched += 1
                    print("uirq-edu.py: %s: event seq %d: raised %#x, "
                          "captured %#x" % (bdf, ev.seq, v, ev.cap[0]),
                          file=sys.stderr)
                if last_seq is not None and ev.seq != last_seq + 1:
                    gaps += 1
                last_seq = ev.seq
                dropped += ev.dropped
            elapsed = time.monotonic() - t0
            if o.verbose:
                st = dev.stats()
                runs = st.handled + st.declined
                print("%s: stats handled %d declined %d quiet %d events %d "
                      "dropped %d enable_runs %d unmask_events %d max_ns %d "
                      "mean_ns %d" % (bdf, st.handled, st.declined, st.quiet,
                                      st.events, st.dropped, st.enable_runs,
                                      st.unmask_events, st.max_ns,
                                      st.total_ns // runs if runs else 0))
                print("%s: %d interrupts in %.3f s (%.0f/s), last seq %s, "
                      "seq gaps %d, dropped %d" % (
                          bdf, received, elapsed,
                          received / elapsed if elapsed else 0.0,
                          last_seq, gaps, dropped))
            dev.irq_off()
    except uirq.ProgramError as e:
        print("uirq-edu.py: %s: program rejected: %s (insn %s)"
              % (bdf, e, e.insn), file=sys.stderr)
        fail = True
    except OSError as e:
        print("uirq-edu.py: %s: %s" % (bdf, e), file=sys.stderr)
        fail = True
    print("%s: raised %d received %d mismatched %d lost %d"
          % (bdf, raised, received, mismatched, raised - received),
          flush=True)
    if fail or mismatched or gaps or dropped or raised != o.count \
            or received != raised:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
