"""Fire-and-forget coroutines that are not lost: the event loop keeps only weak references to
its tasks, so a task nobody holds may be collected before it ends."""

import asyncio

_running = set()


def spawn(coroutine):
    task = asyncio.ensure_future(coroutine)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task
