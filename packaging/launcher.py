"""The frozen app's entry point (PyInstaller runs this as a script, not as a module).

One executable serves both the command line and the desktop: started as `mutualplan-gui`
(a link the bundle ships beside it, named by the .desktop file) it takes the GUI's
arguments `[--db PATH] [FILE]`, so a plan PDF opened from a file manager lands in the app.
"""

import sys
from pathlib import Path

from mutualplan.cli import gui_main, main

if __name__ == "__main__":
    launched_as = Path(sys.argv[0]).name.lower()
    raise SystemExit(gui_main() if launched_as.startswith("mutualplan-gui") else main())
