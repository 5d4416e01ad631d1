"""Benchmark data: plans of a given size, built through the store like any user's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mutualplan.domain.changes import CREATE, Change
from mutualplan.domain.edits import new_id
from mutualplan.domain.model import Author
from mutualplan.domain.rank import ranks_for
from mutualplan.store import Store

AUTHOR = Author("Priya Raghunathan", "seller", organisation="Brightline Analytics")
SIDES = ("seller", "buyer", "joint")
STATUSES = ("done", "in_progress", "not_started", "at_risk", "not_started")


def build_plan(store: Store, milestones: int, *, buyer: str | None = None) -> str:
    """A plan with `milestones` milestones, two actions on every third, people on both
    sides, dependencies on the previous milestones; returns its id."""
    start = dt.date(2027, 1, 4)
    people = [  # the first of each side signs for it
        ("Zoë Müller", "buyer", "economic buyer"),
        ("Łukasz Wiśniewski", "buyer", "champion"),
        ("Олена Коваль", "buyer", "technical evaluator"),
        ("Priya Raghunathan", "seller", "account director"),
        ("Søren Østergaard", "seller", "solutions engineer"),
    ]
    signatories = {"Zoë Müller", "Priya Raghunathan"}

    def build(state) -> list[Change]:
        changes: list[Change] = []
        person_ids = []
        for (name, side, role), rank in zip(people, ranks_for(len(people)), strict=True):
            pid = new_id()
            person_ids.append(pid)
            changes.append(
                Change(
                    CREATE,
                    "person",
                    pid,
                    new={
                        "name": name,
                        "title": "",
                        "email": "",
                        "side": side,
                        "role": role,
                        "signs": name in signatories,
                        "rank": rank,
                    },
                )
            )
        milestone_ids: list[str] = []
        action_ranks = ranks_for(2)
        for index, rank in enumerate(ranks_for(milestones)):
            mid = new_id()
            begin = start + dt.timedelta(days=3 * index)
            deps = tuple(sorted(milestone_ids[-2:])) if index % 4 else ()
            changes.append(
                Change(
                    CREATE,
                    "milestone",
                    mid,
                    new={
                        "title": f"Milestone {index + 1}: workshop, review and sign-off step",
                        "description": "Agreed in the planning workshop.",
                        "side": SIDES[index % 3],
                        "owner_id": person_ids[index % len(person_ids)],
                        "start": begin,
                        "due": begin + dt.timedelta(days=10),
                        "lead_days": 8,
                        "status": STATUSES[index % len(STATUSES)],
                        "done_on": begin + dt.timedelta(days=9) if index % 5 == 0 else None,
                        "depends_on": deps,
                        "exit_criteria": "Both sides confirm in writing.",
                        "rank": rank,
                    },
                )
            )
            milestone_ids.append(mid)
            if index % 3 == 0:
                for number, action_rank in enumerate(action_ranks, start=1):
                    changes.append(
                        Change(
                            CREATE,
                            "action",
                            new_id(),
                            new={
                                "milestone_id": mid,
                                "title": f"Action {number} of milestone {index + 1}",
                                "owner_id": person_ids[number],
                                "due": begin,
                                "done": number == 1,
                                "rank": action_rank,
                            },
                        )
                    )
        return changes

    state = store.create_plan(
        {
            "title": f"Benchmark plan of {milestones} milestones",
            "buyer_org": buyer or f"Buyer of {milestones}",
            "seller_org": "Brightline Analytics",
            "objective": "Measure MutualPlan on a plan of realistic shape.",
            "success_criteria": "Figures printed\nBaselines measured in the same run",
            "target_date": start + dt.timedelta(days=3 * milestones + 30),
        },
        AUTHOR,
        build,
    )
    return state.id


def make_database(folder: Path, sizes: tuple[int, ...]) -> tuple[Path, dict[int, str]]:
    path = folder / "bench.sqlite"
    with Store(path) as store:
        store.set_local_user(AUTHOR)  # the app starts as this user, with no first-run question
        ids = {size: build_plan(store, size) for size in sizes}
    return path, ids
