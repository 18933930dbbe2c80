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
import os
import re
import struct
import subprocess
import sys

PAGE = 4096


def sections(path):
    out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if match and int(match.group(2), 16):
            yield match.group(1), int(match.group(2), 16), int(match.group(3), 16)


def main():
    pid = int(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) > 2 else f"/proc/{pid}/exe"
    real = os.path.realpath(f"/proc/{pid}/exe")
    maps = []
    for line in open(f"/proc/{pid}/maps"):
        parts = line.split()
        if len(parts) >= 6 and parts[5] == real:
            start, end = (int(x, 16) for x in parts[0].split("-"))
            maps.append((start, end, int(parts[2], 16)))
    header = subprocess.run(["readelf", "-h", binary], capture_output=True, text=True).stdout
    # A position-independent binary's section addresses are offsets from where it was loaded;
    # a fixed one's are already the process's addresses.
    base = 0 if "EXEC (Executable file)" in header else min(start - offset for start, _, offset in maps)
    resident = set()
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for start, end, _ in maps:
            pagemap.seek(start // PAGE * 8)
            entries = pagemap.read((end - start) // PAGE * 8)
            for i in range(0, len(entries), 8):
                (entry,) = struct.unpack_from("<Q", entries, i)
                if entry >> 63 & 1:
                    resident.add(start + i // 8 * PAGE)
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
