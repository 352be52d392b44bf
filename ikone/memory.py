"""How a worker's C library keeps the memory a request freed.

glibc gives a block of 128 KB or more fresh pages from the kernel and returns
them when it is freed (or trims the heap's free top), so the next such block
is faulted in again page by page. A report by city is 9 MB at --scale 3,
held three times on its way (the database's result, its bytes, the
document): each time some 2,300 page faults, milliseconds of kernel time,
more than copying it. Kept in the heap, the next report reuses the pages.
"""

import ctypes
import ctypes.util

# mallopt's parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
# Blocks up to this size come from the heap (glibc's largest on 64 bits) ...
HEAP_BLOCKS_UP_TO = 32 * 1024 * 1024
# ... and up to this much of its free top stays with the worker.
KEPT_FREE = 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Tell glibc to keep freed blocks for the next request; False where the
    C library is not glibc (it then does as it does)."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(
        mallopt(_M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO) and mallopt(_M_TRIM_THRESHOLD, KEPT_FREE)
    )
