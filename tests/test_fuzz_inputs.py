"""Every entry point that reads a file, fed random and mutated files: never a traceback,
always one plain line (or a verdict), and the database unchanged."""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualplan.cli import main

OLD_DATABASE = Path(__file__).resolve().parent / "fixtures" / "schema2.sqlite"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

mutations = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "truncate"]),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.integers(min_value=0, max_value=255),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, steps: list[tuple[str, float, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, value in steps:
        if not buffer:
            break
        at = min(int(where * len(buffer)), len(buffer) - 1)
        if kind == "flip":
            buffer[at] ^= value or 1
        elif kind == "insert":
            buffer.insert(at, value)
        elif kind == "delete":
            del buffer[at]
        else:
            del buffer[at:]
    return bytes(buffer)


def database_state(path: Path) -> str:
    """Everything a user could lose: the database's logical content."""
    if not path.exists():
        return "absent"
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        digest = hashlib.sha256()
        for table in sorted(tables):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    if code == 2:
        assert captured.err.startswith("mutualplan: ") and captured.err.count("\n") == 1
    return code, captured.err


@functools.cache
def signed_pdf() -> bytes:
    """The sample plan exported and signed by the seller (made once, kept out of reprs)."""
    import datetime as dt
    import tempfile

    from mutualplan.domain.model import Author
    from mutualplan.pdf.export import export_pdf
    from mutualplan.signing.identity import create_identity
    from mutualplan.signing.sign import sign
    from mutualplan.store import Store
    from mutualplan.store.sample import add_sample_plan

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite") as store:
        state = add_sample_plan(store, today=dt.date(2026, 11, 26))
        export_pdf(store, state.id, Path(folder) / "plan.pdf", Author("Priya", "seller"))
        exported = (Path(folder) / "plan.pdf").read_bytes()
    seller = create_identity("Priya Raghunathan", "Brightline Analytics", "seller")
    return sign(exported, seller)


@FUZZ
@given(steps=mutations)
def test_verify_and_import_of_mutated_plan_pdfs(tmp_path_factory, capsys, steps):
    folder = tmp_path_factory.mktemp("mutated")
    path = folder / "plan.pdf"
    path.write_bytes(mutate(signed_pdf(), steps))
    db = folder / "db.sqlite"
    code, _ = run_cli(capsys, "verify", str(path), "--db", str(db))
    assert code in (0, 1, 2)
    before = database_state(db)
    code, _ = run_cli(capsys, "import", str(path), "--db", str(db))
    if code == 2:
        assert database_state(db) == before


@FUZZ
@given(content=st.binary(max_size=4096))
def test_random_bytes_as_a_plan_pdf(tmp_path_factory, capsys, content):
    folder = tmp_path_factory.mktemp("random")
    path = folder / "random.pdf"
    path.write_bytes(content)
    db = folder / "db.sqlite"
    for command in ("verify", "import"):
        code, _ = run_cli(capsys, command, str(path), "--db", str(db))
        assert code == 2


@FUZZ
@given(steps=mutations, header=st.booleans())
def test_opening_mutated_or_random_database_files(tmp_path_factory, capsys, steps, header):
    folder = tmp_path_factory.mktemp("db")
    path = folder / "plans.sqlite"
    data = mutate(OLD_DATABASE.read_bytes(), steps)
    if not header:
        data = data[::-1]
    path.write_bytes(data)
    code, _ = run_cli(capsys, "plans", "--db", str(path))
    if code == 2:
        assert path.read_bytes() == data  # refused, and left exactly as it was
