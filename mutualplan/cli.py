"""The command line (the contract is in DESIGN.md). With no command it opens the app.

Heavy or optional modules (the GUI, PDF, signing) are imported inside the command
that needs them, so `mutualplan plans` starts fast and works without a display.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

from .domain.health import assess
from .domain.model import Author
from .domain.names import folded
from .domain.state import PlanRuleError
from .store.database import default_database_path
from .store.errors import StoreError
from .store.repository import Store

PROG = "mutualplan"


def _database_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_database_path()


# -- commands ----------------------------------------------------------------------


def run_gui_command(args: argparse.Namespace) -> int:
    try:
        from .ui.app import run_gui
    except ImportError as exc:
        if (exc.name or "").startswith(PROG):
            raise  # a module of our own missing is a bug, not the user's machine
        # Typically a system library Qt needs (libEGL, libxkbcommon) is not installed.
        return _fail(f"the desktop app cannot start here: {exc}")

    return run_gui(_database_path(args), [sys.argv[0], *args.files])


def demo_command(args: argparse.Namespace) -> int:
    from .store.sample import add_sample_plan

    path = _database_path(args)
    with Store(path) as store:
        state = add_sample_plan(store)
        health = assess(state, dt.date.today())
    plan = state.plan
    print(f"Added the sample plan “{plan.title}”: {plan.buyer_org} with {plan.seller_org}.")
    print(
        f"{len(state.milestones)} milestones, {len(state.people)} people, "
        f"{len(state.evidence)} evidence items; {health.summary()}."
    )
    print(f"Saved in {path}")
    print(plan.id)  # last, so scripts can take it with `tail -n 1`
    return 0


def plans_command(args: argparse.Namespace) -> int:
    with Store(_database_path(args)) as store:
        plans = store.plans()
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "buyer_org": p.buyer_org,
                "seller_org": p.seller_org,
                "status": p.status,
                "target_date": p.target_date.isoformat() if p.target_date else None,
                "milestones": p.milestones,
                "updated_at": p.updated_at,
            }
            for p in plans
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not plans:
        print(f"No plans yet. `{PROG} demo` adds a sample plan.")
        return 0
    header = ("Title", "Buyer", "Seller", "Status", "Target", "Milestones", "Id")
    table = [
        (
            p.title,
            p.buyer_org,
            p.seller_org,
            p.status,
            p.target_date.isoformat() if p.target_date else "-",
            str(p.milestones),
            p.id,
        )
        for p in plans
    ]
    widths = [max(len(row[i]) for row in (header, *table)) for i in range(len(header))]
    for row in (header, *table):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return 0


class NoLocalUserError(StoreError):
    """This copy does not know who uses it yet, so it cannot attribute an edit."""


def _author(store: Store) -> Author:
    """Who the command line acts as: this copy's user (never the account name)."""
    me = store.local_user()
    if me is None:
        raise NoLocalUserError(
            "this copy does not know who you are yet, so it cannot attribute the change: "
            f"run `{PROG} identity new --name N --org O --side seller|buyer` (or open the "
            "app once) first"
        )
    return me


def _revision_author(store: Store, plan_id: str) -> Author:
    """Who a revision frozen by the command line is credited to: this copy's user, else
    whoever made the plan's last change (exporting is not an edit)."""
    me = store.local_user()
    if me is not None:
        return me
    history = store.history(plan_id)
    if not history:
        return _author(store)
    last = history[-1].author
    return Author(name=last.name, side=last.side, person_id=last.person_id)


def export_command(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if args.review and out.suffix.lower() != ".pdf":
        return _fail(f"a review copy is a PDF: give a file name ending in .pdf, not “{out.name}”")
    if out.suffix.lower() in (".csv", ".xlsx", ".ics"):
        from .cli_spreadsheet import export_table_or_calendar

        return export_table_or_calendar(args, out)
    if out.suffix.lower() != ".pdf":
        return _fail(
            f"cannot export to “{out.name}”: give a file name ending in .pdf, .csv, .xlsx or .ics"
        )
    from .pdf.export import ExportError, export_pdf

    with Store(_database_path(args)) as store:
        plan_id = store.find_plan(args.plan)
        try:
            job = export_pdf(
                store, plan_id, out, _revision_author(store, plan_id), args.paper,
                review=args.review,
            )
        except ExportError as exc:
            return _fail(str(exc))
    revision = job.revision
    if args.review:
        print(
            f"Exported a review copy of “{job.state.plan.title}”, revision {revision.number} "
            f"(SHA-256 {revision.sha256[:16]}…), to {out}: a response form for comments, "
            "not signing"
        )
        return 0
    print(
        f"Exported “{job.state.plan.title}”, revision {revision.number} "
        f"(SHA-256 {revision.sha256[:16]}…), to {out}"
    )
    return 0


# -- signing identities --------------------------------------------------------------


def identity_new_command(args: argparse.Namespace) -> int:
    from .signing.identity import (
        IdentityError,
        check_new_passphrase,
        create_identity,
        save_identity,
        suggested_file_name,
    )
    from .signing.passphrase import passphrase_from_environment_or_prompt
    from .store.database import identities_folder

    if args.out:
        out = Path(args.out).expanduser()
    else:
        out = identities_folder(_database_path(args)) / suggested_file_name(args.name)
    if out.exists():
        return _fail(f"{out} already exists; choose another file name (nothing was written)")
    if not out.parent.is_dir():
        return _fail(f"cannot write {out}: the folder {out.parent} does not exist")
    try:
        identity = create_identity(args.name, args.org, args.side, args.email or "")
        passphrase = passphrase_from_environment_or_prompt(
            f"Passphrase to protect {out.name}: ", confirm=True
        )
        check_new_passphrase(passphrase)
        save_identity(identity, out, passphrase)
    except IdentityError as exc:
        return _fail(str(exc))
    with Store(_database_path(args)) as store:
        if store.local_user() is None:  # the copy now knows whom to attribute edits to
            store.set_local_user(
                Author(identity.name, args.side, organisation=identity.organisation)
            )
    print(f"Created the signing identity of {identity.describe()}.")
    print(f"Certificate fingerprint (SHA-256): {identity.fingerprint}")
    print(f"Written to {out}, valid until {identity.valid_until:%Y-%m-%d}. Keep it private.")
    print(f"For the other side: {PROG} identity export-certificate {out} --out FILE.pem")
    return 0


def identity_show_command(args: argparse.Namespace) -> int:
    from .signing.identity import (
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
        return _fail(str(exc))
    name, organisation, side, email = certificate_fields(certificate)
    self_signed = certificate.issuer == certificate.subject
    rows = [
        ("Name", name),
        ("Organisation", organisation or "-"),
        ("Side", side or "- (not made by MutualPlan)"),
        ("E-mail", email or "-"),
        ("Fingerprint", fingerprint(certificate)),
        ("Valid from", f"{certificate.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"),
        ("Valid until", f"{certificate.not_valid_after_utc:%Y-%m-%d %H:%M} UTC"),
        (
            "Issued by",
            "itself (self-signed)" if self_signed else certificate.issuer.rfc4514_string(),
        ),
        ("Private key", "yes" if identity else "no (a certificate only)"),
    ]
    if identity is not None:
        try:
            check_usable(identity)
            rows.append(("Signing", "usable"))
        except IdentityError as exc:
            rows.append(("Signing", f"not usable: {exc}"))
    for label, value in rows:
        print(f"{label + ':':<14}{value}")
    return 0


def identity_export_certificate_command(args: argparse.Namespace) -> int:
    from .signing.identity import IdentityError, save_certificate

    out = Path(args.out).expanduser()
    if out.exists():
        return _fail(f"{out} already exists; choose another file name (nothing was written)")
    try:
        identity = _open_identity(Path(args.file).expanduser())
        save_certificate(identity, out)
    except IdentityError as exc:
        return _fail(str(exc))
    print(f"Wrote the certificate of {identity.describe()} to {out}.")
    print(f"Its fingerprint (SHA-256), to read out to the other side: {identity.fingerprint}")
    return 0


def _open_identity(path: Path):
    from .signing.identity import identity_from_pkcs12, read_pkcs12
    from .signing.passphrase import passphrase_from_environment_or_prompt

    data = read_pkcs12(path)  # a file that is no identity is told before any prompt
    passphrase = passphrase_from_environment_or_prompt(f"Passphrase of {path.name}: ")
    return identity_from_pkcs12(data, passphrase, path.name)


def _read_pdf(path_text: str) -> bytes:
    path = Path(path_text).expanduser()
    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    return path.read_bytes()


def sign_command(args: argparse.Namespace) -> int:
    from .exchange.importer import ImportRefusedError
    from .pdf.export import ExportError, write_atomically
    from .signing.identity import IdentityError
    from .signing.pdf import NotAPlanPdfError
    from .signing.sign import SigningError
    from .workflows.signing import record_own_signature, sign_document

    out = Path(args.out).expanduser()
    try:
        pdf = _read_pdf(args.file)
        identity = _open_identity(Path(args.identity).expanduser())
        signed = sign_document(pdf, identity, args.side)
        write_atomically(out, signed.pdf)
    except NotAPlanPdfError as exc:
        return _fail(f"{args.file}: {exc}")
    except (IdentityError, SigningError, ExportError) as exc:
        return _fail(str(exc))
    print(f"Signed for the {signed.side} by {identity.name}; written to {out}")
    if signed.note:
        print(f"Note: {signed.note}")
    # Your own database records your signature at once, when it holds the plan.
    path = _database_path(args)
    if path.exists():
        try:
            with Store(path) as store:
                summary = record_own_signature(store, signed.pdf)
        except (StoreError, ImportRefusedError) as exc:
            print(f"Not recorded in {path}: {exc}", file=sys.stderr)
        else:
            if summary is not None and signed.side in summary.signatures:
                print(f"Your signature is recorded in {path}.")
            elif summary is not None and summary.not_recorded:
                print(f"Not recorded in {path}: {'; '.join(summary.not_recorded)}")
    return 0


def _describe_signature(s) -> str:  # noqa: ANN001
    when = (s.signed_at or "?")[:16].replace("T", " ")
    kind = "certified" if s.certification else "signed"
    lines = [
        f"{s.side.capitalize()}: {kind} by {s.signer}"
        + (f" ({s.organisation})" if s.organisation else "")
        + f" at {when} UTC",
        f"  {s.summary()}; covers {s.covers}",
        f"  certificate {s.certificate}, fingerprint {s.fingerprint}",
    ]
    if s.trustworthy:
        after = (
            "nothing was added after it"
            if s.covers == "the whole file"
            else "only the other side's signature was added after it"
        )
        lines.insert(2, f"  {after}")
    lines += [f"  Note: {note}" for note in s.notes]
    return "\n".join(lines)


def verify_command(args: argparse.Namespace) -> int:
    from .signing.pdf import NotAPlanPdfError
    from .workflows.verifying import verify

    try:
        pdf = _read_pdf(args.file)
        with Store(_database_path(args)) as store:
            report = verify(store, pdf)
    except NotAPlanPdfError as exc:
        return _fail(f"{args.file}: {exc}")
    if args.json:
        print(report.to_json())
        return 0 if report.ok else 1
    print(f"Plan “{report.title}”: {report.buyer} with {report.seller}")
    if report.review_copy:
        print(
            "This is a review copy, for comments, not signing: it has no signature fields. "
            f"Import it (`{PROG} import FILE.pdf`) to read the answers."
        )
    matches = "matches" if report.data_matches else "DOES NOT match"
    print(
        f"Revision {report.revision} (SHA-256 {report.sha256[:16]}…): the embedded plan data "
        f"{matches} the hash printed in the document."
    )
    for signature in report.signatures:
        print(_describe_signature(signature))
    for person in report.in_person:
        print(
            f"{person.side.capitalize()}: acknowledged in person by {person.name} on "
            f"{person.captured_on} (a drawing, not a digital signature)"
        )
    for side in report.missing:
        if report.side_status(side) == "missing":
            print(f"{side.capitalize()}: not signed")
    for problem in report.problems:
        print(f"Problem: {problem}")
    if report.ok:
        print("Result: verified — mutually committed, every check passed.")
        return 0
    print(f"Result: NOT verified — {report.standing()}; {report.reasons()[0]}.")
    return 1


def certificates_command(args: argparse.Namespace) -> int:
    with Store(_database_path(args)) as store:
        if args.action == "list":
            rows = store.certificates()
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
                return 0
            if not rows:
                print(
                    "No certificates remembered yet: they are, the first time a file is verified."
                )
            for row in rows:
                state = "accepted" if row["accepted"] else "waiting to be accepted"
                also = f", accepted for the {row['accepted_for']}" if row["accepted_for"] else ""
                org = f" ({row['organisation']})" if row["organisation"] else ""
                print(
                    f"{row['fingerprint']}  {row['name']}{org}, seen signing for the "
                    f"{row['side'] or '?'}: {state}{also}"
                )
            return 0
        if not args.fingerprint:
            return _fail(f"certificates {args.action} needs a FINGERPRINT (see certificates list)")
        fingerprint = store.find_certificate(args.fingerprint)
        row = next(r for r in store.certificates() if r["fingerprint"] == fingerprint)
        if args.action == "accept":
            store.accept_certificate(fingerprint)
            org = row["organisation"] or "no organisation"
            print(
                f"Accepted the certificate of {row['name']} ({org}) for the "
                f"{row['side'] or 'side it signs for'}: {fingerprint}"
            )
        else:
            store.forget_certificate(fingerprint)
            print(f"Forgot the certificate of {row['name']}: {fingerprint}")
    return 0


def import_command(args: argparse.Namespace) -> int:
    from .cli_spreadsheet import IMPORT_SUFFIXES, import_spreadsheet

    path = Path(args.file).expanduser()
    if path.suffix.lower() in IMPORT_SUFFIXES:
        return import_spreadsheet(args, path)
    from .exchange.importer import ImportRefusedError
    from .signing.pdf import NotAPlanPdfError
    from .workflows.importing import import_pdf

    if path.suffix.lower() != ".pdf":
        return _fail(f"cannot import “{path.name}”: give a plan PDF, or a CSV or XLSX spreadsheet")
    if args.plan or args.buyer or args.seller:
        return _fail("--plan, --buyer and --seller are for spreadsheets: a plan PDF names its plan")
    try:
        pdf = _read_pdf(args.file)
        from .exchange.review_import import is_review_copy

        if is_review_copy(pdf):
            return _import_review_copy(args, pdf, path)
        if args.reviewer or args.again:
            return _fail("--reviewer and --again are for review copies; this is a plan PDF")
        with Store(_database_path(args)) as store:
            summary = import_pdf(store, pdf)
    except NotAPlanPdfError as exc:
        return _fail(f"{args.file}: {exc}")
    except ImportRefusedError as exc:
        return _fail(str(exc))
    verb = "Created" if summary.created else "Merged"
    print(f"{verb} “{summary.title}” from {path.name}: {summary.taken} changes taken.")
    for who, count in summary.by_author.most_common():
        print(f"  {count} {who}")
    for side in summary.signatures:
        print(f"  the {side}'s signature recorded for revision {summary.revision.label}")
    for side in summary.in_person:
        print(
            f"  the {side}'s acknowledgement in person (not a digital signature) recorded for "
            f"revision {summary.revision.label}"
        )
    for reason in summary.not_recorded:
        print(f"  not recorded: {reason}")
    for loop in summary.cycles:
        print(
            "The merge formed a dependency cycle: "
            + " → ".join(f"“{title}”" for title in [*loop, loop[0]])
            + "; change one of these dependencies to break it."
        )
    for ours, theirs in summary.duplicates:
        print(f"Possible duplicate: “{ours}” (here) and “{theirs}” (theirs) were added apart.")
    if summary.rivals:
        others = ", ".join(f"“{title}”" for title in summary.rivals)
        print(
            f"This plan and {others} are both active for the same buyer (one side took one "
            "up while the other started the other); open MutualPlan to settle which stays."
        )
    if summary.conflicts:
        print(
            f"{len(summary.conflicts)} conflicts are waiting to be settled (the same thing "
            "changed on both sides); open the plan in MutualPlan to settle them."
        )
    return 1 if summary.pending else 0


def _import_review_copy(args: argparse.Namespace, pdf: bytes, path: Path) -> int:
    from .exchange.review_import import ReviewImportError
    from .workflows.reviewing import import_review

    def choose(name: str, candidates: list) -> str | None:  # noqa: ANN001
        wanted = folded(args.reviewer or "")
        for person in candidates:
            if folded(person.name) == wanted:
                return person.id
        raise ReviewImportError(
            f"the reviewer “{name}” could be any of "
            + ", ".join(f"“{p.name}”" for p in candidates)
            + "; say which with --reviewer NAME (one of those names); nothing was imported"
        )

    try:
        with Store(_database_path(args)) as store:
            summary = import_review(
                store, pdf, choose if args.reviewer else None, again=args.again
            )
    except ReviewImportError as exc:
        return _fail(f"{path.name}: {exc}")
    who = summary.reviewer
    matched = "" if who.person_id else " (not a person of the plan)"
    print(
        f"Read the review copy of “{summary.title}”, revision {summary.revision_number}, "
        f"answered by {who.name}{matched}, {who.side}, {who.organisation}."
    )
    if summary.added:
        noun = "answer" if summary.added == 1 else "answers"
        print(f"{summary.added} {noun} kept as proposals; the plan itself is unchanged.")
    if summary.already:
        were = "answer was" if summary.already == 1 else "answers were"
        print(f"{summary.already} {were} imported before; not added again.")
    if not summary.proposals:
        print("The form was not filled in: there was nothing to import.")
    print(f"`{PROG} responses {summary.plan_id[:8]}` lists them.")
    return 0


def responses_command(args: argparse.Namespace) -> int:
    from .domain.responses import changed_since, describe, outcome

    with Store(_database_path(args)) as store:
        plan_id = store.find_plan(args.plan)
        state = store.load(plan_id)
        proposals = store.proposals_of(plan_id)
    if args.json:
        rows = []
        for p in proposals:
            since = changed_since(p, state) if p.entity != "plan" else {}
            rows.append(
                {
                    "id": p.id,
                    "reviewer": {
                        "name": p.reviewer.name,
                        "side": p.reviewer.side,
                        "organisation": p.reviewer.organisation,
                        "person_id": p.reviewer.person_id,
                    },
                    "revision": {"number": p.revision_number, "sha256": p.revision_sha256},
                    "entity": p.entity,
                    "entity_id": p.entity_id,
                    "milestone_number": state.milestone_number(p.entity_id)
                    if p.entity == "milestone" and p.entity_id in state.milestones
                    else None,
                    "verdict": p.verdict,
                    "proposed": p.values,
                    "owner_text": p.owner_text or None,
                    "comment": p.comment,
                    "source": p.source,
                    "status": p.status,
                    "outcome": outcome(p, state),
                    "changed_since": {k: list(v) for k, v in since.items()},
                    "reply": p.reply,
                    "decided_by": p.decided_by or None,
                    "imported_at": p.imported_at,
                }
            )
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not proposals:
        print(f"No answers yet for “{state.plan.title}”. `{PROG} export PLAN --review` "
              "writes a review copy to send.")
        return 0
    from .domain.responses import outcome_lines

    for line in outcome_lines(proposals, state):
        print(line)
    for heading, items in _grouped(proposals, state):
        print()
        print(heading)
        for p in items:
            when = p.imported_at[:16].replace("T", " ")
            print(
                f"  [{p.id}] {p.reviewer.name} ({p.reviewer.side}), revision "
                f"{p.revision_number} ({p.revision_sha256[:8]}), imported {when} UTC"
            )
            print(f"      {describe(p, state)}")
            status = outcome(p, state)
            if status == "changed":
                since = changed_since(p, state)
                what = ", ".join(
                    f"{name.replace('_id', '')} now {_plain(state, name, now)}"
                    for name, (_seen, now) in since.items() if name
                ) or "removed since"
                print(f"      open; changed since the review: {what}")
            else:
                print(f"      {status}" + (f": “{p.reply}”" if p.reply else ""))
    return 0


def _plain(state, name: str, value: object) -> str:  # noqa: ANN001
    if value is None:
        return "none"
    if name == "owner_id":
        person = state.people.get(value)
        return person.name if person else "nobody"
    return str(value)


def _grouped(proposals: list, state) -> list[tuple[str, list]]:  # noqa: ANN001
    """Answers by milestone (in the plan's order), then evidence, then the plan."""
    groups: dict[tuple[int, int, str], tuple[str, list]] = {}
    for p in proposals:
        if p.entity == "milestone" and p.entity_id in state.milestones:
            number = state.milestone_number(p.entity_id)
            key = (0, number, p.entity_id)
            heading = f"Milestone #{number} {state.milestones[p.entity_id].title}"
        elif p.entity == "evidence" and p.entity_id in state.evidence:
            key = (1, 0, p.entity_id)
            heading = f"Evidence: {state.evidence[p.entity_id].title}"
        elif p.entity == "plan":
            key = (2, 0, "")
            heading = "The plan"
        else:
            key = (3, 0, p.entity_id)
            heading = f"A {p.entity} removed since"
        groups.setdefault(key, (heading, []))[1].append(p)
    return [groups[key] for key in sorted(groups)]


def _add_identity_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    identity = _add_command(
        commands,
        common,
        "identity",
        lambda args: _fail("identity needs an action: new, show or export-certificate"),
        "make, show or export your signing identity (key and certificate in a PKCS#12 file)",
    )
    actions = identity.add_subparsers(title="actions", metavar="ACTION")
    new = _add_command(
        actions,
        common,
        "new",
        identity_new_command,
        "make a key and a self-signed certificate, saved in a passphrase-protected PKCS#12 file",
    )
    new.add_argument("--name", required=True, help="your name, as it appears on signatures")
    new.add_argument("--org", required=True, help="your organisation")
    new.add_argument("--side", required=True, choices=("seller", "buyer"), help="your side")
    new.add_argument("--email", help="your e-mail address (optional)")
    new.add_argument(
        "--out",
        metavar="FILE.p12",
        help="where to write (default: the identities folder beside your plans database)",
    )
    show = _add_command(
        actions,
        common,
        "show",
        identity_show_command,
        "show whom a PKCS#12 file or a certificate names, its fingerprint and validity",
    )
    show.add_argument(
        "file", metavar="FILE", help="a .p12/.pfx identity or a .pem/.cer certificate"
    )
    export = _add_command(
        actions,
        common,
        "export-certificate",
        identity_export_certificate_command,
        "write the public certificate (PEM) of an identity, to send to the other side",
    )
    export.add_argument("file", metavar="FILE.p12", help="your signing identity")
    export.add_argument("--out", metavar="FILE.pem", required=True, help="where to write")


# -- parsing -----------------------------------------------------------------------


class _VersionAction(argparse.Action):
    """--version, with the versions looked up only when asked (no start-up cost)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:  # noqa: ANN003
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        from .versions import version_line

        print(version_line())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A seller and a buyer co-author one committed course of action. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help="show the version of MutualPlan, Qt, reportlab and pyHanko, and exit",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the plans database (default: $MUTUALPLAN_DB, or plans.sqlite in your data folder)",
    )
    parser.set_defaults(run=run_gui_command, files=[])

    # --db is accepted after the command too; SUPPRESS keeps the value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="as above")

    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_command(
        commands, common, "demo", demo_command, "add a realistic sample plan and print its id"
    )
    plans = _add_command(commands, common, "plans", plans_command, "list the plans")
    plans.add_argument("--json", action="store_true", help="print the list as JSON")
    export = _add_command(
        commands,
        common,
        "export",
        export_command,
        "export a plan as the buyer-ready PDF, ready for both sides to sign",
    )
    export.add_argument("plan", metavar="PLAN", help="a plan id or the start of its title")
    export.add_argument(
        "--out",
        metavar="FILE",
        required=True,
        help="where to write: FILE.pdf, or FILE.csv, FILE.xlsx (a table), FILE.ics (a calendar)",
    )
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size")
    export.add_argument(
        "--review",
        action="store_true",
        help="a review copy: the document with a response form the other side fills in any "
        "PDF reader (no signature fields)",
    )
    responses = _add_command(
        commands,
        common,
        "responses",
        responses_command,
        "the other side's answers from review copies: proposals and comments, by milestone",
    )
    responses.add_argument("plan", metavar="PLAN", help="a plan id or the start of its title")
    responses.add_argument("--json", action="store_true", help="print them as JSON")
    _add_identity_commands(commands, common)
    sign = _add_command(
        commands, common, "sign", sign_command, "sign a plan PDF for your side, with your identity"
    )
    sign.add_argument("file", metavar="FILE.pdf")
    sign.add_argument("--identity", metavar="FILE.p12", required=True)
    sign.add_argument("--out", metavar="SIGNED.pdf", required=True)
    sign.add_argument(
        "--side",
        choices=("seller", "buyer"),
        help="only for an identity from your company that names no side",
    )
    verify = _add_command(
        commands,
        common,
        "verify",
        verify_command,
        "check every signature and the plan data of a plan PDF",
    )
    verify.add_argument("file", metavar="FILE.pdf")
    verify.add_argument("--json", action="store_true", help="the report as JSON")
    certificates = _add_command(
        commands,
        common,
        "certificates",
        certificates_command,
        "the signers' certificates this database remembers: list, accept or forget one",
    )
    certificates.add_argument("action", choices=("list", "accept", "forget"))
    certificates.add_argument("fingerprint", metavar="FINGERPRINT", nargs="?")
    certificates.add_argument("--json", action="store_true", help="list: as JSON")
    imported = _add_command(
        commands,
        common,
        "import",
        import_command,
        "import a plan PDF (create the plan or merge it into yours), or milestones from a "
        "CSV or XLSX spreadsheet",
    )
    imported.add_argument("file", metavar="FILE", help="FILE.pdf, FILE.csv or FILE.xlsx")
    imported.add_argument(
        "--plan", metavar="PLAN", help="spreadsheets: add the milestones to this plan"
    )
    imported.add_argument("--buyer", metavar="ORG", help="spreadsheets: a new plan's buyer")
    imported.add_argument("--seller", metavar="ORG", help="spreadsheets: a new plan's seller")
    imported.add_argument(
        "--reviewer",
        metavar="NAME",
        help="review copies: who answered, when the name on the form fits several people",
    )
    imported.add_argument(
        "--again",
        action="store_true",
        help="review copies: keep a second, different filling of a revision beside the first",
    )
    imported.add_argument(
        "--dates",
        choices=("auto", "day-first", "month-first"),
        default="auto",
        help="spreadsheets: how to read 03/04/2027 (auto: as the file's other dates show, "
        "else day first)",
    )
    return parser


def _add_command(
    commands: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    name: str,
    run: Callable[[argparse.Namespace], int],
    summary: str,
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, parents=[common], help=summary, description=summary)
    command.set_defaults(run=run)
    return command


def _fail(message: str) -> int:
    """Tell the user in one line (messages may wrap for dialogs; here they must not)."""
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors end here
        return int(stop.code or 0)
    try:
        return args.run(args)
    except (StoreError, PlanRuleError) as exc:
        return _fail(str(exc))
    except OSError as exc:  # a file the user named could not be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")


def gui_main() -> int:
    """The desktop launcher's entry: `mutualplan-gui [--db PATH] [FILE]`."""
    parser = argparse.ArgumentParser(prog=f"{PROG}-gui")
    parser.add_argument("--db", metavar="PATH")
    # A file the desktop hands over (Exec=... %f); passed on to the app to open.
    parser.add_argument("files", nargs="*", metavar="FILE")
    args = parser.parse_args()
    try:
        return run_gui_command(args)
    except (StoreError, PlanRuleError) as exc:
        return _fail(str(exc))
