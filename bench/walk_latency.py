"""``python -m bench.walk_latency``: from a click on an answer to the next node on screen.

Serves the app as ``decision-tree serve`` does (``bench.serve``: uvicorn, one
worker, its own process) on a fresh SQLite file, signs one member in with a
real Chromium (Debian's ``chromium-headless-shell``, driven by Playwright),
and walks a tree of ``--steps`` questions, clicking the first answer each
time, as a person does: a real mouse click, an htmx POST, the swap of the
walk panel. For each click it reads, in the page's own clock:

- *shown*: from the click's ``pointerdown`` to the first frame painted after
  the next node's text is in the page (a MutationObserver, then
  ``requestAnimationFrame``): what the technician waits for;
- *request*: the POST's ``requestStart`` to ``responseEnd`` (Resource Timing):
  the server's share, the loopback included.

It prints every step, then the median and the 90th percentile of both, and
the target (median under 100 ms). A walk of a few steps warms the server up
first and is not counted. Run with ``uv run --group nox nox -s walk_latency``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final
from uuid import UUID, uuid4

import attrs
from playwright.sync_api import Page, sync_playwright

from bench.servers import OUR_FACTORY, free_port, running, serve_command
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases import registration, walks
from decision_core.usecases.context import Principal, Services
from decision_core.usecases.tree_authoring import NewTree, create_tree
from entrypoints.bootstrap import build_runtime, prepare_database
from entrypoints.settings import ServerSettings

TARGET_MS: Final = 100.0
WARM_UP_STEPS: Final = 3
EMAIL: Final = "walker@example.com"
PASSWORD: Final = "correct horse battery"  # noqa: S105 - a benchmark user's password
SECRET: Final = "walk-latency-bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
# Installed in the page once: each click's promise of how long until its next node was painted.
PROBE: Final = """() => {
  document.addEventListener("pointerdown", (event) => {
    const before = document.getElementById("step-text").textContent;
    window.__shown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const now = document.getElementById("step-text");
        if (now && now.textContent !== before) {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - event.timeStamp));
        }
      });
      observer.observe(document.getElementById("main"), {childList: true, subtree: true});
    });
  }, true);
}"""
LAST_REQUEST: Final = """() => {
  const posts = performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/answer"));
  const last = posts[posts.length - 1];
  return last.responseEnd - last.requestStart;
}"""


@attrs.frozen
class Step:
    """One measured click, in milliseconds."""

    shown: float
    request: float


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the figures; 0 when it ran (target met or not), 1 without a browser."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="answer clicks measured (20)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    if chromium is None:
        sys.stderr.write("walk_latency: apt-get install -y chromium-headless-shell\n")
        return 1
    with _workspace() as folder:
        database_url = f"sqlite:///{folder / 'walk-latency.sqlite3'}"
        settings = ServerSettings(database_url=database_url, secret_key=SECRET)
        prepare_database(settings)
        runtime = build_runtime(settings)
        try:
            walker, tree_id = _arrange(runtime.services, args.steps)
            port = free_port()
            environment = {"DATABASE_URL": database_url, "SECRET_KEY": SECRET}
            with running(
                "walk-latency",
                serve_command(OUR_FACTORY, port),
                ready_path="/health",
                port=port,
                environment=environment,
                log_dir=folder,
            ) as server:
                walks = Walks(runtime.services, walker, tree_id)
                steps = _measure(server.url, chromium, walks, args.steps)
        finally:
            runtime.close()
    _report(steps)
    return 0


@contextmanager
def _workspace() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="dt-walk-latency-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _arrange(services: Services, questions: int) -> tuple[Principal, UUID]:
    """A member, and a published tree of ``questions`` questions in a row, then a solution."""
    user = registration.register(
        services, registration.Registration(email=EMAIL, password=PASSWORD, name="Wanda Walker")
    )
    walker = Principal(user.id, uuid4(), user.account_id, user.role)
    nodes: list[dict[str, object]] = []
    for number in range(1, questions + 1):
        following = f"q{number + 1}" if number < questions else "fixed"
        nodes.append(
            {
                "id": f"q{number}",
                "kind": "question",
                "text": f"Check {number}: does the device pass this test after a restart?",
                "answers": [
                    {"id": "yes", "label": "Yes, it passes", "next": following},
                    {"id": "no", "label": "No, it fails", "next": "escalate"},
                ],
            }
        )
    nodes += [
        {"id": "fixed", "kind": "solution", "text": "The device works again."},
        {"id": "escalate", "kind": "escalation", "text": "Hand over to the second line."},
    ]
    new = NewTree(
        title="A long walk",
        document={"start": "q1", "nodes": nodes},
        status=TreeStatus.PUBLISHED,
    )
    return walker, create_tree(services, walker, new).tree.id


@attrs.frozen
class Walks:
    """Starts walks of the measured tree for the signed-in member (the library's Start button)."""

    services: Services
    walker: Principal
    tree_id: UUID

    def start(self) -> UUID:
        """A new walk at the tree's start."""
        started = walks.start_walk(self.services, self.walker, self.tree_id)
        return started.walk.id


def _measure(base_url: str, chromium: str, walks: Walks, steps: int) -> list[Step]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--disable-gpu"])
        page = browser.new_page(base_url=base_url)
        page.goto("/login")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base_url}/")
        _walk(page, walks.start(), WARM_UP_STEPS)
        results = _walk(page, walks.start(), steps)
        browser.close()
    return results


def _walk(page: Page, walk: UUID, steps: int) -> list[Step]:
    page.goto(f"/walks/{walk}")
    page.evaluate(PROBE)
    results = []
    for _ in range(steps):
        page.locator(".answer").first.click()
        shown = page.evaluate("() => window.__shown")
        results.append(Step(shown=float(shown), request=float(page.evaluate(LAST_REQUEST))))
    return results


def _report(steps: list[Step]) -> None:
    print("step  shown ms  request ms")  # noqa: T201 - the report is the output
    for number, step in enumerate(steps, start=1):
        print(f"{number:>4}  {step.shown:>8.1f}  {step.request:>10.1f}")  # noqa: T201
    shown = [step.shown for step in steps]
    request = [step.request for step in steps]
    median = statistics.median(shown)
    verdict = "met" if median < TARGET_MS else "MISSED"
    print(  # noqa: T201
        f"shown:   median {median:.1f} ms, p90 {_p90(shown):.1f} ms "
        f"(target: median under {TARGET_MS:.0f} ms, {verdict})\n"
        f"request: median {statistics.median(request):.1f} ms, p90 {_p90(request):.1f} ms"
    )


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


if __name__ == "__main__":
    sys.exit(main())
