"""Settings: the only place in the project that reads environment variables.

Every setting has a default that works on a fresh machine; an environment variable
``BOOKCASE_<NAME>`` overrides it (for example ``BOOKCASE_DATASET=staffordshire``).
:func:`get_settings` reads them once per process; nothing is read at import time.

=====================  ==========================================================
variable               meaning
=====================  ==========================================================
``BOOKCASE_DATASET``   the partnership a command uses when ``--dataset`` is not
                       given: a bundled name or a path (default ``york``)
``BOOKCASE_PROGRESS``  progress bars: ``auto`` (on a terminal only), ``always``
                       or ``never`` (default ``auto``)
``BOOKCASE_CACHE``     keep large partnerships loaded from files in the load
                       cache, so the next load of the same content is fast:
                       ``true`` or ``false`` (default ``true``)
``BOOKCASE_CACHE_DIR`` the cache folder (default: the user's cache folder, e.g.
                       ``~/.cache/planning-bookcase``); see :mod:`loaders.cache`
``BOOKCASE_CACHE_MIN_  only files (or folders) of at least this many bytes are
BYTES``                cached (default 8 MiB: smaller ones load fast anyway)
``BOOKCASE_CORS_       origins (``https://intranet.example.gov.uk``) whose web
ORIGINS``              pages may call the HTTP API from a browser, as a JSON
                       list; none by default (CORS off)
``BOOKCASE_KEYS_FILE`` the HTTP API's keys (hashes, names and roles; see
                       :mod:`api.http.keys`); default: the user's config folder
``BOOKCASE_ANSWERS_    how many named-query answers the server keeps per
KEPT``                 process, to answer a repeated request at once (256)
``BOOKCASE_CYPHER_     how long one analyst Cypher statement may run, in
TIMEOUT_MS``           milliseconds (default 30000); see :mod:`queries.cypher.guard`
``BOOKCASE_CYPHER_     the most rows one Cypher answer holds (default 100000);
MAX_ROWS``             the answer says when more were left
``BOOKCASE_CYPHER_     the longest variable-length path Cypher follows, in hops
MAX_DEPTH``            (default 1000; the engine's own default is 30)
``BOOKCASE_CYPHER_     the memory, in MB, the server's Cypher worker lets the
MEMORY_MB``            engine use (default 1024; every twin runs in it at
                       national scale)
``BOOKCASE_NEO4J_URI`` the Bolt server of ``bookcase neo4j`` and ``bookcase cypher
                       --neo4j`` when ``--uri`` is not given
``BOOKCASE_NEO4J_USER`` its user when ``--user`` is not given (default ``neo4j``)
``BOOKCASE_NEO4J_      its password: never a command-line option; without it the
PASSWORD``             command asks (hidden input), and it is never written out
=====================  ==========================================================

Examples
--------
>>> Settings(dataset="staffordshire").dataset
'staffordshire'
>>> Settings().progress
'auto'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_cache_dir, user_config_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """What a user can set from the environment; see the module docstring for the variables."""

    model_config = SettingsConfigDict(env_prefix="BOOKCASE_", frozen=True, extra="ignore")

    dataset: str = "york"
    progress: Literal["auto", "always", "never"] = "auto"
    cache: bool = True
    cache_min_bytes: int = Field(8 * 2**20, ge=0)
    cache_dir: Path = Field(default_factory=lambda: Path(user_cache_dir("planning-bookcase")))
    cors_origins: list[str] = Field(default_factory=list)
    keys_file: Path = Field(default_factory=lambda: Path(user_config_dir("planning-bookcase")) / "keys.json")
    answers_kept: int = Field(256, ge=0)
    # Cypher for analysts (queries.cypher): the guard's limits and the variable-length path cap.
    cypher_timeout_ms: int = Field(30_000, ge=1)
    cypher_max_rows: int = Field(100_000, ge=1)
    cypher_max_depth: int = Field(1_000, ge=1)
    cypher_memory_mb: int = Field(1024, ge=64)
    # Neo4j (queries.cypher.bolt): where to push and pull; the password is a secret, never shown.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return Settings()
