"""Verifying and importing read what they need, once: an unsigned plan without pyHanko's
signature stack, the plan data decoded a single time per import, and a file with
nothing new still checked in full."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mutualplan.exchange.importer import ImportRefusedError
from mutualplan.signing import pdf as signing_pdf
from mutualplan.signing.identity import Identity
from mutualplan.signing.pdf import carries_signatures, open_reader
from mutualplan.store import Store
from mutualplan.workflows.importing import import_pdf


def test_an_unsigned_plan_is_verified_without_pyhankos_signature_stack(
    exported: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(exported)
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mutualplan.signing.verify import verify_pdf\n"
        f"report = verify_pdf(Path({str(path)!r}).read_bytes())\n"
        "print(report.data_matches, report.standing())\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pyhanko.sign', 'aiohttp'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["True not signed", "[]"]


def test_the_look_for_signatures_agrees_with_pyhanko(
    exported: bytes, seller_signed: bytes, both_signed: bytes
) -> None:
    for pdf, count in ((exported, 0), (seller_signed, 1), (both_signed, 2)):
        reader = open_reader(pdf)
        assert len(reader.embedded_regular_signatures) == count
        assert carries_signatures(reader) is (count > 0)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each decoding of plan data, as whether it asked for the change log too."""
    seen: list[bool] = []
    real = signing_pdf.decode_plan_data

    def counting(raw: bytes, *, with_changes: bool = True):  # noqa: ANN202
        seen.append(with_changes)
        return real(raw, with_changes=with_changes)

    monkeypatch.setattr(signing_pdf, "decode_plan_data", counting)
    return seen


def test_importing_decodes_the_plan_data_once(
    both_signed: bytes, tmp_path: Path, decoded: list[bool]
) -> None:
    with Store(tmp_path / "plans.sqlite") as store:
        summary = import_pdf(store, both_signed)
    assert summary.created
    assert summary.signatures == ["seller", "buyer"]
    assert decoded == [True]


def test_a_known_plan_in_a_file_with_a_broken_signature_is_still_refused(
    both_signed: bytes, tmp_path: Path
) -> None:
    """The same plan data and signers as recorded, but bytes no longer what was signed:
    nothing would be written, yet the file is checked in full and refused."""
    with Store(tmp_path / "plans.sqlite") as store:
        import_pdf(store, both_signed)
        assert import_pdf(store, both_signed).taken == 0
        broken = bytearray(both_signed)
        broken[2000] ^= 0x20  # inside the first page's content, covered by both
        with pytest.raises(ImportRefusedError, match="not intact"):
            import_pdf(store, bytes(broken))


def test_signing_first_decodes_the_plan_data_once(
    exported: bytes, seller_identity: Identity, decoded: list[bool]
) -> None:
    """The checks before signing hand what they read to the signing itself."""
    from mutualplan.signing.sign import sign
    from mutualplan.signing.verify import verify_pdf

    signed = sign(exported, seller_identity)
    assert decoded == [False]
    assert verify_pdf(signed).signatures[0].trustworthy
