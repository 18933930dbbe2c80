#!/usr/bin/env python3
"""Which sections of a running `parley` binary are resident, and how much of each.

    bench/resident-by-section.py PID [path/to/parley]

Reads the section table (`readelf -S`), maps it onto the process (/proc/PID/maps) and asks
/proc/PID/pagemap which pages are present. Prints, per section with resident pages, the resident
KB against the section's size, largest first. This is how the loader's relocation table
(`.rela.dyn`), the exported symbols (`.dynsym`, `.dynstr`, `.gnu.hash`) and the unwind tables
(`.eh_frame_hdr`) were found in the idle chat's resident set (docs/performance.md). Pages the
kernel maps around a fault (fault-around, up to 64 KB of page-cached neighbours) count as
resident: that is what VmRSS counts too. Needs read access to /proc/PID/pagemap.
"""
import re
import subprocess
import sys

from resident_pages import PAGE, binary_pages


def sections(path):
    out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if match and int(match.group(2), 16):
            yield match.group(1), int(match.group(2), 16), int(match.group(3), 16)


def main():
    pid = int(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) > 2 else f"/proc/{pid}/exe"
    base, resident = binary_pages(pid, binary)
    rows = []
    for name, address, size in sections(binary):
        first = (base + address) // PAGE * PAGE
        last = (base + address + max(size, 1) - 1) // PAGE * PAGE
        pages = sum(1 for page in range(first, last + PAGE, PAGE) if page in resident)
        if pages:
            rows.append((pages * PAGE // 1024, size // 1024, name))
    print(f"binary resident: {len(resident) * PAGE // 1024} KB")
    for kb, size, name in sorted(rows, reverse=True):
        print(f"  {kb:7d} KB of {size:7d} KB  {name}")


try:
    main()
except BrokenPipeError:  # piped into `head`
    sys.stderr.close()
