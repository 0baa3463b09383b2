"""Gather a room's comings and goings, so that a crowd joining does not flood the room."""

import asyncio
import logging
import weakref

from config.channel_layers import LAYER_ERRORS

# One join sent to each of N members costs N events, so N people joining cost
# N * N: a million events for a room of 1,000, and the room stops answering.
# Within this many seconds of one presence event, later comings and goings
# wait, and go together in the next one.
PRESENCE_INTERVAL = 0.25

logger = logging.getLogger(__name__)

# The open windows, by group, per event loop (each test runs on a loop of its own).
_windows = weakref.WeakKeyDictionary()
# The loop holds weak references to tasks: keep the sending ones alive here.
_sending = set()


async def tell(layer, group, kind, user, channel):
    """Send `kind` ("join" or "leave") to the group now if it has been quiet, else soon."""
    loop = asyncio.get_running_loop()
    windows = _windows.setdefault(loop, {})
    change = (kind, user, channel)
    if group in windows:
        windows[group].append(change)
        return
    windows[group] = []
    loop.call_later(PRESENCE_INTERVAL, _close_window, loop, layer, group)
    # Sent here, not in a task: a layer that fails reaches the caller.
    await send_changes(layer, group, [change])


def _close_window(loop, layer, group):
    """Send what gathered while the window was open, and keep it open if anything did."""
    windows = _windows[loop]
    changes = windows.pop(group)
    if changes:
        windows[group] = []
        loop.call_later(PRESENCE_INTERVAL, _close_window, loop, layer, group)
        task = loop.create_task(_send_logged(layer, group, changes))
        _sending.add(task)
        task.add_done_callback(_sending.discard)


async def _send_logged(layer, group, changes):
    """Send gathered changes; no member waits on them, so a failure is only logged."""
    try:
        await send_changes(layer, group, changes)
    except LAYER_ERRORS as error:
        logger.warning(
            "Presence for %s lost, the channel layer failed: %s: %s",
            group,
            type(error).__name__,
            error,
        )


async def send_changes(layer, group, changes):
    """Send each run of joins or leaves as one event, in the order they happened."""
    runs = []
    for kind, user, channel in changes:
        if not runs or runs[-1]["type"] != f"chat.{kind}":
            runs.append({"type": f"chat.{kind}", "users": [], "channels": []})
        runs[-1]["users"].append(user)
        runs[-1]["channels"].append(channel)
    for event in runs:
        await layer.group_send(group, event)
