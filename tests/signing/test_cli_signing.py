"""`mutualplan sign`, `verify` and `import` from the command line: exit codes and words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli as run
from signing_helpers import write

from mutualplan.signing.identity import save_identity

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def identities(tmp_path: Path, seller_identity, buyer_identity, monkeypatch) -> dict[str, Path]:
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", PASSPHRASE)
    files = {}
    for side, identity in (("seller", seller_identity), ("buyer", buyer_identity)):
        files[side] = tmp_path / f"{side}.p12"
        save_identity(identity, files[side], PASSPHRASE.encode())
    return files


def test_sign_then_countersign_then_verify(tmp_path, exported, identities, capsys) -> None:
    plan = write(tmp_path, "plan.pdf", exported)
    db = str(tmp_path / "db.sqlite")
    code, out, _ = run(
        capsys,
        "sign",
        str(plan),
        "--identity",
        str(identities["seller"]),
        "--out",
        str(tmp_path / "s1.pdf"),
    )
    assert code == 0 and "for the seller" in out
    code, out, _ = run(capsys, "verify", str(tmp_path / "s1.pdf"), "--db", db)
    assert code == 1 and "Buyer: not signed" in out
    code, _, _ = run(
        capsys,
        "sign",
        str(tmp_path / "s1.pdf"),
        "--identity",
        str(identities["buyer"]),
        "--out",
        str(tmp_path / "s2.pdf"),
    )
    assert code == 0
    code, out, _ = run(capsys, "verify", str(tmp_path / "s2.pdf"), "--json", "--db", db)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["mutually_committed"]
    assert [s["certificate"] for s in report["signatures"]] == ["known", "new"]


def test_wrong_passphrase_is_one_line_exit_2_and_writes_nothing(
    tmp_path, exported, identities, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "not it")
    plan = write(tmp_path, "plan.pdf", exported)
    code, _, err = run(
        capsys,
        "sign",
        str(plan),
        "--identity",
        str(identities["seller"]),
        "--out",
        str(tmp_path / "signed.pdf"),
    )
    assert code == 2 and err.count("\n") == 1 and "passphrase" in err.lower()
    assert not (tmp_path / "signed.pdf").exists()


def test_signing_an_already_signed_field_is_refused(
    tmp_path, seller_signed, identities, capsys
) -> None:
    signed = write(tmp_path, "s1.pdf", seller_signed)
    code, _, err = run(
        capsys,
        "sign",
        str(signed),
        "--identity",
        str(identities["seller"]),
        "--out",
        str(tmp_path / "again.pdf"),
    )
    assert code == 2 and "already signed" in err
    assert not (tmp_path / "again.pdf").exists()


@pytest.mark.parametrize("content", [b"%PDF-1.4 broken", b"just text", b""])
def test_verify_and_import_refuse_files_that_are_not_plan_pdfs(tmp_path, capsys, content) -> None:
    path = write(tmp_path, "x.pdf", content)
    db = tmp_path / "db.sqlite"
    for command in ("verify", "import"):
        code, _, err = run(capsys, command, str(path), "--db", str(db))
        assert code == 2 and err.startswith("mutualplan: ") and err.count("\n") == 1


def test_verify_a_tampered_file_exits_1_with_the_reason(tmp_path, both_signed, capsys) -> None:
    data = bytearray(both_signed)
    data[2000] ^= 0x20
    path = write(tmp_path, "tampered.pdf", bytes(data))
    code, out, _ = run(capsys, "verify", str(path), "--db", str(tmp_path / "db.sqlite"))
    assert code == 1 and "NOT verified" in out and "altered" in out


def test_import_records_both_signatures_and_the_plan_is_mutually_committed(
    tmp_path, both_signed, capsys
) -> None:
    from mutualplan.store import Store

    path = write(tmp_path, "signed.pdf", both_signed)
    db = tmp_path / "db.sqlite"
    code, out, _ = run(capsys, "import", str(path), "--db", str(db))
    assert code == 0 and "Created" in out and "signature recorded" in out
    with Store(db) as store:
        [plan] = store.plans()
        committed = store.last_committed_revision(plan.id)
        assert committed is not None and committed.number == 1
    code, out, _ = run(capsys, "import", str(path), "--db", str(db))
    assert code == 0 and "0 changes taken" in out


def test_a_rollback_is_reported_against_what_the_database_knows(
    tmp_path, seller_signed, both_signed, capsys
) -> None:
    db = tmp_path / "db.sqlite"
    run(capsys, "import", str(write(tmp_path, "both.pdf", both_signed)), "--db", str(db))
    code, out, _ = run(
        capsys, "verify", str(write(tmp_path, "old.pdf", seller_signed)), "--db", str(db)
    )
    assert code == 1 and "earlier copy" in out


def test_certificates_are_listed_accepted_and_forgotten_by_fingerprint(
    tmp_path, both_signed, seller_identity, capsys
) -> None:
    db = str(tmp_path / "db.sqlite")
    signed = write(tmp_path, "both.pdf", both_signed)
    assert run(capsys, "certificates", "list", "--db", db)[1].startswith("No certificates")
    assert run(capsys, "verify", str(signed), "--db", db)[0] == 0
    code, out, _ = run(capsys, "certificates", "list", "--json", "--db", db)
    rows = json.loads(out)
    assert {(r["name"], r["side"], r["accepted"]) for r in rows} == {
        ("Priya Raghunathan", "seller", 1),
        ("Олена Коваль", "buyer", 1),
    }
    code, _, err = run(capsys, "certificates", "accept", "abc", "--db", db)
    assert code == 2 and "at least the first 8 hex digits" in err
    code, _, err = run(capsys, "certificates", "forget", "00000000", "--db", db)
    assert code == 2 and "No certificate here" in err
    code, out, _ = run(capsys, "certificates", "forget", seller_identity.fingerprint, "--db", db)
    assert code == 0 and "Forgot the certificate of Priya Raghunathan" in out
    assert len(json.loads(run(capsys, "certificates", "list", "--json", "--db", db)[1])) == 1


def test_sign_records_the_signature_in_your_own_database_at_once(
    tmp_path, identities, capsys
) -> None:
    import datetime as dt

    from mutualplan.domain.model import Author
    from mutualplan.pdf.export import export_pdf
    from mutualplan.store import Store
    from mutualplan.store.sample import add_sample_plan

    db = tmp_path / "mine.sqlite"
    author = Author("Priya Raghunathan", "seller", organisation="Brightline Analytics")
    with Store(db) as store:
        state = add_sample_plan(store, today=dt.date(2026, 11, 26))
        export_pdf(store, state.id, tmp_path / "plan.pdf", author)
    code, out, _ = run(
        capsys,
        "sign",
        str(tmp_path / "plan.pdf"),
        "--identity",
        str(identities["seller"]),
        "--out",
        str(tmp_path / "signed.pdf"),
        "--db",
        str(db),
    )
    assert code == 0 and "Your signature is recorded in" in out
    with Store(db) as store:
        revision = store.revisions(state.id)[-1]
        assert store.signed_sides(state.id, revision.sha256) == {"seller"}


def test_sign_says_when_the_signer_is_not_the_chosen_signatory(
    tmp_path, exported, identities, capsys
) -> None:
    # The sample plan names Zoë Müller to sign for the buyer; Олена Коваль signs.
    code, out, _ = run(
        capsys,
        "sign",
        str(write(tmp_path, "plan.pdf", exported)),
        "--identity",
        str(identities["seller"]),
        "--out",
        str(tmp_path / "s1.pdf"),
    )
    code, out, _ = run(
        capsys,
        "sign",
        str(tmp_path / "s1.pdf"),
        "--identity",
        str(identities["buyer"]),
        "--out",
        str(tmp_path / "s2.pdf"),
    )
    assert code == 0
    assert "Note: The plan names Zoë Müller as the buyer's signatory" in out
