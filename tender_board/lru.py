"""A small thread-safe memory of recent answers, oldest forgotten first (pages, feeds).

Bounded by entries and, when given `max_bytes` and a `weight` (the bytes one value holds), by
bytes too: an app server's memory must not depend on how large the pages it happened to keep
are. A value heavier than the whole budget is not kept at all.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable


class LruCache:
    def __init__(self, size: int, max_bytes: int | None = None, weight: Callable[[object], int] | None = None):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()
        self.max_bytes, self._weight = max_bytes, weight if max_bytes is not None else None
        self.bytes = 0  # what the kept values weigh (0 when not bounded by bytes)

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value[0] if value is not None else None

    def put(self, key, value) -> None:
        weight = self._weight(value) if self._weight is not None else 0
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            if self.max_bytes is not None and weight > self.max_bytes:
                return
            self._items[key] = (value, weight)
            self.bytes += weight
            while len(self._items) > self.size or (self.max_bytes is not None and self.bytes > self.max_bytes):
                _key, (_value, forgotten) = self._items.popitem(last=False)
                self.bytes -= forgotten

    def __len__(self) -> int:
        return len(self._items)
