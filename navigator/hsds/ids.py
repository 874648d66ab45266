"""The ids of HSDS objects: `uuid5(NAMESPACE, "<kind>:<key>")` (see mapping.py's note)."""

from __future__ import annotations

import uuid
from functools import lru_cache

#: the fixed namespace of every id this app gives an HSDS object (never change it: ids
#: made with it are published)
NAMESPACE = uuid.UUID("6f1d7c4e-3b0a-5c8e-9a51-2d4e8b7f0c13")


@lru_cache(maxsize=65536)
def hsds_id(kind: str, key: str) -> str:
    """The stable UUID of an HSDS object of `kind` named `key` (see mapping.py's note)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))
