#!/usr/bin/env python3
"""Which of a running static `parley`'s own pages are resident, by kind of symbol.

    bench/resident-by-symbol.py PID [path/to/parley]

Reads the binary's symbols (`nm -S`), maps them onto the process (/proc/PID/maps) and asks
/proc/PID/pagemap which pages are present. Prints resident KB of ICU's code, ICU's data and
everything else in the binary, and lists the ICU symbols with resident pages (the first 40),
so a change can show that ICU is no longer touched. Needs read access to /proc/PID/pagemap
(the present bit is readable by the process's owner; the frame numbers, unused here, need root).
"""
import re
import struct
import subprocess
import sys

PAGE = 4096
# ICU's C API carries its version as a suffix (ucal_open_74), its C++ API lives in namespace
# icu_74 (_ZN6icu_74…, _ZNK6icu_74…), and its data is one big symbol (icudt74_dat).
ICU_DATA = re.compile(r"^icudt\d+_dat$")
ICU_CODE = re.compile(r"^(_ZN[KS]?\d*icu_\d+|_ZN[KS]?6icu_\d+|_ZTV6icu_|_ZTI6icu_|_ZTS6icu_|u[a-z]*_[A-Za-z0-9]+_\d{2}$|u_[A-Za-z0-9_]+_\d{2}$)")


def main():
    pid = int(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) > 2 else f"/proc/{pid}/exe"
    real = subprocess.run(["readlink", "-f", f"/proc/{pid}/exe"], capture_output=True, text=True).stdout.strip()
    maps = []
    for line in open(f"/proc/{pid}/maps"):
        parts = line.split()
        if len(parts) >= 6 and parts[5] == real:
            start, end = (int(x, 16) for x in parts[0].split("-"))
            maps.append((start, end, int(parts[2], 16)))
    base = min(start - offset for start, _, offset in maps)
    pagemap = open(f"/proc/{pid}/pagemap", "rb")

    def present(page_address):
        pagemap.seek(page_address // PAGE * 8)
        (entry,) = struct.unpack("<Q", pagemap.read(8))
        return bool(entry >> 63 & 1)

    resident = {page for start, end, _ in maps for page in range(start, end, PAGE) if present(page)}
    totals = {"icu code": 0, "icu data": 0}
    hot = []
    seen = set()
    out = subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        address, size, name = int(parts[0], 16), int(parts[1], 16), parts[3]
        kind = "icu data" if ICU_DATA.match(name) else "icu code" if ICU_CODE.match(name) else None
        if kind is None or size == 0:
            continue
        first, last = (base + address) // PAGE * PAGE, (base + address + size - 1) // PAGE * PAGE
        pages = [p for p in range(first, last + PAGE, PAGE) if p in resident and (kind, p) not in seen]
        seen.update((kind, p) for p in pages)
        totals[kind] += len(pages) * PAGE // 1024
        if pages:
            hot.append((len(pages), name))
    print(f"binary resident: {len(resident) * PAGE // 1024} KB")
    for kind, kb in totals.items():
        print(f"{kind} resident: {kb} KB")
    for pages, name in sorted(hot, reverse=True)[:40]:
        print(f"  {pages:5d} pages  {name}")


main()
