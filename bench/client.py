"""Load the servers from one process: echo round trips, connection churn, idle sockets, rooms.

Every loop here stops after a fixed time or a fixed count, whichever comes first,
and talks to 127.0.0.1 only.
"""

import asyncio
import contextlib
import json
import resource
import time
from collections import defaultdict

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench import COUNT_CONNECTIONS
from bench.servers import cpu_seconds, machine_busy, rss_bytes
from bench.stats import percentile

# The origin check of the steps (AllowedHostsOriginValidator) wants a local page's Origin.
ORIGIN = "http://127.0.0.1"
# About the size of a chat message in the room's protocol.
PAYLOAD = json.dumps({"type": "message", "text": "a short line of chat, as people type it"})
# A server that is too slow for the bench still lets it finish.
MAX_ROUND_TRIPS = 2_000_000
# Twisted, under daphne, listens with a backlog of 50: more handshakes at once
# would time the kernel's SYN retries instead of the server.
CONNECT_CONCURRENCY = 50
MB = 1024 * 1024
MIN_CPU_SECONDS = 0.1
perf = time.perf_counter


async def open_socket(url, timeout=10):
    """Open a WebSocket with no compression, no proxy and no keepalive pings."""
    return await connect(
        url,
        origin=ORIGIN,
        compression=None,
        proxy=None,
        open_timeout=timeout,
        ping_interval=None,
        close_timeout=5,
        user_agent_header=None,
    )


async def open_many(urls, concurrency=CONNECT_CONCURRENCY):
    """Open a WebSocket to each URL, a few at a time; return the sockets and the failures."""
    gate = asyncio.Semaphore(concurrency)

    async def one(url):
        async with gate:
            return await open_socket(url)

    results = await asyncio.gather(*(one(url) for url in urls), return_exceptions=True)
    sockets = [result for result in results if not isinstance(result, BaseException)]
    return sockets, len(results) - len(sockets)


async def close_many(sockets):
    """Close the sockets, all at once, and wait for each closing handshake."""
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)


class Meter:
    """Measure the wall time, the server's CPU time and this client's CPU time of a run."""

    def __init__(self, pids):
        self.pids = pids

    def __enter__(self):
        self.server = cpu_seconds(self.pids)
        self.client = self._client_cpu()
        self.machine = machine_busy()
        self.wall = perf()
        return self

    def __exit__(self, *exc):
        self.wall = perf() - self.wall
        server = cpu_seconds(self.pids)
        self.server = None if server is None or self.server is None else server - self.server
        self.client = self._client_cpu() - self.client
        machine = machine_busy()
        self.others = None
        if None not in (machine, self.machine, self.server) and self.wall:
            # What the rest of the machine used meanwhile, in cores: other people's work.
            foreign = machine - self.machine - self.server - self.client
            self.others = max(0.0, foreign / self.wall)

    @staticmethod
    def _client_cpu():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def per(self, count):
        """Return the server's CPU time per unit of `count`, in microseconds."""
        # /proc counts CPU time in ticks of 10 ms: a few ticks are no measurement.
        if not count or self.server is None or self.server < MIN_CPU_SECONDS:
            return None
        return self.server / count * 1e6

    @property
    def client_busy(self):
        """Return how much of one core the client used: near 1, it may be the limit."""
        return self.client / self.wall if self.wall else None


async def round_trips(socket, until, latencies, limit):
    """Send a frame and wait for its echo, again and again, until time or count runs out."""
    for _ in range(limit):
        started = perf()
        if started >= until:
            return
        await socket.send(PAYLOAD)
        await socket.recv()
        latencies.append(perf() - started)


async def ask_connections(socket):
    """Return how many database connections an ORM echo's process has opened."""
    await socket.send(COUNT_CONNECTIONS)
    return int(await socket.recv())


async def echo_run(running, connections, duration, count_db=False):
    """Measure echo round trips on `connections` sockets for `duration` seconds."""
    sockets, failed = await open_many([running.url("/ws/echo/")] * connections)
    if not sockets:
        return {"errors": failed}
    try:
        warm = []
        until = perf() + min(0.2, duration / 4)
        await asyncio.gather(*(round_trips(s, until, warm, MAX_ROUND_TRIPS) for s in sockets))
        opened = await ask_connections(sockets[0]) if count_db else None
        latencies = []
        limit = MAX_ROUND_TRIPS // len(sockets)
        with Meter(running.cpu_pids) as meter:
            until = perf() + duration
            work = asyncio.gather(*(round_trips(s, until, latencies, limit) for s in sockets))
            await asyncio.wait_for(work, duration + 30)
        result = {
            "msgs_per_s": len(latencies) / meter.wall,
            "p50_ms": percentile(latencies, 50) * 1e3,
            "p99_ms": percentile(latencies, 99) * 1e3,
            "cpu_us_per_msg": meter.per(len(latencies)),
            "client_busy": meter.client_busy,
            "others_busy": meter.others,
            "messages": len(latencies),
            "errors": failed,
        }
        if count_db:
            opened = await ask_connections(sockets[0]) - opened
            result["db_connections_per_1000"] = opened / len(latencies) * 1000
        return result
    finally:
        await close_many(sockets)


async def churn_run(running, workers, duration):
    """Open and close echo sockets from `workers` loops for `duration` seconds."""
    url = running.url("/ws/echo/")
    done = 0
    errors = 0

    async def worker(until):
        nonlocal done, errors
        for _ in range(MAX_ROUND_TRIPS):
            if perf() >= until:
                return
            try:
                socket = await open_socket(url)
                await socket.close()
                done += 1
            except (OSError, asyncio.TimeoutError, ConnectionClosed) as error:
                errors += 1
                if isinstance(error, OSError):
                    await asyncio.sleep(0.01)  # Refused: give the server a moment.

    with Meter(running.cpu_pids) as meter:
        until = perf() + duration
        await asyncio.wait_for(asyncio.gather(*(worker(until) for _ in range(workers))), 60)
    return {
        "per_s": done / meter.wall,
        "cpu_us_per_connection": meter.per(done),
        "client_busy": meter.client_busy,
        "errors": errors,
    }


async def memory_run(running, count):
    """Return the server's resident memory idle, and what `count` idle sockets add to it."""
    # One socket first, so that lazy imports and first-use caches are counted as idle.
    first = await open_socket(running.url("/ws/echo/"))
    await first.close()
    await asyncio.sleep(0.3)
    idle = rss_bytes(running.pids)
    sockets, failed = await open_many([running.url("/ws/echo/")] * count)
    try:
        await asyncio.sleep(0.5)
        loaded = rss_bytes(running.pids)
    finally:
        await close_many(sockets)
    if idle is None or loaded is None:
        return {"errors": failed}
    return {
        "idle_mb": idle / MB,
        "per_1000_mb": (loaded - idle) / max(len(sockets), 1) * 1000 / MB,
        "errors": failed,
    }


class Member:
    """One client in a room: its socket, its reader, and what it has sent."""

    def __init__(self, socket):
        self.socket = socket
        self.welcomed = asyncio.Event()
        self.reader = None
        self.leaving = False
        self.tokens = None
        self.checked_at = None


class TokenBucket:
    """The room's rate limit as the client sees it, so that the bench stays under it."""

    def __init__(self, limits):
        self.rate = getattr(limits, "FRAMES_PER_SECOND", None)
        self.burst = getattr(limits, "BURST", None)

    def wait_for(self, member, count):
        """Return how long `member` must wait before it may send `count` frames at once."""
        if self.rate is None:
            return 0.0
        self.refill(member)
        return max(0.0, (count - member.tokens) / self.rate)

    def spend(self, member):
        """Account for one frame sent by `member`."""
        if self.rate is not None:
            self.refill(member)
            member.tokens -= 1

    def refill(self, member):
        now = perf()
        if member.tokens is None:
            member.tokens, member.checked_at = self.burst, now
        member.tokens = min(self.burst, member.tokens + (now - member.checked_at) * self.rate)
        member.checked_at = now


class Crowd:
    """The members of one room on one server spec, and the deliveries they have seen."""

    def __init__(self, running, room, bucket):
        self.running = running
        self.path = f"/ws/rooms/{room}/"
        self.bucket = bucket
        self.members = []
        self.sent = {}
        self.counts = defaultdict(int)
        self.latencies = []
        self.waiters = {}
        self.expected = 0
        self.next_seq = 0
        self.first_seq = 0
        self.presence_frames = 0
        self.last_event = perf()
        self.last_delivery = 0.0
        self.errors = 0
        self.dropped = 0

    async def read(self, member):
        """Record every event one member's client receives, until its socket closes."""
        try:
            async for raw in member.socket:
                now = perf()
                self.last_event = now
                event = json.loads(raw)
                kind = event.get("type")
                if kind == "message":
                    text = event.get("text", "")
                    if text.startswith("m") and text[1:].isdigit():
                        self.delivered(int(text[1:]), now)
                elif kind in ("join", "leave"):
                    self.presence_frames += 1
                elif kind == "welcome":
                    member.welcomed.set()
                elif kind == "error":
                    self.errors += 1
        except ConnectionClosed:
            pass
        finally:
            if not member.leaving:
                self.dropped += 1

    def delivered(self, seq, now):
        """Count one delivery of message `seq`, and wake its sender's wait once all arrived."""
        self.counts[seq] += 1
        self.last_delivery = now
        if seq >= self.first_seq:  # A late delivery from an earlier run is not timed.
            self.latencies.append(now - self.sent[seq])
        waiter = self.waiters.get(seq)
        if waiter is not None and self.counts[seq] >= self.expected:
            waiter.set()

    async def join(self, count, timeout, weigh=True):
        """Bring the room to `count` members at once; return how long it took, and the errors."""
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        before = rss_bytes(self.running.pids)

        async def one(index):
            async with gate:
                socket = await open_socket(self.running.url(self.path, index))
                member = Member(socket)
                member.reader = asyncio.create_task(self.read(member))
                try:
                    await asyncio.wait_for(member.welcomed.wait(), 10)
                except asyncio.TimeoutError:
                    member.leaving = True
                    await socket.close()
                    raise
                self.members.append(member)

        started = perf()
        errors_before = self.errors
        indexes = range(len(self.members), count)
        work = asyncio.gather(*(one(i) for i in indexes), return_exceptions=True)
        results = await asyncio.wait_for(work, timeout)
        joined = perf() - started
        settled = await self.settle(timeout)
        after = rss_bytes(self.running.pids)
        failures = sum(isinstance(result, BaseException) for result in results)
        return {
            "members": len(self.members),
            "joined_s": joined,
            "settled_s": perf() - started - (settled or 0),
            "quiet": settled is not None,
            "errors": failures + self.errors - errors_before + self.dropped,
            "presence_frames": self.presence_frames,
            # Python keeps the memory it once used: only a fresh server's growth counts.
            "mb_per_1000": (after - before) / count * 1000 / MB if weigh and before else None,
        }

    async def settle(self, timeout, quiet=0.3):
        """Wait until no event has arrived for `quiet` s and the server side is idle.

        Return how long the room had been quiet by then, or None if time ran out.
        """
        deadline = perf() + timeout
        while perf() < deadline:
            idle = perf() - self.last_event
            if idle < quiet:
                await asyncio.sleep(quiet - idle)
                continue
            # A server can still be busy with closed sockets while telling no one.
            if await server_idle(self.running, deadline - perf()):
                return perf() - self.last_event
        return None

    async def shrink(self, count, timeout):
        """Close members until `count` remain, then wait for the room to go quiet."""
        leaving, self.members = self.members[count:], self.members[:count]
        for member in leaving:
            member.leaving = True
        await asyncio.wait_for(close_many([m.socket for m in leaving]), timeout)
        await self.settle(timeout)

    async def send(self, member):
        """Send one numbered message from `member`; return its number."""
        seq = self.next_seq
        self.next_seq += 1
        self.bucket.spend(member)
        self.sent[seq] = perf()
        await member.socket.send(json.dumps({"type": "message", "text": f"m{seq}"}))
        return seq

    def tally(self, seqs):
        """Return how many deliveries of `seqs` arrived, and how many were lost."""
        delivered = sum(min(self.counts[seq], self.expected) for seq in seqs)
        return delivered, len(seqs) * self.expected - delivered

    async def paced(self, messages, timeout, gap=0.02):
        """Send messages one at a time, each once the last reached everyone; time deliveries."""
        self.expected = len(self.members)
        self.latencies = []
        self.first_seq = self.next_seq
        seqs = []
        errors_before = self.errors
        with Meter(self.running.cpu_pids) as meter:
            for index in range(messages):
                member = self.members[index % len(self.members)]
                await asyncio.sleep(self.bucket.wait_for(member, 1))
                waiter = asyncio.Event()
                self.waiters[self.next_seq] = waiter
                seqs.append(await self.send(member))
                # A message that never reaches everyone is counted lost below.
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(waiter.wait(), timeout)
                await asyncio.sleep(gap)
        delivered, lost = self.tally(seqs)
        return {
            "p50_ms": percentile(self.latencies, 50) * 1e3,
            "p99_ms": percentile(self.latencies, 99) * 1e3,
            "delivered": delivered,
            "lost": lost,
            "cpu_us_per_delivery": meter.per(delivered),
            "others_busy": meter.others,
            "errors": self.errors - errors_before,
        }

    async def burst(self, total, timeout, stall=2.0):
        """Send `total` messages as fast as the rate limit allows; count deliveries per second."""
        self.expected = len(self.members)
        per_sender = min(self.bucket.burst or total, total)
        senders = self.members[: max(1, min(len(self.members), -(-total // per_sender)))]
        total = per_sender * len(senders)
        await asyncio.sleep(max(self.bucket.wait_for(member, per_sender) for member in senders))
        self.latencies = []
        self.first_seq = self.next_seq
        errors_before = self.errors
        seqs = []
        with Meter(self.running.cpu_pids) as meter:
            started = perf()
            for _ in range(per_sender):
                for member in senders:
                    seqs.append(await self.send(member))
            wanted = total * self.expected
            deadline = perf() + timeout
            while perf() < deadline:
                delivered, _ = self.tally(seqs)
                if delivered >= wanted or perf() - max(self.last_delivery, started) > stall:
                    break
                await asyncio.sleep(0.02)
            last = self.last_delivery
        delivered, lost = self.tally(seqs)
        return {
            "messages": total,
            "deliveries_per_s": delivered / (last - started) if last > started else 0.0,
            "drain_ms": (last - started) * 1e3,
            "delivered": delivered,
            "lost": lost,
            "cpu_us_per_delivery": meter.per(delivered),
            "errors": self.errors - errors_before,
        }

    async def close(self, timeout):
        """Close every member."""
        await self.shrink(0, timeout)


async def server_idle(running, timeout, window=0.1, threshold=0.1):
    """Wait until the server side uses under `threshold` of a core for two windows running."""
    deadline = perf() + timeout
    calm = 0
    before = cpu_seconds(running.cpu_pids)
    if before is None:
        return True  # No /proc: the quiet time alone has to do.
    while perf() < deadline:
        await asyncio.sleep(window)
        now = cpu_seconds(running.cpu_pids)
        calm = calm + 1 if now - before < threshold * window else 0
        before = now
        if calm >= 2:
            return True
    return False


async def wait_ready(running, timeout=45):
    """Open and close an echo socket on each process until it answers; fail if one exits."""
    deadline = perf() + timeout
    for index in range(len(running.ports)):
        while True:
            running.check_alive()
            try:
                socket = await open_socket(running.url("/ws/echo/", index), timeout=5)
                await socket.close()
                break
            except (OSError, asyncio.TimeoutError) as error:
                if perf() > deadline:
                    message = f"{running.spec.key} did not serve within {timeout}s"
                    raise RuntimeError(message) from error
                await asyncio.sleep(0.1)
