"""MutualPlan's benchmark: each figure with a baseline measured in the same run.

    python bench/run.py            the table
    python bench/run.py --json     the same figures as one JSON object
    python bench/run.py --quick    fewer repetitions, for a fast look

It builds its own data (plans of 20, 300, 1,000 and 3,000 milestones) in a temporary folder.
Benchmarks are not tests: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from plans import AUTHOR, build_plan, make_database  # noqa: E402


@dataclass
class Figure:
    name: str
    median: float
    baseline: float | None
    unit: str
    target: str
    baseline_name: str = ""

    @property
    def ratio(self) -> float | None:
        return self.median / self.baseline if self.baseline else None


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def interleaved(runs: int, *measures: Callable[[], float]) -> list[float]:
    """The median of each measure, taken in turns so that a neighbour's load on this
    shared machine weighs on a figure and its baseline alike."""
    taken: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for results, measure in zip(taken, measures, strict=True):
            results.append(measure())
    return [statistics.median(results) for results in taken]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


# -- figures -------------------------------------------------------------------------


def _window_child(*args: str) -> tuple[float, int, str]:
    """(ms from spawn to window shown, peak RSS in KB, heavy modules loaded)."""
    start = time.perf_counter()
    shown = None
    rss, heavy = 0, ""
    with subprocess.Popen(
        [sys.executable, str(HERE / "window.py"), *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("shown") and shown is None:
                shown = (time.perf_counter() - start) * 1000
            elif line.startswith("rss"):
                rss = int(line.split()[1])
            elif line.startswith("heavy"):
                heavy = line.split()[1]
    if child.returncode or shown is None:
        raise RuntimeError(f"window child failed: {args}")
    return shown, rss, heavy


def startup_and_memory(runs: int, db: Path, plans: dict[int, str]) -> list[Figure]:
    import compileall

    # An installed or frozen app starts from bytecode: compile ours as installing does
    # (this environment may say PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(HERE.parent / "mutualplan", quiet=1)
    bare, floor300, floor1000, app300, app1000 = [], [], [], [], []
    skeleton300 = []
    for _ in range(runs):  # in turns: a neighbour's load weighs on all of them alike
        bare.append(_window_child("bare"))
        floor300.append(_window_child("floor", str(db), plans[300]))
        skeleton300.append(_window_child("skeleton", str(db), plans[300]))
        app300.append(_window_child("app", str(db), plans[300]))
        floor1000.append(_window_child("floor", str(db), plans[1000]))
        app1000.append(_window_child("app", str(db), plans[1000]))
    if any(h != "none" for _, _, h in app300):
        print("warning: the GUI imported reportlab or pyHanko at start", file=sys.stderr)

    def shown(runs: list[tuple[float, int, str]]) -> float:
        return statistics.median(t for t, _, _ in runs)

    def peak(runs: list[tuple[float, int, str]]) -> float:
        return statistics.median(r for _, r, _ in runs) / 1024

    floor = "a sqlite3 read and a QTreeView on a minimal model (bench/window.py floor)"
    return [
        Figure(
            "start to window shown, 300-milestone plan",
            shown(app300),
            shown(bare),
            "ms",
            "ratio ≤ 1.6",
            "bare QMainWindow",
        ),
        Figure(
            "start to window shown, 300 milestones, against a floor",
            shown(app300),
            shown(floor300),
            "ms",
            "—",
            floor,
        ),
        Figure(
            "start, 300 milestones, against the same screen in stock Qt",
            shown(app300),
            shown(skeleton300),
            "ms",
            "—",
            "the first screen's menus, actions, toolbar, title, milestone tree and people tab"
            " built from stock Qt widgets on a minimal model (bench/window.py skeleton)",
        ),
        Figure(
            "peak memory, 1,000-milestone plan open",
            peak(app1000),
            peak(bare),
            "MB",
            "ratio ≤ 1.4",
            "bare QMainWindow",
        ),
        Figure(
            "peak memory, 1,000 milestones, against a floor",
            peak(app1000),
            peak(floor1000),
            "MB",
            "—",
            floor,
        ),
    ]


def in_app(runs: int, db: Path, plans: dict[int, str]) -> list[Figure]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from mutualplan.domain import edits
    from mutualplan.store import Store
    from mutualplan.ui.editor.milestone_model import TITLE_COLUMN
    from mutualplan.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = Store(db)
    window = MainWindow(store, AUTHOR)
    window.show()

    def open_big() -> float:
        window.open_plan(plans[20])
        app.processEvents()
        return timed(lambda: (window.open_plan(plans[1000]), app.processEvents()))

    opening = median_of(runs, open_big)
    opening_small = median_of(
        runs, lambda: timed(lambda: (window.open_plan(plans[20]), app.processEvents()))
    )

    window.open_plan(plans[1000])
    session = window.session
    state = session.state
    milestone = state.milestone_order()[500]
    counter = iter(range(10**9))

    def store_edit() -> float:
        title = f"Edited title {next(counter)}"
        changes = edits.set_field(state, "milestone", milestone.id, "title", title)
        return timed(lambda: store.commit(state, changes, AUTHOR))

    def bare_update() -> float:
        value = f"raw {next(counter)}"

        def update() -> None:
            store.conn.execute("BEGIN IMMEDIATE")
            store.conn.execute(
                "UPDATE milestones SET title = ? WHERE id = ?", (value, milestone.id)
            )
            store.conn.execute("COMMIT")

        return timed(update)

    def model_edits(size: int) -> float:
        """Median ms of one title edit through the table model, `size` milestones open."""
        window.open_plan(plans[size])
        app.processEvents()
        model = window.plan_view.milestones
        middle = window.session.state.milestone_order()[size // 2]
        index = model.index_of(middle.id, TITLE_COLUMN)

        def model_edit() -> float:
            title = f"Model title {next(counter)}"
            took = timed(lambda: model.setData(index, title, Qt.ItemDataRole.EditRole))
            app.processEvents()  # the repaint belongs to the user, not to the next edit
            return took

        return median_of(runs * 40, model_edit)

    edit_runs = runs * 40
    store_edits = median_of(edit_runs, store_edit)
    bare_updates = median_of(edit_runs, bare_update)
    edits_by_size = {size: model_edits(size) for size in (20, 1000, 3000)}

    def open_huge() -> float:
        window.open_plan(plans[20])
        app.processEvents()
        return timed(lambda: (window.open_plan(plans[3000]), app.processEvents()))

    def first_paint(size: int) -> float:
        """Ms of the event-loop turn after opening: the window's first paint of the plan."""
        window.open_plan(plans[20])
        app.processEvents()
        window.open_plan(plans[size])
        return timed(app.processEvents)

    paints = {size: median_of(runs, lambda size=size: first_paint(size)) for size in (20, 3000)}

    figures = [
        Figure(
            "open a 1,000-milestone plan in the running app",
            opening,
            opening_small,
            "ms",
            "< 150 ms",
            "20-milestone plan",
        ),
        Figure(
            "open a 3,000-milestone plan in the running app",
            median_of(max(1, runs // 2), open_huge),
            opening_small,
            "ms",
            "linear",
            "20-milestone plan",
        ),
        Figure(
            "first paint after opening a 3,000-milestone plan",
            paints[3000],
            paints[20],
            "ms",
            "constant",
            "the same with a 20-milestone plan",
        ),
        Figure(
            "one field edit through the store, change log included",
            store_edits,
            bare_updates,
            "ms",
            "< 2 ms",
            "bare SQLite UPDATE + COMMIT",
        ),
    ]
    figures += [
        Figure(
            f"one field edit through the table model, {size:,} milestones",
            took,
            edits_by_size[20] if size != 20 else None,
            "ms",
            "≤ 1.5 ms at 3,000" if size == 3000 else "constant",
            "the same edit with 20 milestones" if size != 20 else "",
        )
        for size, took in edits_by_size.items()
    ]
    window.close()
    store.close()
    return figures


def pdf_export(runs: int, db: Path, plans: dict[int, str]) -> list[Figure]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate

    from mutualplan.pdf.export import prepare_export, render
    from mutualplan.pdf.styles import SANS, make_styles
    from mutualplan.pdf.text import esc
    from mutualplan.store import Store

    with Store(db) as store:
        job = prepare_export(store, plans[300], AUTHOR)
        huge = prepare_export(store, plans[3000], AUTHOR)
    state = job.state
    rows = [["#", "Milestone", "Side", "Owner", "Start", "Due", "Status"]]
    for number, m in enumerate(state.milestone_order(), start=1):
        owner = state.people[m.owner_id].name if m.owner_id else ""
        rows.append([str(number), m.title, m.side, owner, str(m.start), str(m.due), m.status])
        rows.extend(
            ["", f"  {a.title}", "", "", "", str(a.due), "done" if a.done else ""]
            for a in state.actions_of(m.id)
        )

    def plain() -> None:
        SimpleDocTemplate(io.BytesIO(), pagesize=A4, invariant=1).build(
            [LongTable(rows, repeatRows=1)]
        )

    make_styles()  # registers the embedded fonts
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=9.6)

    def fair_rows() -> list[list]:
        """The milestone rows, the text that can wrap as Paragraphs (title, owner, status,
        description and exit criteria); no colours, spans, health or slips."""
        wrapped = [rows[0]]
        for number, m in enumerate(state.milestone_order(), start=1):
            owner = state.people[m.owner_id].name if m.owner_id else ""
            wrapped.append(
                [
                    str(number),
                    Paragraph(esc(m.title), cell),
                    m.side,
                    Paragraph(esc(owner), cell),
                    str(m.start),
                    str(m.due),
                    Paragraph(esc(m.status), cell),
                ]
            )
            wrapped.append(
                ["", Paragraph(esc(f"{m.description} {m.exit_criteria}"), cell), *[""] * 5]
            )
            wrapped.extend(
                ["", Paragraph(esc(a.title), cell), "", "", "", str(a.due), ""]
                for a in state.actions_of(m.id)
            )
        return wrapped

    def fair() -> None:
        """What any document of these rows costs: `fair_rows` in one table of the same
        column widths."""
        widths = [24, 150, 40, 70, 56, 56, 60]
        SimpleDocTemplate(io.BytesIO(), pagesize=A4, invariant=1).build(
            [LongTable(fair_rows(), colWidths=widths, repeatRows=1)]
        )

    def fair_document() -> None:
        """The fair floor of the whole document, not only its milestone table: `fair`'s
        table, then what the other sections hold at their plainest — a timeline of one
        bar and one title per milestone (a drawing per page), the change log as rows of
        wrapping text (one paragraph while nothing is signed, as the document says it),
        and the same plan data attached with pyHanko."""
        from pyhanko.pdf_utils import embed
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from reportlab.graphics.shapes import Drawing, Rect, String
        from reportlab.platypus import PageBreak

        from mutualplan.domain.canonical import snapshot
        from mutualplan.exchange.plan_data import encode_plan_data

        story: list = []
        order = state.milestone_order()
        dated = [m for m in order if m.due is not None]
        first = min((m.start or m.due for m in dated), default=None)
        last = max((m.due for m in dated), default=None)
        days = max(1, (last - first).days + 1) if first and last else 1
        per_page = 34
        for page in range(0, len(order), per_page):
            drawing = Drawing(523, per_page * 20)
            for row, m in enumerate(order[page : page + per_page]):
                y = drawing.height - (row + 1) * 20
                drawing.add(String(0, y + 4, m.title[:40], fontName=SANS, fontSize=7))
                if m.due is not None and first is not None:
                    x0 = 160 + 360 * ((m.start or m.due) - first).days / days
                    x1 = 160 + 360 * ((m.due - first).days + 1) / days
                    drawing.add(Rect(x0, y, max(2, x1 - x0), 12, fillColor=None))
            story += [drawing, PageBreak()]
        story.append(LongTable(fair_rows(), colWidths=[24, 150, 40, 70, 56, 56, 60], repeatRows=1))
        changes = job.changes_since_baseline
        if changes:
            story.append(
                LongTable(
                    [
                        [
                            r.at[:10],
                            Paragraph(
                                esc(f"{r.change.entity} {r.change.field}: {r.change.new}"), cell
                            ),
                            Paragraph(esc(r.author.name), cell),
                        ]
                        for r in changes
                    ],
                    colWidths=[70, 320, 130],
                )
            )
        else:
            story.append(Paragraph(esc(f"{len(job.history)} changes so far"), cell))
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
        writer = IncrementalPdfFileWriter(io.BytesIO(buffer.getvalue()))
        data = encode_plan_data(job.revision, snapshot(state), job.history)
        attached = embed.EmbeddedFileObject.from_file_data(writer, data=data)
        embed.embed_file(
            writer, embed.FileSpec(file_spec_string="plan.json", embedded_data=attached)
        )
        writer.write(io.BytesIO())

    render(job)  # warm fonts and imports, as the second export in a session would be
    plain()
    fair()
    fair_document()
    export, plain_ms, fair_ms, fair_document_ms = interleaved(
        runs,
        lambda: timed(lambda: render(job)),
        lambda: timed(plain),
        lambda: timed(fair),
        lambda: timed(fair_document),
    )
    return [
        Figure(
            "PDF export, 300-milestone plan",
            export,
            plain_ms,
            "ms",
            "—",
            "plain reportlab table of the same rows (strings only)",
        ),
        Figure(
            "PDF export, 300-milestone plan, against a fair floor",
            export,
            fair_ms,
            "ms",
            "—",
            "the milestone table's rows as wrapping Paragraphs in one table, no extras "
            "(the document's other sections not counted)",
        ),
        Figure(
            "PDF export, 300 milestones, against the whole document's floor",
            export,
            fair_document_ms,
            "ms",
            "ratio ≤ 1.5",
            "that table, plus a plain timeline (a bar and a title per milestone), the change "
            "log as plain rows, the plan data attached with pyHanko",
        ),
        Figure(
            "PDF export, 3,000-milestone plan",
            median_of(1, lambda: timed(lambda: render(huge))),
            export,
            "ms",
            "ratio ≤ 10 (linear)",
            "the 300-milestone export",
        ),
    ]


def signing(runs: int, db: Path, plans: dict[int, str]) -> list[Figure]:
    import asyncio

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from mutualplan.pdf.export import prepare_export, render
    from mutualplan.signing.identity import create_identity
    from mutualplan.signing.sign import _IdentitySigner, sign
    from mutualplan.signing.verify import verify_pdf
    from mutualplan.store import Store

    with Store(db) as store:
        pdf = render(prepare_export(store, plans[300], AUTHOR))
        plan = store.load(plans[300]).plan
    # The plan's own signatories, of its organisations (nobody else may sign).
    seller = create_identity("Priya Raghunathan", plan.seller_org, "seller")
    buyer = create_identity("Zoë Müller", plan.buyer_org, "buyer")
    both = sign(sign(pdf, seller), buyer)

    def bare_sign() -> None:
        """pyHanko alone: same key, same field, PAdES, no stamp and no checks."""
        meta = signers.PdfSignatureMetadata(
            field_name="seller_signature", subfilter=fields.SigSeedSubFilter.PADES
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        signer = signers.PdfSigner(meta, signer=_IdentitySigner(seller))
        asyncio.run(signer.async_sign_pdf(writer, existing_fields_only=True, bytes_reserved=16384))

    def bare_verify() -> None:
        """pyHanko's own validation of both signatures, trusting their certificates."""

        async def check() -> None:
            reader = PdfFileReader(io.BytesIO(both))
            for embedded in reader.embedded_signatures:
                context = ValidationContext(
                    trust_roots=[embedded.signer_cert], allow_fetching=False
                )
                await async_validate_pdf_signature(embedded, context)

        asyncio.run(check())

    sign(pdf, seller)  # warm imports and fonts
    verify_pdf(both)
    bare_sign()
    bare_verify()
    return [
        Figure(
            "sign the 300-milestone plan (stamp, checks)",
            median_of(runs, lambda: timed(lambda: sign(pdf, seller))),
            median_of(runs, lambda: timed(bare_sign)),
            "ms",
            "< 150 ms",
            "pyHanko signing alone, no stamp, no checks",
        ),
        Figure(
            "verify both signatures and the plan data",
            median_of(runs, lambda: timed(lambda: verify_pdf(both))),
            median_of(runs, lambda: timed(bare_verify)),
            "ms",
            "< 100 ms",
            "pyHanko's own validation of both signatures",
        ),
    ]


def merging(runs: int, folder: Path, size: int = 1000) -> list[Figure]:
    """Two copies of a plan of `size` milestones, 2,000 changes made apart in each; at
    1,000 milestones also the same imports end to end."""
    import shutil
    import sqlite3
    from contextlib import closing

    from mutualplan.domain import edits
    from mutualplan.exchange.importer import import_plan_data
    from mutualplan.exchange.plan_data import decode_plan_data, encode_plan_data
    from mutualplan.store import Store

    folder = folder / f"merge-{size}"
    folder.mkdir()
    base = folder / "merge-base.sqlite"
    with Store(base) as store:
        plan_id = build_plan(store, size, buyer="Merging buyer")

    def copy(name: str) -> Path:
        path = folder / name
        with closing(sqlite3.connect(base)) as source, closing(sqlite3.connect(path)) as target:
            source.backup(target)
        with closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("UPDATE settings SET value = ? WHERE key = 'replica'", (f'"{name}"',))
        return path

    def diverge(path: Path, words: str) -> bytes:
        with Store(path) as store:
            state = store.load(plan_id)
            order = state.milestone_order()
            for i in range(2000):
                milestone = order[(i * 7 + len(words)) % len(order)]
                field, value = ("title", f"{words} {i}") if i % 2 else ("lead_days", i % 40)
                store.commit(
                    state, edits.set_field(state, "milestone", milestone.id, field, value), AUTHOR
                )
            revision, document = store.freeze_revision(state, AUTHOR)
            return encode_plan_data(revision, document, store.history(plan_id))

    ours_path, theirs_path = copy("ours.sqlite"), copy("theirs.sqlite")
    ours_data = diverge(ours_path, "ours")
    theirs = decode_plan_data(diverge(theirs_path, "theirs"))
    ours = decode_plan_data(ours_data)

    def merge_once() -> float:
        path = folder / "merging.sqlite"
        shutil.copy(ours_path, path)
        with Store(path) as store:
            return timed(lambda: import_plan_data(store, theirs))

    def import_known() -> float:
        with Store(ours_path) as store:
            return timed(lambda: import_plan_data(store, ours))

    figures = [
        Figure(
            f"merge {size:,} milestones, 2,000 changes apart on each side",
            median_of(runs, merge_once),
            median_of(runs, import_known),
            "ms",
            "< 500 ms" if size == 1000 else "linear",
            "importing a file with nothing new",
        ),
    ]
    if size != 1000:
        return figures
    return figures + imports_end_to_end(runs, folder, plan_id, ours_path, theirs_path)


def imports_end_to_end(
    runs: int, folder: Path, plan_id: str, ours_path: Path, theirs_path: Path
) -> list[Figure]:
    """`mutualplan import FILE.pdf` as a user runs it, process start included."""
    import shutil

    from mutualplan.pdf.export import prepare_export, render
    from mutualplan.signing.identity import create_identity
    from mutualplan.signing.sign import sign
    from mutualplan.store import Store

    pdfs = {}
    for name, path in (("ours", ours_path), ("theirs", theirs_path)):
        with Store(path) as store:
            pdfs[name] = folder / f"{name}.pdf"
            pdfs[name].write_bytes(render(prepare_export(store, plan_id, AUTHOR)))
            plan = store.load(plan_id).plan
    # The same plan signed by both sides, imported once so that its signatures are
    # recorded: importing it again brings nothing new, but its signatures are checked.
    seller = create_identity("Priya Raghunathan", plan.seller_org, "seller")
    buyer = create_identity("Zoë Müller", plan.buyer_org, "buyer")
    pdfs["signed"] = folder / "signed.pdf"
    pdfs["signed"].write_bytes(sign(sign(pdfs["ours"].read_bytes(), seller), buyer))
    signed_db = folder / "signed.sqlite"
    shutil.copy(ours_path, signed_db)
    environment = {**os.environ, "PYTHONPATH": str(HERE.parent)}

    def cli(*args: str) -> float:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mutualplan", *args],
            env=environment,
            capture_output=True,
            text=True,
        )
        took = (time.perf_counter() - start) * 1000
        if done.returncode not in (0, 1):  # 1: conflicts are pending, as expected here
            raise RuntimeError(f"mutualplan {' '.join(args)} failed: {done.stderr}")
        return took

    def merge() -> float:
        path = folder / "merging-cli.sqlite"
        shutil.copy(ours_path, path)
        return cli("import", str(pdfs["theirs"]), "--db", str(path))

    cli("plans", "--db", str(ours_path))  # warm the disk cache
    cli("import", str(pdfs["signed"]), "--db", str(signed_db))
    floor, known, known_signed, merged = interleaved(
        runs,
        lambda: cli("plans", "--db", str(ours_path)),
        lambda: cli("import", str(pdfs["ours"]), "--db", str(ours_path)),
        lambda: cli("import", str(pdfs["signed"]), "--db", str(signed_db)),
        merge,
    )
    return [
        Figure(
            "import a file with nothing new, 1,000 milestones, end to end",
            known,
            floor,
            "ms",
            "≤ 600 ms",
            "`mutualplan plans` on the same database (process start)",
        ),
        Figure(
            "the same, signed by both sides (signatures checked again)",
            known_signed,
            floor,
            "ms",
            "—",
            "`mutualplan plans` on the same database (process start)",
        ),
        Figure(
            "import 2 × 2,000 changes apart, 1,000 milestones, end to end",
            merged,
            floor,
            "ms",
            "≤ 1,500 ms",
            "`mutualplan plans` on the same database (process start)",
        ),
    ]


# -- output --------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def print_table(figures: list[Figure]) -> None:
    print(f"MutualPlan benchmark — {machine()}")
    print(f"{'figure':<62} {'median':>10} {'baseline':>10} {'ratio':>6}  target")
    for f in figures:
        base = f"{f.baseline:.2f}" if f.baseline is not None else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        print(f"{f.name:<62} {f.median:>7.2f} {f.unit:<2} {base:>10} {ratio:>6}  {f.target}")
    print()
    for f in figures:
        if f.baseline_name:
            print(f"  baseline of “{f.name}”: {f.baseline_name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    with tempfile.TemporaryDirectory() as folder:
        db, plans = make_database(Path(folder), (20, 300, 1000, 3000))
        figures = startup_and_memory(runs, db, plans)
        figures += in_app(runs, db, plans)
        figures += pdf_export(runs, db, plans)
        figures += signing(runs, db, plans)
        figures += merging(max(3, runs // 2), Path(folder))
        figures += merging(max(1, runs // 4), Path(folder), 3000)
    if args.json:
        print(
            json.dumps(
                {
                    f.name: {
                        "median": round(f.median, 3),
                        "baseline": round(f.baseline, 3) if f.baseline is not None else None,
                        "ratio": round(f.ratio, 3) if f.ratio is not None else None,
                        "unit": f.unit,
                    }
                    for f in figures
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
