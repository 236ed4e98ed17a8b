"""Tables and the machine line that every benchmark prints and BENCHMARKS.md keeps."""

import os
import platform
import statistics


def machine():
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def median(values):
    return statistics.median(values)


def table(headers, rows):
    """A Markdown table, readable in a terminal and in BENCHMARKS.md alike."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def section(title, command, body):
    return f"## {title}\n\nReproduce: `{command}`\n\n{body}\n"
