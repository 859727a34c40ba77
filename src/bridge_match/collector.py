"""The garbage collector paused while millions of long-lived objects are made (validating
records, fitting, loading a model)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (validating records, fitting, loading a model), and
    what was made then moved straight to the oldest generation.

    Loading allocates millions of objects that all live on, and each burst of allocations
    triggers a collection that walks every object so far: without the pause the collector took
    more than half of the time (4 s of 7 at 100,000 profiles) and grew faster than the data.
    Re-enabled as such, it would walk them all again, at once and twice more as they age (1.5
    to 2 s each at 600,000 profiles); ``gc.freeze()`` then ``gc.unfreeze()`` puts them, and
    whatever else was tracked, into the oldest generation, where only full collections look.
    Records hold no reference cycles; what little cyclic garbage a load makes (exceptions of
    rejected rows) waits for the next full collection. Skipped if the process froze objects
    itself (``unfreeze`` would release them too); the collector is left as it was found (a
    caller that disabled it keeps it disabled).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
