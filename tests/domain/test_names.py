"""One way to compare names: every place that matches a person's or an organisation's
name agrees with `domain.names` ("Lukasz Wisniewski" is "Łukasz  Wiśniewski")."""

from __future__ import annotations

from mutualplan.domain import edits
from mutualplan.domain.names import folded
from mutualplan.domain.quick_add import fold
from mutualplan.domain.responses import matching_people
from mutualplan.domain.state import PlanState
from mutualplan.exchange.cells import accentless_key


def test_every_name_key_folds_a_polish_l_and_accents_like_the_domain() -> None:
    written, typed = "Łukasz  Wiśniewski", "lukasz wisniewski"
    assert folded(written) == folded(typed) == "lukasz wisniewski"
    assert accentless_key(written) == accentless_key(typed)
    assert fold(written) == fold(typed)


def test_a_reviewer_is_matched_to_the_plan_person_whatever_the_accents(plan: PlanState) -> None:
    plan.apply_all(edits.add_person(plan, {"name": "Łukasz Wiśniewski", "side": "buyer"}))
    [person] = matching_people(plan, "Lukasz Wisniewski", "buyer")
    assert person.name == "Łukasz Wiśniewski"


def test_a_side_cell_naming_an_organisation_is_read_however_it_is_spelled() -> None:
    from mutualplan.exchange.cells import side_word

    buyer, seller = "Nordwind Logistics GmbH", "Brightline Software Ltd"
    assert side_word("nordwind logistics", buyer, seller) == "buyer"
    assert side_word("Brightline Software Ltd.", buyer, seller) == "seller"
    assert side_word("Nordwind Logistics GmbH", buyer, seller) == "buyer"
