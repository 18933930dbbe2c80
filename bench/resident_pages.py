"""The pages of a running process's own binary that are resident, shared by the
bench/resident-by-*.py scripts. Needs read access to /proc/PID/pagemap (its present bit is
readable by the process's owner)."""
import os
import struct
import subprocess

PAGE = 4096


def binary_pages(pid, binary):
    """Returns (base, resident): the address the binary's section and symbol addresses are
    relative to, and the set of addresses of its resident pages."""
    real = os.path.realpath(f"/proc/{pid}/exe")
    maps = []
    for line in open(f"/proc/{pid}/maps"):
        parts = line.split()
        if len(parts) >= 6 and parts[5] == real:
            start, end = (int(x, 16) for x in parts[0].split("-"))
            maps.append((start, end, int(parts[2], 16)))
    header = subprocess.run(["readelf", "-h", binary], capture_output=True, text=True).stdout
    # A position-independent binary's addresses are offsets from where it was loaded; a fixed
    # one's are already the process's addresses.
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
    return base, resident
