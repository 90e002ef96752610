#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run python/tests/test_*.py with unittest and report as every uirq
suite does: "ok   NAME" or "FAIL NAME: why" per check (a subTest counts
as a check of its own), then "N passed, N failed" (", N skipped" if any).

Environment: UIRQ_LIB (the libuirq.so.1 to test, e.g. build/libuirq.so.1),
UIRQ_TOP (the tree; default: two levels up), UIRQ_BUILD (the build
directory, for uirqctl; default: $UIRQ_TOP/build), CC (default cc).
Arguments: test module names to run only those (e.g. test_program).
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class Result(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.npass = self.nfail = self.nskip = 0
        self._sub = set()

    @staticmethod
    def _name(test):
        return test.id().split(".", 1)[-1]

    def _reason(self, test, err):
        text = self._exc_info_to_string(err, test).rstrip()
        first = (str(err[1]).splitlines() or [""])[0]
        return "%s: %s" % (err[0].__name__, first), text

    def addSuccess(self, test):
        if test.id() in self._sub:
            return      # its subtests were the checks
        self.npass += 1
        print("ok   %s" % self._name(test), flush=True)

    def _failed(self, test, name, err):
        self.nfail += 1
        last, text = self._reason(test, err)
        print("FAIL %s: %s" % (name, last), flush=True)
        if os.environ.get("UIRQ_TEST_VERBOSE") or "AssertionError" not in last:
            print("\n".join("     " + l for l in text.splitlines()))

    def addFailure(self, test, err):
        self._failed(test, self._name(test), err)

    def addError(self, test, err):
        self._failed(test, self._name(test), err)

    def addSubTest(self, test, subtest, err):
        self._sub.add(test.id())
        name = "%s %s" % (self._name(test), subtest._subDescription())
        if err is None:
            self.npass += 1
            print("ok   %s" % name, flush=True)
        else:
            self._failed(test, name, err)

    def addSkip(self, test, reason):
        self.nskip += 1
        print("SKIP %s: %s" % (self._name(test), reason), flush=True)

    def addUnexpectedSuccess(self, test):
        self._failed(test, self._name(test), (AssertionError,
                                         AssertionError("unexpected success"),
                                         None))

    def addExpectedFailure(self, test, err):
        self.addSuccess(test)


def main(argv):
    sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    if argv:
        suite = unittest.TestSuite(loader.loadTestsFromName(n) for n in argv)
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    res = Result()
    suite.run(res)
    line = "%d passed, %d failed" % (res.npass, res.nfail)
    if res.nskip:
        line += ", %d skipped" % res.nskip
    print(line)
    return 1 if res.nfail or (res.npass == 0) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
