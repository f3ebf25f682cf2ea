"""Modules that a dependency imports at its top but briefer's path never uses, loaded on first use.

sumy's document model (`sumy.models.dom`) imports `sumy.utils`, which imports `requests` for its
`fetch_url` helper: about 50 ms of `briefer summarize`'s start-up, for a function briefer never
calls (pages are fetched by briefer/sources/http.py). A stand-in module takes its place in
`sys.modules` until code reads an attribute it lacks; then the real module is imported and its
names copied in, so code that does use it gets the real thing.

Not `importlib.util.LazyLoader`: on Python 3.11 a second `import requests` reads the module's
`__spec__`, which makes a LazyLoader module load at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


class _Deferred(types.ModuleType):
    def __getattr__(self, attribute: str) -> Any:  # only for names the stand-in lacks
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, attribute)


def defer_import(name: str) -> None:
    """Make `import name` cheap until the module is first used; nothing if it is loaded or absent."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec  # `import name` elsewhere checks it; not initializing, so it passes
    sys.modules[name] = stand_in
