#!/usr/bin/env python3
"""The disk's own floor under pchatd's durable commits: fdatasync after an 8 KB overwrite, paced like the bot round
trip at 100/s, in the folder given (default: the current one). Prints p50/p90/p99/max in milliseconds.

    python3 Benchmarks/tools/disk-sync-probe.py [FOLDER] [COUNT]
"""
import os
import sys
import tempfile
import time

folder = sys.argv[1] if len(sys.argv) > 1 else "."
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
fd, path = tempfile.mkstemp(prefix="sync-probe-", dir=folder)
try:
    waits = []
    for number in range(count):
        os.pwrite(fd, b"x" * 8192, (number % 50) * 8192)
        started = time.perf_counter()
        os.fdatasync(fd)
        waits.append((time.perf_counter() - started) * 1000)
        time.sleep(0.01)
    waits.sort()
    pick = lambda p: waits[min(len(waits) - 1, int(len(waits) * p / 100))]
    print(f"fdatasync of 8 KB, {count} at 100/s: p50 {pick(50):.3f} ms, p90 {pick(90):.3f} ms, "
          f"p99 {pick(99):.3f} ms, max {waits[-1]:.3f} ms")
finally:
    os.close(fd)
    os.unlink(path)
