"""A small bounded cache for compiled rules, keyed by what the caller says identifies them."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class BoundedCache(Generic[T]):
    """Dict-backed cache that drops its oldest entries when full.

    Not an ``lru_cache`` because rules are unhashable JSON: the caller supplies the key
    (e.g. ``(service_id, revision)``) and the rule is only looked at on a miss. Races between
    threads at worst compile a rule twice; dict operations themselves are atomic.
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: dict[Hashable, T] = {}

    def get(self, key: Hashable) -> T | None:
        return self._items.get(key)

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        value = self._items.get(key)
        if value is not None:
            return value
        value = build()
        if len(self._items) >= self.maxsize:
            # Dicts keep insertion order, so the first keys are the oldest.
            for old in list(self._items)[: max(1, self.maxsize // 10)]:
                self._items.pop(old, None)
        self._items[key] = value
        return value

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
