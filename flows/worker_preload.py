"""Preloaded by every Dask worker that `dateline run --workers N` starts (distributed's `preload`).

Local workers fork from the run's process (see `dateline.cli._task_runner`) after it has imported the
core and compiled the rules (`flows.pipeline`: before its first batch), so all of this is inherited and
costs nothing. A worker that starts empty (spawned: DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD=spawn)
would spend several seconds importing Prefect, pandas, pandera and the core and compiling the rules:
done here, while the cluster starts, instead of inside the first batch it receives.
"""

from __future__ import annotations

from typing import Any

import dateline.batches
import dateline.tables  # noqa: F401  (process_batch imports it lazily; extract: prepare_batches)
import flows.pipeline  # noqa: F401  (Prefect's task engine and the tasks)


def dask_setup(worker: Any) -> None:
    """Compile the rules and grammars and build the table schemas (cached per process) before the first batch."""
    dateline.batches.prepare_batches()
