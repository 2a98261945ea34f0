"""The HTTP API (FastAPI): :func:`create_app` over the partnerships a server holds (:class:`Datasets`).

``bookcase serve`` (:mod:`api.cli.serve`) runs it with uvicorn.
"""

from .app import API_PREFIX, API_VERSION, create_app
from .datasets import Dataset, Datasets

__all__ = ["API_PREFIX", "API_VERSION", "Dataset", "Datasets", "create_app"]
