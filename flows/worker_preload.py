"""Preloaded by every Dask worker that `dateline run --workers N` starts (distributed's `preload`).

A worker process starts empty: importing Prefect, pandas, pandera and the core and compiling the rules
costs each worker several seconds of CPU. Done here, that happens while the cluster starts (prefect-dask
starts it at the run's first task) instead of inside the first batch each worker receives.
"""

from __future__ import annotations

from typing import Any

import dateline.batches
import dateline.tables  # noqa: F401  (process_batch imports it lazily; extract: prepare_batches)
import flows.pipeline  # noqa: F401  (Prefect's task engine and the tasks)


def dask_setup(worker: Any) -> None:
    """Compile the rules and build the table schemas (cached per process) before the first batch."""
    dateline.batches.prepare_batches()
