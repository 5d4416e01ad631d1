"""The window starts light: opening a plan, and scheduling in it, loads no PDF, signing,
spreadsheet, calendar or holiday library; each loads when its feature is first used."""

from __future__ import annotations

import os
import subprocess
import sys

from mutualplan.domain.model import Author
from mutualplan.store import Store
from mutualplan.store.sample import add_sample_plan

# Top-level packages, and PySide6.QtPdf (the review preview's), that must stay unloaded.
LAZY = (
    "reportlab",
    "pyhanko",
    "PySide6.QtPdf",
    "openpyxl",
    "et_xmlfile",
    "icalendar",
    "holidays",
)


def test_the_window_opens_a_plan_and_schedules_without_the_heavy_libraries(tmp_path):
    # The sample plan looks its buyer's public holidays up once, when it is made (here,
    # not in the window's process); after that the calendars keep the days themselves.
    with Store(tmp_path / "start.sqlite") as made:
        plan_id = add_sample_plan(made).id
    code = f"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import mutualplan.cli
from mutualplan.domain.model import Author
from mutualplan.store import Store
from mutualplan.ui.main_window import MainWindow
from mutualplan.ui.workshop.scheduling import schedule_back
store = Store({str(tmp_path / "start.sqlite")!r})
window = MainWindow(store, Author('Alex Morgan', 'seller'))
window.show()
window.open_plan({plan_id!r})
schedule_back(window.opened()).apply()
app.processEvents()
lazy = {LAZY!r}
print(sorted(m for m in sys.modules if m in lazy or m.split('.')[0] in lazy) or 'none')
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "none"


def test_the_app_starts_without_scheduling_svg_or_reading_source(tmp_path):
    """The app's own start (the command line's modules, then `ui.app.start`, as
    `mutualplan` runs them): scheduling and the working calendars load on the first
    edit, review answers when answers are first read, the change log when its tab is
    first shown, Babel's calendar data when a dialog first words a date (an English
    window needs none to open a plan), Qt's SVG module never (the icons are PNGs), and
    PySide6 reads no module's source at import (it would, looking for its
    `__feature__` switches)."""
    with Store(tmp_path / "start.sqlite") as made:
        made.set_local_user(Author("Alex Morgan", "seller"))
        plan_id = add_sample_plan(made).id
    code = f"""
import inspect, sys
from pathlib import Path
read = []
getsource = inspect.getsource
def reading(module):  # a module with source to read (built-in ones fail at once)
    if str(getattr(module, '__file__', '')).endswith('.py'):
        read.append(module.__name__)
    return getsource(module)
inspect.getsource = reading
import mutualplan.cli
from mutualplan.ui.app import start
from PySide6.QtWidgets import QApplication
app = QApplication([])
window = start(app, Path({str(tmp_path / "start.sqlite")!r}), [], {plan_id!r})
app.processEvents()
assert window.plan_view is not None and not window.action('add_milestone').icon().isNull()
late = ('mutualplan.domain.scheduling', 'mutualplan.domain.calendars', 'babel',
        'mutualplan.domain.responses', 'mutualplan.ui.editor.history')
print(sorted(m for m in late if m in sys.modules) or 'none')
print(sorted(m for m in read if m.partition('.')[0] == 'mutualplan') or 'none')
maps = open('/proc/self/maps').read() if sys.platform == 'linux' else ''
print('svg' if 'libQt6Svg' in maps else 'no svg')
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-3:] == ["none", "none", "no svg"]
