"""Unattended: `briefer schedule` builds the briefing every day, and `briefer status` says how it went
(the commands: briefer/cli/schedule.py).

times.py  when the runs are due (the set local time in its zone, across DST changes)
loop.py   the loop that runs them: catch-up, retries, retention, signals
state.py  the single-instance lock, the status file and the rotating log in data_dir
"""

from __future__ import annotations

from .loop import DailyScheduler

__all__ = ["DailyScheduler"]
