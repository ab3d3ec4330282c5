"""Caches bounded by bytes, not by entries: what the explorers keep of past runs and pictures.

A slider that comes back to a setting it has seen should not train (or draw)
again, but the notebook server has little memory (Binder gives one about
2 GB). So every cache here forgets its least recently used entries once the
bytes it holds pass a budget.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable, Iterator

import numpy as np

from nnlib.errors import check_whole_number
from nnlib.training import History

ARRAY_OVERHEAD = 112                # bytes of a numpy array object besides its data


class ByteLRU:
    """A dict that forgets its least recently used entries once it holds more than ``max_bytes``.

    ``size_of(value)`` says how many bytes a value takes (for the explorers:
    the data of the numpy arrays it holds, see ``array_bytes``). Reading an
    entry (``cache[key]`` or ``cache.get(key)``) makes it the most recently
    used; storing one may forget the oldest. A value bigger than the whole
    budget is not stored at all. ``cache.nbytes`` is the total held now.
    """

    def __init__(self, max_bytes: int, size_of: Callable[[Any], int]) -> None:
        self.max_bytes = check_whole_number(max_bytes, "max_bytes", minimum=1)
        self.size_of = size_of
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.nbytes = 0

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.entries)

    def __getitem__(self, key: Hashable) -> Any:
        self.entries.move_to_end(key)                    # now the most recently used
        return self.entries[key][0]

    def get(self, key: Hashable, default: Any = None) -> Any:
        return self[key] if key in self.entries else default

    def __setitem__(self, key: Hashable, value: Any) -> None:
        if key in self.entries:
            self.nbytes -= self.entries.pop(key)[1]
        size = int(self.size_of(value))
        if size > self.max_bytes:
            return
        self.entries[key] = (value, size)
        self.nbytes += size
        while self.nbytes > self.max_bytes:
            _, (_, forgotten) = self.entries.popitem(last=False)     # the least recently used
            self.nbytes -= forgotten


def array_bytes(*arrays: np.ndarray) -> int:
    """Bytes held by these numpy arrays: their data plus a fixed ``ARRAY_OVERHEAD`` each."""
    return sum(a.nbytes + ARRAY_OVERHEAD for a in arrays)


def history_bytes(history: History) -> int:
    """Bytes of a training run: its losses and the parameters of each snapshot."""
    snapshots = sum(array_bytes(*s.network.parameter_list()) for s in history.snapshots)
    return array_bytes(history.losses) + snapshots
