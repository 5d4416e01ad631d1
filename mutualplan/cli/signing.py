"""The signing commands: identity new/show/export-certificate, sign, verify, certificates."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..domain.model import Author
from ..i18n import N_, _
from ..store.errors import StoreError
from ..store.repository import Store
from .common import PROG, database_path, fail, read_pdf, side_name


def identity_new_command(args: argparse.Namespace) -> int:
    from ..signing.identity import (
        IdentityError,
        check_new_passphrase,
        create_identity,
        save_identity,
        suggested_file_name,
    )
    from ..signing.passphrase import passphrase_from_environment_or_prompt
    from ..store.database import identities_folder

    if args.out:
        out = Path(args.out).expanduser()
    else:
        out = identities_folder(database_path(args)) / suggested_file_name(args.name)
    if out.exists():
        return fail(
            _("{out} already exists; choose another file name (nothing was written)").format(
                out=out
            )
        )
    if not out.parent.is_dir():
        return fail(
            _("cannot write {out}: the folder {parent} does not exist").format(
                out=out, parent=out.parent
            )
        )
    try:
        identity = create_identity(args.name, args.org, args.side, args.email or "")
        passphrase = passphrase_from_environment_or_prompt(
            f"Passphrase to protect {out.name}: ", confirm=True
        )
        check_new_passphrase(passphrase)
        save_identity(identity, out, passphrase)
    except IdentityError as exc:
        return fail(str(exc))
    with Store(database_path(args)) as store:
        if store.local_user() is None:  # the copy now knows whom to attribute edits to
            store.set_local_user(
                Author(identity.name, args.side, organisation=identity.organisation)
            )
    print(_("Created the signing identity of {describe}.").format(describe=identity.describe()))
    print(
        _("Certificate fingerprint (SHA-256): {fingerprint}").format(
            fingerprint=identity.fingerprint
        )
    )
    print(
        _("Written to {out}, valid until {valid_until:%Y-%m-%d}. Keep it private.").format(
            out=out, valid_until=identity.valid_until
        )
    )
    print(
        _("For the other side: {prog} identity export-certificate {out} --out FILE.pem").format(
            prog=PROG, out=out
        )
    )
    return 0


def identity_show_command(args: argparse.Namespace) -> int:
    from ..signing.identity import (
        PKCS12_SUFFIXES,
        IdentityError,
        certificate_fields,
        check_usable,
        fingerprint,
        load_certificate,
    )

    path = Path(args.file).expanduser()
    identity = None
    try:
        # A certificate the other side sent needs no passphrase; a PKCS#12 file does.
        certificate = None if path.suffix.lower() in PKCS12_SUFFIXES else load_certificate(path)
    except IdentityError:
        certificate = None
    try:
        if certificate is None:
            identity = _open_identity(path)
            certificate = identity.certificate
    except IdentityError as exc:
        return fail(str(exc))
    name, organisation, side, email = certificate_fields(certificate)
    self_signed = certificate.issuer == certificate.subject
    rows = [
        (_("Name"), name),
        (_("Organisation"), organisation or "-"),
        (_("Side"), side_name(side) if side else _("- (not made by MutualPlan)")),
        (_("E-mail"), email or "-"),
        (_("Fingerprint"), fingerprint(certificate)),
        (_("Valid from"), f"{certificate.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"),
        (_("Valid until"), f"{certificate.not_valid_after_utc:%Y-%m-%d %H:%M} UTC"),
        (
            _("Issued by"),
            _("itself (self-signed)") if self_signed else certificate.issuer.rfc4514_string(),
        ),
        (_("Private key"), _("yes") if identity else _("no (a certificate only)")),
    ]
    if identity is not None:
        try:
            check_usable(identity)
            rows.append((_("Signing"), _("usable")))
        except IdentityError as exc:
            rows.append((_("Signing"), _("not usable: {reason}").format(reason=exc)))
    width = max(14, *(len(label) + 2 for label, _value in rows))  # German labels are longer
    for label, value in rows:
        print(f"{label + ':':<{width}}{value}")
    return 0


def identity_export_certificate_command(args: argparse.Namespace) -> int:
    from ..signing.identity import IdentityError, save_certificate

    out = Path(args.out).expanduser()
    if out.exists():
        return fail(
            _("{out} already exists; choose another file name (nothing was written)").format(
                out=out
            )
        )
    try:
        identity = _open_identity(Path(args.file).expanduser())
        save_certificate(identity, out)
    except IdentityError as exc:
        return fail(str(exc))
    print(
        _("Wrote the certificate of {describe} to {out}.").format(
            describe=identity.describe(), out=out
        )
    )
    print(
        _("Its fingerprint (SHA-256), to read out to the other side: {fingerprint}").format(
            fingerprint=identity.fingerprint
        )
    )
    return 0


def _open_identity(path: Path):
    from ..signing.identity import identity_from_pkcs12, read_pkcs12
    from ..signing.passphrase import passphrase_from_environment_or_prompt

    data = read_pkcs12(path)  # a file that is no identity is told before any prompt
    passphrase = passphrase_from_environment_or_prompt(f"Passphrase of {path.name}: ")
    return identity_from_pkcs12(data, passphrase, path.name)



def sign_command(args: argparse.Namespace) -> int:
    from ..exchange.importer import ImportRefusedError
    from ..pdf.export import ExportError, write_atomically
    from ..signing.identity import IdentityError
    from ..signing.pdf import NotAPlanPdfError
    from ..signing.sign import SigningError
    from ..workflows.signing import record_own_signature, sign_document

    out = Path(args.out).expanduser()
    try:
        pdf = read_pdf(args.file)
        identity = _open_identity(Path(args.identity).expanduser())
        signed = sign_document(pdf, identity, args.side)
        write_atomically(out, signed.pdf)
    except NotAPlanPdfError as exc:
        return fail(f"{args.file}: {exc}")
    except (IdentityError, SigningError, ExportError) as exc:
        return fail(str(exc))
    print(
        (
            _("Signed for the seller by {name}; written to {out}")
            if signed.side == "seller"
            else _("Signed for the buyer by {name}; written to {out}")
        ).format(name=identity.name, out=out)
    )
    if signed.note:
        print(_("Note: {note}").format(note=signed.note))
    # Your own database records your signature at once, when it holds the plan.
    path = database_path(args)
    if path.exists():
        try:
            with Store(path) as store:
                summary = record_own_signature(store, signed.pdf)
        except (StoreError, ImportRefusedError) as exc:
            print(_("Not recorded in {path}: {exc}").format(path=path, exc=exc), file=sys.stderr)
        else:
            if summary is not None and signed.side in summary.signatures:
                print(_("Your signature is recorded in {path}.").format(path=path))
            elif summary is not None and summary.not_recorded:
                print(
                    _("Not recorded in {path}: {reasons}").format(
                        path=path, reasons="; ".join(summary.not_recorded)
                    )
                )
    return 0


# German inflects "the seller", so each sentence is one whole phrase per side.
_SIDE = {"seller": N_("Seller"), "buyer": N_("Buyer")}
_CERTIFICATE = {
    "known": N_("known"),
    "new": N_("new"),
    "changed": N_("changed"),
    "unknown": N_("unknown"),
}
_COVERS = {
    "the whole file": N_("the whole file"),
    "only part of the document": N_("only part of the document"),
    "nothing that could be read": N_("nothing that could be read"),
}


def _covers(text: str) -> str:
    if text in _COVERS:
        return _(_COVERS[text])
    if match := re.fullmatch(r"the document up to revision (\d+) of (\d+)", text):
        return _("the document up to revision {number} of {total}").format(
            number=match[1], total=match[2]
        )
    return text


def _describe_signature(s) -> str:  # noqa: ANN001
    when = (s.signed_at or "?")[:16].replace("T", " ")
    headline = (
        _("{side}: certified by {signer}") if s.certification else _("{side}: signed by {signer}")
    )
    side = _(_SIDE[s.side]) if s.side in _SIDE else s.side
    lines = [
        headline.format(side=side, signer=s.signer)
        + (f" ({s.organisation})" if s.organisation else "")
        + " "
        + _("at {when} UTC").format(when=when),
        "  "
        + _("{summary}; covers {covers}").format(summary=s.summary(), covers=_covers(s.covers)),
        "  "
        + _("certificate {status}, fingerprint {fingerprint}").format(
            status=_(_CERTIFICATE.get(s.certificate, s.certificate)), fingerprint=s.fingerprint
        ),
    ]
    if s.trustworthy:
        after = (
            _("nothing was added after it")
            if s.covers == "the whole file"
            else _("only the other side's signature was added after it")
        )
        lines.insert(2, f"  {after}")
    lines += ["  " + _("Note: {note}").format(note=_(note)) for note in s.notes]
    return "\n".join(lines)


def verify_command(args: argparse.Namespace) -> int:
    from ..signing.pdf import NotAPlanPdfError
    from ..workflows.verifying import verify

    try:
        pdf = read_pdf(args.file)
        with Store(database_path(args)) as store:
            report = verify(store, pdf)
    except NotAPlanPdfError as exc:
        return fail(f"{args.file}: {_(str(exc))}")
    if args.json:
        print(report.to_json())
        return 0 if report.ok else 1
    print(
        _("Plan “{title}”: {buyer} with {seller}").format(
            title=report.title, buyer=report.buyer, seller=report.seller
        )
    )
    if report.review_copy:
        print(
            _(
                "This is a review copy, for comments, not signing: it has no signature "
                "fields. Import it (`{command}`) to read the answers."
            ).format(command=f"{PROG} import FILE.pdf")
        )
    matches = (
        _(
            "Revision {number} (SHA-256 {sha}…): the embedded plan data matches the hash "
            "printed in the document."
        )
        if report.data_matches
        else _(
            "Revision {number} (SHA-256 {sha}…): the embedded plan data DOES NOT match "
            "the hash printed in the document."
        )
    )
    print(matches.format(number=report.revision, sha=report.sha256[:16]))
    for signature in report.signatures:
        print(_describe_signature(signature))
    for person in report.in_person:
        print(
            _(
                "{side}: acknowledged in person by {name} on {device} (a drawing, not a "
                "digital signature)"
            ).format(side=_(_SIDE[person.side]), name=person.name, device=person.captured_on)
        )
    for side in report.missing:
        if report.side_status(side) == "missing":
            print(_("{side}: not signed").format(side=_(_SIDE[side])))
    for problem in report.problems:
        print(_("Problem: {problem}").format(problem=_(problem)))
    if report.ok:
        print(_("Result: verified — mutually committed, every check passed."))
        return 0
    print(
        _("Result: NOT verified — {standing}; {reason}.").format(
            standing=report.standing(), reason=report.reasons()[0]
        )
    )
    return 1


def certificates_command(args: argparse.Namespace) -> int:
    with Store(database_path(args)) as store:
        if args.action == "list":
            rows = store.certificates()
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
                return 0
            if not rows:
                print(
                    _(
                        "No certificates remembered yet: they are, the first time a file is "
                        "verified."
                    )
                )
            for row in rows:
                state = _("accepted") if row["accepted"] else _("waiting to be accepted")
                also = (
                    _(", accepted as {side}").format(side=side_name(row["accepted_for"]))
                    if row["accepted_for"]
                    else ""
                )
                org = f" ({row['organisation']})" if row["organisation"] else ""
                print(
                    _(
                        "{fingerprint}  {name}{org}, seen signing as {side}: {state}{also}"
                    ).format(
                        fingerprint=row["fingerprint"],
                        name=row["name"],
                        org=org,
                        side=side_name(row["side"]),
                        state=state,
                        also=also,
                    )
                )
            return 0
        if not args.fingerprint:
            return fail(
                _("certificates {action} needs a FINGERPRINT (see certificates list)").format(
                    action=args.action
                )
            )
        fingerprint = store.find_certificate(args.fingerprint)
        row = next(r for r in store.certificates() if r["fingerprint"] == fingerprint)
        if args.action == "accept":
            store.accept_certificate(fingerprint)
            org = row["organisation"] or _("no organisation")
            accepted = {
                "seller": _("Accepted the certificate of {name} ({org}) for the seller: {print}"),
                "buyer": _("Accepted the certificate of {name} ({org}) for the buyer: {print}"),
            }.get(
                row["side"],
                _("Accepted the certificate of {name} ({org}) for the side it signs for: {print}"),
            )
            print(accepted.format(name=row["name"], org=org, print=fingerprint))
        else:
            store.forget_certificate(fingerprint)
            print(
                _("Forgot the certificate of {name}: {fingerprint}").format(
                    name=row["name"], fingerprint=fingerprint
                )
            )
    return 0
