"""Run the benchmarks and print each as a ratio against a baseline measured in the same run.

``python -m benchmarks [--quick] [GROUP ...]``; groups: foundation, trends, research, app.
Exit status 0 always: the machines are shared and noisy, so a ratio is information, not a test.
"""

from __future__ import annotations

import argparse
import importlib

GROUPS = ("foundation", "trends", "research", "app")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=f"any of {', '.join(GROUPS)}")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check they run")
    args = parser.parse_args()
    unknown = set(args.groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups {sorted(unknown)}; choose from {', '.join(GROUPS)}")
    for group in args.groups or GROUPS:
        module = importlib.import_module(f"benchmarks.{group}")
        print(f"== {group}")
        for result in module.run(quick=args.quick):
            print(result.line(), flush=True)


if __name__ == "__main__":
    main()
