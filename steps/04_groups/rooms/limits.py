"""Limit how fast one connection may send frames to a room."""

import time

# A person types a few messages a second at most; a burst allows for a paste
# of several lines. A script that goes past this would fill every member's inbox.
FRAMES_PER_SECOND = 10
BURST = 20
# Refused in a row this many times, a client is not slowing down: close it.
REFUSALS_BEFORE_CLOSE = 20


class RateLimit:
    """A token bucket: BURST frames at once, refilled at FRAMES_PER_SECOND."""

    def __init__(self, rate=FRAMES_PER_SECOND, burst=BURST, clock=time.monotonic):
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = burst
        self.checked_at = clock()
        self.refusals = 0

    def allow(self):
        """Spend a token and return True, or count a refusal and return False."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.checked_at) * self.rate)
        self.checked_at = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.refusals = 0
            return True
        self.refusals += 1
        return False

    @property
    def exhausted(self):
        """Return True once the client has been refused too many times in a row."""
        return self.refusals >= REFUSALS_BEFORE_CLOSE
