"""The plan commands: the app, demo, plans, export, import and responses.

Heavy or optional modules (the GUI, PDF, signing) are imported inside the command
that needs them, so `mutualplan plans` starts fast and works without a display.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from pathlib import Path

from ..domain.changes import attributed
from ..domain.health import assess
from ..domain.names import folded
from ..i18n import _, ngettext
from ..store.repository import Store
from .common import PROG, database_path, fail, read_pdf, revision_author, side_name


def run_gui_command(args: argparse.Namespace) -> int:
    # While the app runs, it collects Python's garbage on its GUI thread only (see
    # ui/common/collector.py). Switched off from here, importing Qt and building the
    # window run none of the ~20 collections they would start (~4 ms of the start).
    gc.disable()
    try:
        try:
            from ..ui.app import run_gui
        except ImportError as exc:
            if (exc.name or "").startswith(PROG):
                raise  # a module of our own missing is a bug, not the user's machine
            # Typically a system library Qt needs (libEGL, libxkbcommon) is not installed.
            return fail(_("the desktop app cannot start here: {exc}").format(exc=exc))
        return run_gui(database_path(args), [sys.argv[0], *args.files])
    finally:
        gc.enable()


def demo_command(args: argparse.Namespace) -> int:
    from ..store.sample import add_sample_plan

    path = database_path(args)
    with Store(path) as store:
        state = add_sample_plan(store, language=args.language)
        health = assess(state, dt.date.today())
    plan = state.plan
    print(
        _("Added the sample plan “{title}”: {buyer_org} with {seller_org}.").format(
            title=plan.title, buyer_org=plan.buyer_org, seller_org=plan.seller_org
        )
    )
    print(
        _("{count} milestones, {count2} people, {count3} evidence items; {summary}.").format(
            count=len(state.milestones),
            count2=len(state.people),
            count3=len(state.evidence),
            summary=health.summary(_),
        )
    )
    print(_("Saved in {path}").format(path=path))
    print(plan.id)  # last, so scripts can take it with `tail -n 1`
    return 0


def plans_command(args: argparse.Namespace) -> int:
    with Store(database_path(args)) as store:
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
        print(_("No plans yet. `{prog} demo` adds a sample plan.").format(prog=PROG))
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



def export_command(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if args.review and out.suffix.lower() != ".pdf":
        return fail(
            _("a review copy is a PDF: give a file name ending in .pdf, not “{name}”").format(
                name=out.name
            )
        )
    if out.suffix.lower() in (".csv", ".xlsx", ".ics"):
        from .spreadsheet import export_table_or_calendar

        return export_table_or_calendar(args, out)
    if out.suffix.lower() != ".pdf":
        return fail(
            _(
                "cannot export to “{name}”: give a file name ending in .pdf, .csv, .xlsx or .ics"
            ).format(name=out.name)
        )
    from ..pdf.export import ExportError, export_pdf

    with Store(database_path(args)) as store:
        plan_id = store.find_plan(args.plan)
        try:
            job = export_pdf(
                store, plan_id, out, revision_author(store, plan_id), args.paper,
                review=args.review, language=args.language,
            )
        except ExportError as exc:
            return fail(str(exc))
    revision = job.revision
    if args.review:
        print(
            _(
                "Exported a review copy of “{title}”, revision {number} (SHA-256 "
                "{sha256}…), to {out}: a response form for comments, not signing"
            ).format(
                title=job.state.plan.title,
                number=revision.number,
                sha256=revision.sha256[:16],
                out=out,
            )
        )
        return 0
    print(
        _("Exported “{title}”, revision {number} (SHA-256 {sha256}…), to {out}").format(
            title=job.state.plan.title, number=revision.number, sha256=revision.sha256[:16], out=out
        )
    )
    return 0



def import_command(args: argparse.Namespace) -> int:
    from .spreadsheet import IMPORT_SUFFIXES, import_spreadsheet

    path = Path(args.file).expanduser()
    if path.suffix.lower() in IMPORT_SUFFIXES:
        return import_spreadsheet(args, path)
    from ..exchange.importer import ImportRefusedError
    from ..signing.pdf import NotAPlanPdfError
    from ..workflows.importing import import_pdf

    if path.suffix.lower() != ".pdf":
        return fail(
            _("cannot import “{name}”: give a plan PDF, or a CSV or XLSX spreadsheet").format(
                name=path.name
            )
        )
    if args.plan or args.buyer or args.seller:
        return fail(
            _("--plan, --buyer and --seller are for spreadsheets: a plan PDF names its plan")
        )
    try:
        pdf = read_pdf(args.file)
        from ..exchange.review_import import is_review_copy

        if is_review_copy(pdf):
            return _import_review_copy(args, pdf, path)
        if args.reviewer or args.again:
            return fail(_("--reviewer and --again are for review copies; this is a plan PDF"))
        with Store(database_path(args)) as store:
            summary = import_pdf(store, pdf)
    except NotAPlanPdfError as exc:
        return fail(f"{args.file}: {exc}")
    except ImportRefusedError as exc:
        return fail(str(exc))
    done = (
        ngettext(
            "Created “{title}” from {name}: {n} change taken.",
            "Created “{title}” from {name}: {n} changes taken.",
            summary.taken,
        )
        if summary.created
        else ngettext(
            "Merged “{title}” from {name}: {n} change taken.",
            "Merged “{title}” from {name}: {n} changes taken.",
            summary.taken,
        )
    )
    print(done.format(title=summary.title, name=path.name, n=summary.taken))
    for (author, entered_by), count in summary.by_author.most_common():
        print(f"  {count} {attributed(author, entered_by, _)}")
    # Signatures are recorded only with a revision, so the label is there when they are.
    label = summary.revision.label if summary.revision is not None else ""
    for side in summary.signatures:
        print(
            (
                _("  the seller's signature recorded for revision {label}")
                if side == "seller"
                else _("  the buyer's signature recorded for revision {label}")
            ).format(label=label)
        )
    for side in summary.in_person:
        print(
            (
                _(
                    "  the seller's acknowledgement in person (not a digital signature) "
                    "recorded for revision {label}"
                )
                if side == "seller"
                else _(
                    "  the buyer's acknowledgement in person (not a digital signature) "
                    "recorded for revision {label}"
                )
            ).format(label=label)
        )
    for reason in summary.not_recorded:
        print(_("  not recorded: {reason}").format(reason=reason))
    for loop in summary.cycles:
        print(
            _("The merge formed a dependency cycle: ")
            + " → ".join(f"“{title}”" for title in [*loop, loop[0]])
            + _("; change one of these dependencies to break it.")
        )
    for ours, theirs in summary.duplicates:
        print(
            _(
                "Possible duplicate: “{ours}” (here) and “{theirs}” (theirs) were added apart."
            ).format(ours=ours, theirs=theirs)
        )
    if summary.rivals:
        others = ", ".join(f"“{title}”" for title in summary.rivals)
        print(
            _(
                "This plan and {others} are both active for the same buyer (one "
                "side took one up while the other started the other); open "
                "MutualPlan to settle which stays."
            ).format(others=others)
        )
    if summary.conflicts:
        print(
            _(
                "{count} conflicts are waiting to be settled (the same thing "
                "changed on both sides); open the plan in MutualPlan to settle "
                "them."
            ).format(count=len(summary.conflicts))
        )
    return 1 if summary.pending else 0


def _import_review_copy(args: argparse.Namespace, pdf: bytes, path: Path) -> int:
    from ..exchange.review_import import ReviewImportError
    from ..workflows.reviewing import import_review

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
        with Store(database_path(args)) as store:
            summary = import_review(
                store, pdf, choose if args.reviewer else None, again=args.again
            )
    except ReviewImportError as exc:
        return fail(f"{path.name}: {exc}")
    who = summary.reviewer
    matched = "" if who.person_id else _(" (not a person of the plan)")
    print(
        _(
            "Read the review copy of “{title}”, revision {revision_number}, "
            "answered by {name}{matched}, {side}, {organisation}."
        ).format(
            title=summary.title,
            revision_number=summary.revision_number,
            name=who.name,
            matched=matched,
            side=side_name(who.side),
            organisation=who.organisation,
        )
    )
    if summary.added:
        print(
            ngettext(
                "{n} answer kept as a proposal; the plan itself is unchanged.",
                "{n} answers kept as proposals; the plan itself is unchanged.",
                summary.added,
            ).format(n=summary.added)
        )
    if summary.already:
        print(
            ngettext(
                "{n} answer was imported before; not added again.",
                "{n} answers were imported before; not added again.",
                summary.already,
            ).format(n=summary.already)
        )
    if not summary.proposals:
        print(_("The form was not filled in: there was nothing to import."))
    print(
        _("`{prog} responses {plan_id}` lists them.").format(prog=PROG, plan_id=summary.plan_id[:8])
    )
    return 0


def responses_command(args: argparse.Namespace) -> int:
    from ..domain.responses import changed_since, describe, outcome

    with Store(database_path(args)) as store:
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
        print(
            _(
                "No answers yet for “{title}”. `{prog} export PLAN --review` "
                "writes a review copy to send."
            ).format(title=state.plan.title, prog=PROG)
        )
        return 0
    from ..domain.responses import outcome_lines

    for line in outcome_lines(proposals, state, _, ngettext):
        print(line)
    for heading, items in _grouped(proposals, state):
        print()
        print(heading)
        for p in items:
            when = p.imported_at[:16].replace("T", " ")
            print(
                _(
                    "  [{id}] {name} ({side}), revision {revision_number} "
                    "({revision_sha256}), imported {when} UTC"
                ).format(
                    id=p.id,
                    name=p.reviewer.name,
                    side=side_name(p.reviewer.side),
                    revision_number=p.revision_number,
                    revision_sha256=p.revision_sha256[:8],
                    when=when,
                )
            )
            print(f"      {describe(p, state, _)}")
            status = outcome(p, state)
            if status == "changed":
                since = changed_since(p, state)
                what = (
                    ", ".join(
                        f"{name.replace('_id', '')} now {_plain(state, name, now)}"
                        for name, (_seen, now) in since.items()
                        if name
                    )
                    or "removed since"
                )
                print(_("      open; changed since the review: {what}").format(what=what))
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
