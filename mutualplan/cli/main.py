"""The command line (the contract is in DESIGN.md): parsing, and handing each command to
its module. With no command it opens the app."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .. import i18n
from ..domain.state import PlanRuleError
from ..i18n import N_, _
from ..store.errors import StoreError
from .common import PROG, fail
from .plans import (
    demo_command,
    export_command,
    import_command,
    plans_command,
    responses_command,
    run_gui_command,
)
from .signing import (
    certificates_command,
    identity_export_certificate_command,
    identity_new_command,
    identity_show_command,
    sign_command,
    verify_command,
)


def _add_identity_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    identity = _add_command(
        commands,
        common,
        "identity",
        lambda args: fail(_("identity needs an action: new, show or export-certificate")),
        _("make, show or export your signing identity (key and certificate in a PKCS#12 file)"),
    )
    actions = identity.add_subparsers(title=_("actions"), metavar="ACTION")
    new = _add_command(
        actions,
        common,
        "new",
        identity_new_command,
        _("make a key and a self-signed certificate, saved in a passphrase-protected PKCS#12 file"),
    )
    new.add_argument("--name", required=True, help=_("your name, as it appears on signatures"))
    new.add_argument("--org", required=True, help=_("your organisation"))
    new.add_argument("--side", required=True, choices=("seller", "buyer"), help=_("your side"))
    new.add_argument("--email", help=_("your e-mail address (optional)"))
    new.add_argument(
        "--out",
        metavar="FILE.p12",
        help=_("where to write (default: the identities folder beside your plans database)"),
    )
    show = _add_command(
        actions,
        common,
        "show",
        identity_show_command,
        _("show whom a PKCS#12 file or a certificate names, its fingerprint and validity"),
    )
    show.add_argument(
        "file", metavar="FILE", help=_("a .p12/.pfx identity or a .pem/.cer certificate")
    )
    export = _add_command(
        actions,
        common,
        "export-certificate",
        identity_export_certificate_command,
        _("write the public certificate (PEM) of an identity, to send to the other side"),
    )
    export.add_argument("file", metavar="FILE.p12", help=_("your signing identity"))
    export.add_argument("--out", metavar="FILE.pem", required=True, help=_("where to write"))


# -- parsing -----------------------------------------------------------------------


class _VersionAction(argparse.Action):
    """--version, with the versions looked up only when asked (no start-up cost)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:  # noqa: ANN003
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        from ..versions import version_line

        print(version_line())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_(
            "A seller and a buyer co-author one committed course of action. "
            "With no command, opens the desktop app."
        ),
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help=_("show the version of MutualPlan, Qt, reportlab and pyHanko, and exit"),
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_("the plans database (default: $MUTUALPLAN_DB, or plans.sqlite in your data folder)"),
    )
    parser.set_defaults(run=run_gui_command, files=[])

    # --db is accepted after the command too; SUPPRESS keeps the value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("as above"))

    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")
    demo = _add_command(
        commands, common, "demo", demo_command, _("add a realistic sample plan and print its id")
    )
    demo.add_argument(
        "--language", choices=("en", "de"), default="en", help=_("the language it is written in")
    )
    plans = _add_command(commands, common, "plans", plans_command, _("list the plans"))
    plans.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    export = _add_command(
        commands,
        common,
        "export",
        export_command,
        _("export a plan as the buyer-ready PDF, ready for both sides to sign"),
    )
    export.add_argument("plan", metavar="PLAN", help=_("a plan id or the start of its title"))
    export.add_argument(
        "--out",
        metavar="FILE",
        required=True,
        help=_("where to write: FILE.pdf, or FILE.csv, FILE.xlsx (a table), FILE.ics (a calendar)"),
    )
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help=_("paper size"))
    export.add_argument(
        "--review",
        action="store_true",
        help=_(
            "a review copy: the document with a response form the other side fills in any "
            "PDF reader (no signature fields)"
        ),
    )
    export.add_argument(
        "--language",
        choices=("en", "de"),
        help=_(
            "the PDF's language (default: the one this plan was last exported in, else the "
            "buyer's, else the app's)"
        ),
    )
    responses = _add_command(
        commands,
        common,
        "responses",
        responses_command,
        _("the other side's answers from review copies: proposals and comments, by milestone"),
    )
    responses.add_argument("plan", metavar="PLAN", help=_("a plan id or the start of its title"))
    responses.add_argument("--json", action="store_true", help=_("print them as JSON"))
    _add_identity_commands(commands, common)
    sign = _add_command(
        commands,
        common,
        "sign",
        sign_command,
        _("sign a plan PDF for your side, with your identity"),
    )
    sign.add_argument("file", metavar="FILE.pdf")
    sign.add_argument("--identity", metavar="FILE.p12", required=True)
    sign.add_argument("--out", metavar="SIGNED.pdf", required=True)
    sign.add_argument(
        "--side",
        choices=("seller", "buyer"),
        help=_("only for an identity from your company that names no side"),
    )
    verify = _add_command(
        commands,
        common,
        "verify",
        verify_command,
        _("check every signature and the plan data of a plan PDF"),
    )
    verify.add_argument("file", metavar="FILE.pdf")
    verify.add_argument("--json", action="store_true", help=_("the report as JSON"))
    certificates = _add_command(
        commands,
        common,
        "certificates",
        certificates_command,
        _("the signers' certificates this database remembers: list, accept or forget one"),
    )
    certificates.add_argument("action", choices=("list", "accept", "forget"))
    certificates.add_argument("fingerprint", metavar="FINGERPRINT", nargs="?")
    certificates.add_argument("--json", action="store_true", help=_("list: as JSON"))
    imported = _add_command(
        commands,
        common,
        "import",
        import_command,
        _(
            "import a plan PDF (create the plan or merge it into yours), or milestones from a "
            "CSV or XLSX spreadsheet"
        ),
    )
    imported.add_argument("file", metavar="FILE", help=_("FILE.pdf, FILE.csv or FILE.xlsx"))
    imported.add_argument(
        "--plan", metavar="PLAN", help=_("spreadsheets: add the milestones to this plan")
    )
    imported.add_argument("--buyer", metavar="ORG", help=_("spreadsheets: a new plan's buyer"))
    imported.add_argument("--seller", metavar="ORG", help=_("spreadsheets: a new plan's seller"))
    imported.add_argument(
        "--reviewer",
        metavar="NAME",
        help=_("review copies: who answered, when the name on the form fits several people"),
    )
    imported.add_argument(
        "--again",
        action="store_true",
        help=_("review copies: keep a second, different filling of a revision beside the first"),
    )
    imported.add_argument(
        "--dates",
        choices=("auto", "day-first", "month-first"),
        default="auto",
        help=_(
            "spreadsheets: how to read 03/04/2027 (auto: as the file's other dates show, "
            "else day first)"
        ),
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



# argparse's own words, which it looks up through its module's `_`: ours answer, so the
# help and usage errors read in one language.
_ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(i18n.system_language())  # the words follow the system's language
    argparse._ = i18n.gettext  # type: ignore[attr-defined]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors end here
        return int(stop.code or 0)
    try:
        return args.run(args)
    except (StoreError, PlanRuleError) as exc:
        return fail(str(exc))
    except OSError as exc:  # a file the user named could not be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        return fail(f"{where}{exc.strerror or exc}")


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
        return fail(str(exc))
