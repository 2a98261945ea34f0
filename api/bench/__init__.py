"""Every benchmark of the project, in one home, reached only through ``bookcase benchmark``.

Benchmarks are not tests: tests never assert on wall-clock time. They print times
against baselines measured in the same run, because the machine is small and noisy.

==========================  ====================================================
module                      what it holds
==========================  ====================================================
:mod:`.runner`              :func:`run_benchmark`: generate, load in rounds of
                            fresh processes beside a networkx anchor, time
                            every named query (n/2 and n interleaved)
:mod:`.baselines`           the naive baselines each query is compared with
:mod:`.tables`              targets, result rows, medians with their range
                            and the Markdown tables
:mod:`.imports`             importing a real service feed and one scaled to
                            20,000 services (``--import-feed``)
:mod:`.cypher`              the Cypher layer (``--cypher``): loading into
                            LadybugDB, twins against their Python queries,
                            push to ArcadeDB over Bolt
==========================  ====================================================
"""

from .runner import run_benchmark
from .tables import TARGETS, LoadRow, QueryRow, load_table, markdown_table, scaling_table

__all__ = ["TARGETS", "LoadRow", "QueryRow", "load_table", "markdown_table", "run_benchmark", "scaling_table"]
