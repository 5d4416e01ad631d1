"""The catalogue, the two languages at once, and dates as each language writes them."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from mutualplan import i18n
from mutualplan.domain.model import EvidenceKind, EvidenceState, MilestoneStatus, PlanStatus, label

PACKAGE = Path(i18n.__file__).parent
CATALOGUES = sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/mutualplan.po"))
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _ids(catalogue) -> set[str]:  # noqa: ANN001
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def _po(path: Path):  # noqa: ANN202
    with path.open("rb") as file:
        return read_po(file)


def test_there_is_a_german_catalogue_compiled_beside_it() -> None:
    assert [p.parts[-3] for p in CATALOGUES] == ["de"]
    for po in CATALOGUES:
        assert po.with_suffix(".mo").is_file(), "run make catalogues"


def _mo(path: Path):  # noqa: ANN202
    with path.open("rb") as file:
        return read_mo(file)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(po: Path) -> None:
    catalogue = _po(po)
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated in {po}"
    assert not fuzzy, f"fuzzy (check, then remove the flag) in {po}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_the_compiled_catalogue_is_the_translated_one(po: Path) -> None:
    def entries(catalogue) -> dict:  # noqa: ANN001
        return {
            tuple(m.id) if isinstance(m.id, list | tuple) else m.id: (
                tuple(m.string) if isinstance(m.string, list | tuple) else m.string
            )
            for m in catalogue
            if m.id
        }

    source = entries(_po(po))
    compiled = entries(_mo(po.with_suffix(".mo")))
    assert compiled == source, "run make catalogues"


def test_every_wrapped_string_in_the_code_is_in_the_catalogue() -> None:
    """The catalogue is extracted from the code as it is now (make messages)."""
    in_code = set()
    for _path, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        in_code.add(message if isinstance(message, str) else message[0])
    for po in CATALOGUES:
        catalogue = _ids(_po(po))
        assert not in_code - catalogue, f"missing from {po}: run make messages"
        assert not catalogue - in_code, f"no longer in the code, still in {po}"


def test_the_plans_fixed_choices_all_have_words() -> None:
    from mutualplan.pdf.text import CHOICE_LABELS

    values = [*PlanStatus, *MilestoneStatus, *EvidenceKind, *EvidenceState]
    assert {label(v) for v in values} == set(CHOICE_LABELS)


def test_a_document_language_leaves_the_apps_language_alone() -> None:
    i18n.set_language("en")
    with i18n.use_language("de"):
        assert i18n._("Milestone") == "Meilenstein"
        assert i18n.ngettext("{n} day", "{n} days", 3).format(n=3) == "3 Tage"
        seen = []
        # Another thread (the export worker) is not inside this block.
        worker = threading.Thread(target=lambda: seen.append(i18n._("Milestone")))
        worker.start()
        worker.join()
        assert seen == ["Milestone"]
    assert i18n.language() == "en"
    assert i18n._("Milestone") == "Milestone"


def test_languages_are_read_from_locale_names_and_unknown_ones_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert i18n.check_language("de_DE.UTF-8") == "de"
    assert i18n.check_language("en-GB") == "en"
    with pytest.raises(ValueError, match="en, de"):
        i18n.check_language("fr")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert i18n.system_language() == "de"
    monkeypatch.setenv("LANGUAGE", "fr:en")
    assert i18n.system_language() == "en"


def test_dates_in_a_document_as_each_language_writes_them() -> None:
    day = dt.date(2027, 3, 26)
    assert i18n.format_day(day, "de") == "26. März 2027"
    assert i18n.format_day(day, "en") == "26 Mar 2027"
    assert i18n.format_month(day, True, "de") == "März 2027"
    assert i18n.format_month(dt.date(2027, 10, 1), False, "de") == "Okt."
    with i18n.use_language("de"):
        assert i18n.format_day(day) == "26. März 2027"


def test_dates_on_screen_follow_the_region() -> None:
    day = dt.date(2027, 3, 26)
    assert i18n.format_date_for_locale(day, "en_US") == "Mar 26, 2027"
    assert i18n.format_date_for_locale(day, "en_GB") == "26 Mar 2027"
    assert i18n.format_date_for_locale(day, "de_DE", "long") == "26. März 2027"
    assert i18n.month_first("en_US")
    assert not i18n.month_first("en_GB")
    assert not i18n.month_first("de_DE.UTF-8")


def test_a_buyers_language_comes_from_the_first_country_that_tells() -> None:
    assert i18n.buyer_language(["", "DE"]) == "de"
    assert i18n.buyer_language(["AT"]) == "de"
    assert i18n.buyer_language(["GB", "DE"]) == "en"
    assert i18n.buyer_language(["FR", ""]) is None


def test_every_fields_label_has_words() -> None:
    from mutualplan.domain import model
    from mutualplan.pdf.text import FIELD_LABELS

    kinds = (model.Plan, model.Person, model.Milestone, model.Action, model.Evidence)
    labels = {spec.label for kind in kinds for spec in kind.FIELDS.values()}
    assert labels == set(FIELD_LABELS)
