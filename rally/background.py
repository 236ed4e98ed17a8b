"""Fire-and-forget coroutines that are not lost: the event loop keeps only weak references to
its tasks, so a task nobody holds may be collected before it ends. And state that lives as long
as the event loop it belongs to."""

import asyncio
import weakref

_running = set()


def spawn(coroutine):
    task = asyncio.ensure_future(coroutine)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


def per_event_loop(make):
    """A function returning `make()`'s object for the running event loop, made on first use
    there and gone with its loop: timers, tasks and locks always belong to the loop that runs
    them (the server's one loop; a test's own loop in tests)."""
    objects = weakref.WeakKeyDictionary()

    def on_this_loop():
        loop = asyncio.get_running_loop()
        found = objects.get(loop)
        if found is None:
            found = objects[loop] = make()
        return found

    return on_this_loop
