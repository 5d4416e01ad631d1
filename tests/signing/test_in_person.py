"""A drawing captured in person is an acknowledgement, never a digital signature: the
revision is "signed by the seller, acknowledged in person by the buyer", `verify`
exits 1, and the buyer's copy never records a signature by both sides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from signing_helpers import write

from mutualplan.cli import main
from mutualplan.signing.sign import add_in_person_signature, sign
from mutualplan.signing.verify import verify_pdf
from mutualplan.store import Store
from mutualplan.workflows.importing import import_pdf


def _drawing() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 40), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(5, 30), (40, 8), (70, 32), (115, 10)], fill="black", width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _acknowledged(exported: bytes, seller_identity) -> bytes:  # noqa: ANN001
    drawn = add_in_person_signature(
        exported, "buyer", "Zoë Müller", _drawing(), "Priya's laptop", dt.datetime.now(dt.UTC)
    )
    return sign(drawn, seller_identity)


def test_the_report_tells_a_drawing_from_a_signature(exported: bytes, seller_identity) -> None:
    report = verify_pdf(_acknowledged(exported, seller_identity))
    assert not report.ok and not report.mutually_committed
    assert report.side_status("seller") == "digital"
    assert report.side_status("buyer") == "in_person"
    assert report.standing() == (
        "signed by the seller, acknowledged in person by the buyer (not a digital signature)"
    )
    assert "the buyer has not signed digitally" in report.reasons()
    data = json.loads(report.to_json())
    assert data["sides"] == {"seller": "digital", "buyer": "in_person"}
    assert data["digital"] == ["seller"] and data["in_person_only"] == ["buyer"]


def test_verify_exits_1_and_import_records_an_acknowledgement(
    exported: bytes, seller_identity, tmp_path: Path, capsys
) -> None:
    path = write(tmp_path, "plan.pdf", _acknowledged(exported, seller_identity))
    db = tmp_path / "buyer.sqlite"
    assert main(["verify", str(path), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "acknowledged in person by Zoë Müller" in out
    assert "the buyer has not signed digitally" in out
    with Store(db) as store:
        summary = import_pdf(store, path.read_bytes())
        assert summary.signatures == ["seller"] and summary.in_person == ["buyer"]
        assert store.signed_sides(summary.plan_id, summary.revision.sha256) == {"seller"}
        kinds = {r["side"]: r["kind"] for r in store.signatures_of(summary.plan_id)}
        assert kinds == {"seller": "digital", "buyer": "in person"}
        assert store.last_committed_revision(summary.plan_id) is None
