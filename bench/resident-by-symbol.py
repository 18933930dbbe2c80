#!/usr/bin/env python3
"""Which of a running static `parley`'s own pages are resident, and whose they are.

    bench/resident-by-symbol.py PID [path/to/parley] [static-lib-dir]

Reads the binary's symbols (`nm -S`), assigns each to the static library that defines it (the
toolchain's `swift_static/linux/*.a`: `lib_FoundationICU.a` is ICU, its code and its data
`icudt*_dat`), maps them onto the process (/proc/PID/maps) and asks /proc/PID/pagemap which
pages are present. Prints resident KB per library and the ICU symbols on resident pages (the
40 largest), so a change can show whether ICU is still touched. A page is counted for every
library with a symbol on it; names defined by several libraries are counted apart. Needs read access to /proc/PID/pagemap (its present bit is readable
by the process's owner).
"""
import glob
import os
import subprocess
import sys

from resident_pages import PAGE, binary_pages


def symbols(path):
    out = subprocess.run(["nm", "-S", "--defined-only", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            yield int(parts[0], 16), int(parts[1], 16), parts[3]


def main():
    pid = int(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) > 2 else f"/proc/{pid}/exe"
    libs = sys.argv[3] if len(sys.argv) > 3 else "/opt/swift/usr/lib/swift_static/linux"
    owner = {}
    for archive in sorted(glob.glob(os.path.join(libs, "*.a"))):
        name = os.path.basename(archive)
        out = subprocess.run(["nm", "--defined-only", archive], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3:
                # A name several libraries define (local helpers, shared inline code) says
                # nothing about whose page it is.
                if owner.get(parts[2], name) != name:
                    owner[parts[2]] = "(names in several libraries)"
                else:
                    owner[parts[2]] = name
    base, resident = binary_pages(pid, binary)
    pages_of = {}
    hot = []
    for address, size, name in symbols(binary):
        lib = owner.get(name, "parley and packages")
        if lib == "lib_FoundationICU.a":
            lib = "ICU data" if name.startswith("icudt") else "ICU code"
        first = (base + address) // PAGE * PAGE
        last = (base + address + max(size, 1) - 1) // PAGE * PAGE
        pages = {p for p in range(first, last + PAGE, PAGE) if p in resident}
        pages_of.setdefault(lib, set()).update(pages)
        if lib.startswith("ICU") and pages:
            hot.append((len(pages), name))
    print(f"binary resident: {len(resident) * PAGE // 1024} KB")
    for lib, pages in sorted(pages_of.items(), key=lambda item: -len(item[1])):
        if pages:
            print(f"  {len(pages) * PAGE // 1024:7d} KB  {lib}")
    print("ICU symbols on resident pages:")
    for pages, name in sorted(hot, reverse=True)[:40]:
        print(f"  {pages:5d} pages  {name}")


try:
    main()
except BrokenPipeError:  # piped into `head`
    sys.stderr.close()
