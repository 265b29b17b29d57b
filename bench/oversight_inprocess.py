"""In-process, uncached timings of the oversight pages and a flag= search, on an existing board.

    DATABASE_URL=sqlite:////tmp/board.db TENDER_BOARD_SECRET_KEY=... \
        .venv/bin/python bench/oversight_inprocess.py [PATH ...]

A board loaded with `flask demo --synthetic N` needs `flask oversight rebuild` first (the bulk
load bypasses the publish step that keeps the facts table). Prints the median and the fastest
of REPEAT requests per path, after one warm-up request, with the page cache off.
"""

import os
import statistics
import sys
import time

from tender_board import create_app

REPEAT = int(os.environ.get("REPEAT", "10"))
PATHS = ["/oversight", "/oversight.json", "/tenders", "/tenders?flag=R018", "/tenders?flag=R003"]
BASE = "http://127.0.0.1:5000"


def main(paths: list[str]) -> None:
    app = create_app({"PUBLIC_URL": BASE, "PUBLIC_PAGE_CACHE_SIZE": 0})
    client = app.test_client()
    for path in paths:
        client.get(path, base_url=BASE)
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            answer = client.get(path, base_url=BASE)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{path:36s} {answer.status_code}  median {statistics.median(times):7.1f} ms  "
              f"fastest {min(times):7.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:] or PATHS)
