"""Schedule back from the target, working calendars, and the offer to move what
depends on a milestone, driven through the real window.

The window's plan comes from the enterprise-purchase template, target Wed 30 Sep 2026:
#1 Discovery (5) → #2 Success criteria (5) → #3 Proof of concept (15) → #4 Business case
(10) and #5 Security review (15); #4 → #6 Legal review (10); #4, #5 → #7 Procurement (10);
#6, #7 → #8 Contract signed (3) → #9 Kickoff (2) → #10 Go-live (15). The longest chain,
through the security review, holds 5+5+15+15+10+3+2+15 = 70 working days.
"""

from __future__ import annotations

import datetime as dt

from gui_helpers import db_row, editor, press_enter
from PySide6.QtCore import QLocale, Qt

from mutualplan.domain.model import Side
from mutualplan.ui.editor.milestone_model import column_of
from mutualplan.ui.workshop.schedule_dialog import ScheduleModel
from mutualplan.ui.workshop.scheduling import (
    ScheduleDialog,
    dependents_offer,
    edit_calendars,
    schedule_back,
)

D = dt.date


def _ids(window) -> list[str]:
    return [m.id for m in window.session.state.milestone_order()]


def _dates(store, milestone_id: str) -> tuple[str, str]:
    row = db_row(store, "milestones", milestone_id)
    return row["start"], row["due"]


def _open(window, qtbot, today: dt.date) -> ScheduleDialog:
    window.session.today = today
    dialog = schedule_back(window.opened())
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_the_proposal_is_applied_as_one_edit_and_one_undo_restores_it(qtbot, window, store):
    ids = _ids(window)
    before = {mid: _dates(store, mid) for mid in ids}
    dialog = _open(window, qtbot, D(2026, 3, 2))
    # Go-live is due on the target, Wed 30 Sep, and starts 15 working days earlier,
    # Wed 9 Sep; Kickoff (2 days) is due that day and starts Mon 7 Sep.
    model = dialog.model
    go_live = model.row_of(ids[9])
    assert model.index(go_live, ScheduleModel.NEW_START).data() == "09 Sep 2026"
    assert model.index(go_live, ScheduleModel.NEW_DUE).data() == "30 Sep 2026"
    kickoff = model.row_of(ids[8])
    assert model.index(kickoff, ScheduleModel.NEW_START).data() == "07 Sep 2026"
    # After Mon 2 Mar up to Wed 30 Sep there are 152 working days (March 21, April 22,
    # May 21, June 22, July 23, August 21, September 22); the longest chain needs 70,
    # so 82 to spare.
    assert "82 working days to spare" in dialog.banner.text()
    assert "#1 → #2 → #3 → #5 → #7 → #8 → #9 → #10" in dialog.banner.text()
    assert model.index(model.row_of(ids[4]), ScheduleModel.CRITICAL).data() == "Critical"
    assert model.index(model.row_of(ids[3]), ScheduleModel.CRITICAL).data() == ""
    # The business case (#4, 10 days) has 5 working days more than the security
    # review (#5, 15 days) beside it.
    assert model.index(model.row_of(ids[3]), ScheduleModel.SLACK).data() == "+87"

    assert dialog.apply()
    assert _dates(store, ids[9]) == ("2026-09-09", "2026-09-30")
    assert _dates(store, ids[8]) == ("2026-09-07", "2026-09-09")
    changed = [mid for mid in ids if _dates(store, mid) != before[mid]]
    assert len(changed) > 1
    assert window.action("undo").text() == "&Undo Schedule back from target"
    window.action("undo").trigger()
    assert {mid: _dates(store, mid) for mid in ids} == before
    assert not dependents_offer(window).notice.isVisible()


def test_an_impossible_target_is_said_plainly(qtbot, window):
    # From Thu 2 Jul 2026, the working days after today up to Wed 30 Sep are 64
    # (July 21 after the 2nd, August 21, September 22); the chain needs 70: 6 short.
    dialog = _open(window, qtbot, D(2026, 7, 2))
    assert dialog.schedule is not None and not dialog.schedule.feasible
    assert dialog.schedule.shortfall_days == 6
    assert dialog.banner.text().startswith(
        "The plan misses the target by 6 working days: the critical path is "
        "#1 → #2 → #3 → #5 → #7 → #8 → #9 → #10."
    )
    model = dialog.model
    go_live = model.row_of(_ids(window)[9])
    assert model.index(go_live, ScheduleModel.SLACK).data() == "−6"
    assert model.index(go_live, ScheduleModel.SLACK).data(Qt.ItemDataRole.ForegroundRole)
    # Nothing proposed before today: Go-live lands 6 working days after the target.
    assert model.index(go_live, ScheduleModel.NEW_DUE).data() == "08 Oct 2026"
    dialog.reject()


def test_a_plan_without_a_target_says_so(qtbot, window):
    from mutualplan.domain import edits

    state = window.session.state
    window.session.apply(edits.set_field(state, "plan", state.id, "target_date", None))
    dialog = _open(window, qtbot, D(2026, 3, 2))
    assert "no target date" in dialog.banner.text()
    assert not dialog.apply_button.isEnabled()
    assert dialog.model.rowCount() == 0
    dialog.reject()


def test_moving_a_milestone_later_offers_to_move_its_dependents(qtbot, window, store):
    ids = _ids(window)
    offer = dependents_offer(window)
    assert not offer.notice.isVisible()
    # The security review (#5) is due Wed 29 Jul; move it to Wed 26 Aug in the table.
    tree = window.plan_view.tree
    index = window.plan_view.milestones.index(4, column_of("due"))
    tree.setCurrentIndex(index)
    tree.edit(index)
    picker = editor()
    picker.setText("2026-08-26")
    press_enter(qtbot, picker)
    assert _dates(store, ids[4])[1] == "2026-08-26"

    # Procurement (10 days) must start Wed 26 Aug, so ends Wed 9 Sep; Contract signed
    # (3) then runs Wed 9 → Mon 14 Sep; Kickoff (2) Mon 14 → Wed 16; Go-live (15)
    # Wed 16 Sep → Wed 7 Oct.
    assert offer.notice.isVisible()
    assert "Also move the 4 milestones that depend on it (#7, #8, #9, #10)?" in offer.text.text()
    before = {mid: _dates(store, mid) for mid in ids}
    qtbot.mouseClick(offer.move_button, Qt.MouseButton.LeftButton)
    assert not offer.notice.isVisible()
    assert _dates(store, ids[6]) == ("2026-08-26", "2026-09-09")
    assert _dates(store, ids[7]) == ("2026-09-09", "2026-09-14")
    assert _dates(store, ids[8]) == ("2026-09-14", "2026-09-16")
    assert _dates(store, ids[9]) == ("2026-09-16", "2026-10-07")

    # One undo puts the four back and leaves the review where the user put it; undo
    # and redo never bring the offer back.
    window.action("undo").trigger()
    assert {mid: _dates(store, mid) for mid in ids} == before
    assert not offer.notice.isVisible()
    window.action("redo").trigger()
    assert _dates(store, ids[9]) == ("2026-09-16", "2026-10-07")
    assert not offer.notice.isVisible()
    window.action("undo").trigger()
    window.action("undo").trigger()
    assert _dates(store, ids[4])[1] == "2026-07-29"
    window.action("redo").trigger()  # the review moves later again, by redo
    assert not offer.notice.isVisible()


def test_moving_earlier_or_with_room_to_spare_offers_nothing(qtbot, window):
    from mutualplan.domain import edits

    state = window.session.state
    ids = _ids(window)
    offer = dependents_offer(window)
    # Business case (#4) is due Wed 22 Jul; one day earlier leaves what follows it
    # nothing to do.
    window.session.apply(edits.set_field(state, "milestone", ids[3], "due", D(2026, 7, 21)))
    assert not offer.notice.isVisible()
    # Go-live has nothing after it.
    window.session.apply(edits.set_field(state, "milestone", ids[9], "due", D(2026, 10, 14)))
    assert not offer.notice.isVisible()


def test_leave_them_hides_the_offer(qtbot, window):
    from mutualplan.domain import edits

    state = window.session.state
    ids = _ids(window)
    offer = dependents_offer(window)
    # Contract signed (#8) due Wed 2 Sep → Thu 10 Sep: Kickoff (starts Mon 7 Sep) has
    # to follow, and Go-live (starts Wed 9 Sep) after it.
    window.session.apply(edits.set_field(state, "milestone", ids[7], "due", D(2026, 9, 10)))
    assert offer.notice.isVisible()
    assert offer.text.text() == (
        "#8 “Contract signed” is now due 10 Sep 2026. "
        "Also move the 2 milestones that depend on it (#9, #10)?"
    )
    qtbot.mouseClick(offer.dismiss_button, Qt.MouseButton.LeftButton)
    assert not offer.notice.isVisible()
    # Another edit does not bring back an offer the user declined.
    window.session.apply(edits.set_field(state, "milestone", ids[0], "title", "Discovery"))
    assert not offer.notice.isVisible()


def test_a_holiday_saved_in_the_calendars_is_avoided_by_the_next_schedule(qtbot, window, store):
    window.session.today = D(2026, 3, 2)
    dialog = edit_calendars(window.opened())
    assert dialog is not None
    qtbot.waitExposed(dialog)
    seller = dialog.editor(Side.SELLER)
    seller.day.setText("30 Smarch")  # unreadable: said, and nothing added
    qtbot.mouseClick(seller.add_button, Qt.MouseButton.LeftButton)
    assert seller.model.rowCount() == 0
    assert seller.status.text().startswith("Holiday date: ")
    seller.day.clear()
    qtbot.keyClicks(seller.day, "30 Sep 2026")  # typed as a table's date cell reads it
    seller.name.setText("Company day off")
    qtbot.mouseClick(seller.add_button, Qt.MouseButton.LeftButton)
    assert seller.model.rowCount() == 1
    assert dialog.save()
    saved = store.setting("calendars")
    assert saved["seller"]["holidays"] == {"2026-09-30": "Company day off"}

    # Go-live is joint: the seller's day off is not a joint working day, so it is due
    # Tue 29 Sep and starts 15 working days earlier, Tue 8 Sep.
    schedule = _open(window, qtbot, D(2026, 3, 2))
    go_live = schedule.model.row_of(_ids(window)[9])
    assert schedule.model.index(go_live, ScheduleModel.NEW_DUE).data() == "29 Sep 2026"
    assert schedule.model.index(go_live, ScheduleModel.NEW_START).data() == "08 Sep 2026"
    schedule.reject()


def test_public_holidays_of_a_country_and_the_weekend(qtbot, window, store):
    window.session.today = D(2026, 3, 2)
    dialog = edit_calendars(window.opened())
    buyer = dialog.editor(Side.BUYER)
    buyer.country.setCurrentIndex(buyer.country.findData("DE"))
    assert buyer.region.isEnabled()
    buyer.region.setCurrentIndex(buyer.region.findData("BY"))
    assert buyer.add_public_holidays() > 0
    days = set(buyer.model.holidays)
    assert D(2026, 10, 3) in days  # Day of German Unity
    assert D(2026, 1, 6) in days  # Epiphany, kept in Bavaria
    buyer.weekend[4].setChecked(True)  # Fridays off too
    assert dialog.save()
    saved = store.setting("calendars")["buyer"]
    assert saved["country"] == "DE" and saved["subdivision"] == "BY"
    assert saved["weekend"] == [4, 5, 6]

    again = edit_calendars(window.opened())
    assert again.editor(Side.BUYER).country.currentData() == "DE"
    assert again.editor(Side.BUYER).weekend[4].isChecked()
    again.reject()


def test_public_holiday_names_are_in_the_users_language_else_english(qtbot, window):
    window.session.today = D(2026, 3, 2)
    unity = D(2026, 10, 3)
    names = {}
    try:
        for locale in ("de_AT", "ja_JP", "C"):
            QLocale.setDefault(QLocale(locale))
            dialog = edit_calendars(window.opened())
            buyer = dialog.editor(Side.BUYER)
            buyer.country.setCurrentIndex(buyer.country.findData("DE"))
            buyer.add_public_holidays()
            names[locale] = buyer.model.holidays[unity]
            dialog.reject()
    finally:
        QLocale.setDefault(QLocale.system())
    assert names == {
        "de_AT": "Tag der Deutschen Einheit",
        "ja_JP": "German Unity Day",  # Germany's list has no Japanese
        "C": "German Unity Day",
    }


def test_a_week_with_no_common_working_day_is_refused(qtbot, window, store):
    dialog = edit_calendars(window.opened())
    for number in range(4):
        dialog.editor(Side.SELLER).weekend[number].setChecked(True)  # works Fri only
    dialog.editor(Side.BUYER).weekend[4].setChecked(True)  # not Fri
    assert not dialog.save()
    assert "no working weekday in common" in dialog.error.text()
    assert store.setting("calendars") is None
    dialog.reject()


def test_the_models_obey_the_qt_model_contract(qtbot, qtmodeltester, window):
    dialog = _open(window, qtbot, D(2026, 3, 2))
    qtmodeltester.check(dialog.model, force_py=True)
    calendars = edit_calendars(window.opened())
    editor_ = calendars.editor(Side.SELLER)
    editor_.model.add({D(2026, 12, 24): "Christmas Eve", D(2026, 12, 31): ""})
    qtmodeltester.check(editor_.model, force_py=True)
