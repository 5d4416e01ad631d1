"""The command line (the contract is in DESIGN.md): `mutualplan` and `mutualplan-gui`.

main.py parses and hands over; plans.py, signing.py and spreadsheet.py run the commands;
common.py is what they share. Heavy modules are imported inside the command that needs them.
"""

from .main import build_parser, gui_main, main

__all__ = ["build_parser", "gui_main", "main"]
