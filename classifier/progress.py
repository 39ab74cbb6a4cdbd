"""A progress line on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int | None, enabled: bool | None = None, every: float = 0.2):
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.every = every
        self.count = 0
        self.started = self.shown = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self.enabled and now - self.shown >= self.every:
            self.shown = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.count / max(now - self.started, 1e-9)
        of = f"/{self.total}" if self.total else ""
        sys.stderr.write(f"\r{self.count}{of} documents  {rate:,.0f}/s ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            sys.stderr.write("\n")
