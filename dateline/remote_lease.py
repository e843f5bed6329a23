"""The lease on an object-store OUT (`OUT/.dateline.lock`): one run at a time, best effort.

Object stores offer no compare-and-swap through pyarrow, so this cannot be a true lock: a run refuses to
start while another run's lease is fresh, writes its own, reads it back (of two runs that wrote at once,
one sees the other's), renews it every `ttl / 3` while it runs, and checks it still holds it right
before moving OUT/CURRENT (`Lease.verify`). A lease is stale once its holder stopped renewing it for
`ttl` seconds, or at once when its process, on this host, is gone (a killed run does not block the next).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dateline.remote import Location, io_errors, read_json, write_bytes
from dateline.store import LOCK_FILE, LockedError

LEASE = LOCK_FILE
LEASE_TTL_SECONDS = 600.0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@dataclass
class Lease:
    """This run's lease on OUT (`hold_lease`): renewed by a background thread while held."""

    loc: Location
    owner: str
    ttl: float
    clock: Callable[[], dt.datetime]
    _stop: threading.Event = field(default_factory=threading.Event)
    lost: bool = False

    def body(self) -> bytes:
        value = {
            "owner": self.owner,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "time": self.clock().astimezone(dt.UTC).isoformat(),
            "ttl_seconds": self.ttl,
        }
        return json.dumps(value).encode("utf-8")

    def holder(self) -> dict[str, Any] | None:
        return read_json(self.loc)

    def verify(self) -> None:
        """Raise LockedError unless OUT's lease is still this run's."""
        found = self.holder()
        if self.lost or found is None or found.get("owner") != self.owner:
            self.lost = True
            raise LockedError(f"lost the lease {self.loc.url} to another run: not published")

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                found = self.holder()
                if found is None or found.get("owner") != self.owner:
                    self.lost = True
                    return
                write_bytes(self.loc, self.body())
            except Exception:  # a missed renewal is retried; `verify` decides before publishing
                continue


def lease_is_fresh(lease: dict[str, Any], now: dt.datetime) -> bool:
    """A lease binds while its holder renews it (and, on this host, while its process lives)."""
    if lease.get("host") == socket.gethostname() and isinstance(lease.get("pid"), int):
        if not _pid_alive(lease["pid"]):
            return False
    try:
        written = dt.datetime.fromisoformat(str(lease["time"]))
        ttl = float(lease.get("ttl_seconds") or LEASE_TTL_SECONDS)
    except (KeyError, ValueError, TypeError):
        return False
    return (now - written).total_seconds() < ttl


@contextmanager
def hold_lease(
    out: Location,
    *,
    ttl: float = LEASE_TTL_SECONDS,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Iterator[Lease]:
    """Hold OUT's lease for the duration; LockedError if another run's lease is fresh (best effort)."""
    lease = Lease(out.child(LEASE), uuid.uuid4().hex, ttl, clock)
    found = lease.holder()
    if found is not None and lease_is_fresh(found, clock()):
        since = found.get("time", "?")
        raise LockedError(
            f"another dateline run is writing {out.url} (lease {lease.loc.url} held by "
            f"{found.get('host', '?')} pid {found.get('pid', '?')} since {since}); try again later"
        )
    write_bytes(lease.loc, lease.body())
    try:
        lease.verify()  # read back: of two runs that wrote at once, one sees the other's lease
    except LockedError:
        raise LockedError(f"another dateline run started writing {out.url} at the same time; try again later") from None
    thread = threading.Thread(target=lease._renew, name="dateline-lease", daemon=True)
    thread.start()
    try:
        yield lease
    finally:
        lease._stop.set()
        thread.join(timeout=5)
        try:
            found = lease.holder()
            if found is not None and found.get("owner") == lease.owner:
                with io_errors("delete", lease.loc.url):
                    out.fs.delete_file(lease.loc.path)
        except Exception:  # an unreleased lease expires after `ttl`
            pass
