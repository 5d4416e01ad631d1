"""Smoke-test the frozen app as a new user would get it.

    python3 packaging/smoke_test.py [dist/mutualplan] [--screenshot FILE.png]

Copies the bundle to a fresh temporary folder, then runs it there with a clean
environment: --version, demo, plans --json, export (PDF, XLSX, ICS), two signing
identities, sign, verify (one signature: exit 1; both: exit 0), import into a second
database, and the desktop app started and closed offscreen (first run, the main window
with the sample plan, and a plan PDF opened as the file manager would). Where it can
(root, util-linux `unshare`), every run of the bundle happens with all of this machine's
Python installations hidden, so the bundle is shown to need none. With --screenshot and
`xvfb-run`, the main window is also shown on a virtual X display and saved as a picture.

Needs only a Python 3.11 standard library to drive it (the bundle needs none). Exit 0
when every step did what it should; the first step that did not is printed and ends it.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "smoke-test passphrase"
GUI_MS = 2500  # how long the window stays up before MUTUALPLAN_QUIT_AFTER_MS closes it

# Mount an empty, read-only folder over each path before "--" (a file gets /dev/null),
# then run the command after it: a machine on which no Python can start.
HIDE = (
    'while [ "$1" != "--" ]; do '
    'if [ -d "$1" ]; then mount -t tmpfs -o ro,size=4k none "$1"; '
    'else mount --bind /dev/null "$1"; fi || exit 97; shift; done; shift; exec "$@"'
)


class SmokeFailure(Exception):
    pass


def python_installations() -> list[str]:
    """Every standard library and libpython on this machine, to hide from the bundle."""
    found = {sys.base_prefix, sys.prefix} - {"/usr", "/usr/local"}
    for pattern in (
        "/usr/lib/python3*",
        "/usr/local/lib/python3*",
        "/usr/lib/*-linux-gnu/libpython3*",
        "/usr/local/lib/libpython3*",
    ):
        found.update(glob.glob(pattern))
    return sorted(p for p in found if os.path.exists(p) and not Path(p).is_symlink())


def can_hide_python(paths: list[str]) -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "sh", "-c", HIDE, "sh", *paths, "--", "true"],
        capture_output=True,
    )
    return probe.returncode == 0


class Bundle:
    def __init__(self, folder: Path, work: Path, hide: list[str] | None) -> None:
        self.folder = folder
        self.work = work
        self.hide = hide
        runtime = work / "runtime"
        runtime.mkdir(mode=0o700)
        (work / "home").mkdir()
        # What a desktop session has, and nothing of the Python that drives this test.
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(work / "home"),
            "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": str(runtime),
            "MUTUALPLAN_PASSPHRASE": PASSPHRASE,
        }

    def run(
        self,
        *args: str,
        expect: int = 0,
        program: str = "mutualplan",
        env: dict[str, str] | None = None,
        wrapper: tuple[str, ...] = (),
        show: int = 3,
    ) -> subprocess.CompletedProcess[str]:
        command = [*wrapper, str(self.folder / program), *args]
        if self.hide:
            command = ["unshare", "--mount", "sh", "-c", HIDE, "sh", *self.hide, "--", *command]
        started = time.monotonic()
        result = subprocess.run(
            command,
            cwd=self.work,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=180,
        )
        took = time.monotonic() - started
        print(f"$ {program} {' '.join(args)}    -> exit {result.returncode} ({took:.1f} s)")
        for line in result.stdout.strip().splitlines()[:show]:
            print(f"    {line}")
        if result.returncode != expect:
            raise SmokeFailure(
                f"`{program} {' '.join(args)}` exited {result.returncode}, expected {expect}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result


def set_local_user(db: Path, name: str, side: str, organisation: str) -> None:
    """Answer the first-run question in the database, as the app itself would."""
    value = json.dumps({"name": name, "side": side, "organisation": organisation})
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO settings(key, value) VALUES ('local_user', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (value,),
        )
    conn.close()


def smoke(source: Path, screenshot: Path | None) -> None:
    if not (source / "mutualplan").is_file():
        raise SmokeFailure(f"{source} holds no bundle: build it with `make package` first")
    with tempfile.TemporaryDirectory(prefix="mutualplan-smoke-") as tmp:
        work = Path(tmp)
        folder = work / "MutualPlan"
        shutil.copytree(source, folder, symlinks=True)
        size = sum(f.lstat().st_size for f in folder.rglob("*") if not f.is_symlink())
        print(f"Copied the bundle to {folder} ({size / 2**20:.0f} MiB)")
        hide = python_installations()
        if can_hide_python(hide):
            print(f"Every run below has these hidden (no Python can start): {', '.join(hide)}")
        else:
            print("Python stays visible (needs root and unshare to hide it)")
            hide = []
        app = Bundle(folder, work, hide)

        version = app.run("--version").stdout
        for part in ("mutualplan ", "Python 3.", "Qt 6.", "PySide6 ", "reportlab ", "pyHanko "):
            if part not in version:
                raise SmokeFailure(f"--version does not name {part.strip()}: {version}")
        # PySide6 6.12.0 miscounts references to None on Python 3.11: the app aborts there.
        carried = re.search(r"Python (\d+)\.(\d+)\.", version)
        if carried is None or (int(carried[1]), int(carried[2])) < (3, 12):
            raise SmokeFailure(f"the bundle carries a Python older than 3.12: {version}")

        db = work / "plans.sqlite"
        plan_id = app.run("demo", "--db", str(db)).stdout.strip().splitlines()[-1]
        plans = json.loads(app.run("plans", "--db", str(db), "--json", show=0).stdout)
        if [p["id"] for p in plans] != [plan_id]:
            raise SmokeFailure(f"plans --json does not list the sample plan: {plans}")
        app.run("export", plan_id, "--out", "plan.pdf", "--db", str(db))
        app.run("export", plan_id, "--out", "plan.xlsx", "--db", str(db), show=1)
        app.run("export", plan_id, "--out", "plan.ics", "--db", str(db), show=1)
        for name in ("plan.pdf", "plan.xlsx", "plan.ics"):
            if (work / name).stat().st_size < 1000:
                raise SmokeFailure(f"{name} is nearly empty")

        # The sample plan's own signatories, of its organisations: nobody else may sign.
        sides = {
            "seller": ("Priya Raghunathan", "Brightline Analytics"),
            "buyer": ("Zoë Müller", "Nordwind Logistics GmbH"),
        }
        for side, (name, org) in sides.items():
            app.run(
                "identity", "new", "--name", name, "--org", org, "--side", side,
                "--out", f"{side}.p12", show=1,
            )  # fmt: skip
        app.run("sign", "plan.pdf", "--identity", "seller.p12", "--out", "signed-once.pdf")
        app.run("verify", "signed-once.pdf", expect=1, show=12)
        app.run("sign", "signed-once.pdf", "--identity", "buyer.p12", "--out", "signed.pdf")
        app.run("verify", "signed.pdf", show=12)
        report = json.loads(app.run("verify", "signed.pdf", "--json", show=0).stdout)
        if not report.get("ok"):
            raise SmokeFailure(f"verify --json does not report the signed plan ok: {report}")
        if shutil.which("pdfsig"):  # poppler, as the buyer's PDF reader would see it
            out = subprocess.run(
                ["pdfsig", str(work / "signed.pdf")], capture_output=True, text=True
            ).stdout
            valid = out.count("Signature Validation: Signature is Valid")
            print(f"$ pdfsig signed.pdf    -> {valid} valid signatures")
            if valid != 2:
                raise SmokeFailure(f"pdfsig does not find both signatures valid:\n{out}")

        other = work / "other.sqlite"
        app.run("import", "signed.pdf", "--db", str(other))

        # The desktop app, offscreen: it must start, show its window and quit by itself.
        offscreen = {"QT_QPA_PLATFORM": "offscreen", "MUTUALPLAN_QUIT_AFTER_MS": str(GUI_MS)}
        app.run("--db", str(work / "fresh.sqlite"), env=offscreen)  # the first-run question
        set_local_user(db, "Priya Raghunathan", "seller", "Brightline Analytics")
        shot = work / "offscreen.png"
        app.run("--db", str(db), env={**offscreen, "MUTUALPLAN_SCREENSHOT": str(shot)})
        if not shot.is_file() or shot.stat().st_size < 1000:
            raise SmokeFailure("the main window left no screenshot")
        # A plan PDF opened from the file manager: `mutualplan-gui FILE` (the .desktop Exec).
        third = work / "third.sqlite"
        app.run("plans", "--db", str(third), show=1)  # creates the database
        set_local_user(third, "Zoë Müller", "buyer", "Nordwind Logistics GmbH")
        app.run("--db", str(third), "signed.pdf", program="mutualplan-gui", env=offscreen)
        titles = [
            p["title"]
            for p in json.loads(app.run("plans", "--db", str(third), "--json", show=0).stdout)
        ]
        if len(titles) != 1:
            raise SmokeFailure(f"opening signed.pdf with mutualplan-gui imported {titles}")
        print(f"    mutualplan-gui signed.pdf imported “{titles[0]}”")

        if screenshot is not None:
            if shutil.which("xvfb-run") is None:
                raise SmokeFailure("--screenshot needs xvfb-run (apt: xvfb xauth)")
            env = {
                "MUTUALPLAN_QUIT_AFTER_MS": str(GUI_MS * 2),
                "MUTUALPLAN_SCREENSHOT": str(screenshot.resolve()),
            }
            xvfb = ("xvfb-run", "-a", "-s", "-screen 0 1440x900x24")
            app.run("--db", str(db), env=env, wrapper=xvfb)
            print(f"    the window under Xvfb: {screenshot}")
    print("Smoke test passed: the bundle ran every step from a fresh folder.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", default=str(ROOT / "dist" / "mutualplan"))
    parser.add_argument("--screenshot", type=Path, help="also show it under Xvfb, save a PNG")
    args = parser.parse_args()
    try:
        smoke(Path(args.bundle).resolve(), args.screenshot)
    except SmokeFailure as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
