"""Demo register, action plan and Prevent policy for both demo organisations.

Everything is invented and written for this project. It is made through the services, at
the moments it "happened": the register first assessed about ten months ago and published,
rescored since, and a working copy that has moved on; an action plan with items done, in
progress and overdue; the policy published twice.

The data is in ``data/risks.json``. ``load`` is a demo loader (see
``dueregard.demo.engine.Extra``): it plans every step of both organisations' histories, then
yields them in time order and does each one when resumed, so the clock is already at that
step's moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from dueregard.actions import services as action_services
from dueregard.actions.models import ActionItem
from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, DemoOrganisation, days, read
from dueregard.policydoc import services as policy
from dueregard.policydoc.models import PolicyDocument, PolicySection
from dueregard.risks import services
from dueregard.risks.models import Register, Risk, Theme

_DATA = read("risks")
# (theme, intended outcome, risk, actions taken, owner key, owning roles, further actions,
#  evidence, likelihood, severity)
RISKS: list[list[Any]] = _DATA["risks"]
# (objective, action, owner keys, due in days from today, status, progress notes, risk indexes)
ACTIONS: list[list[Any]] = _DATA["actions"]
#: (risk index, likelihood, severity, note)
RESCORES: list[list[Any]] = _DATA["rescores"]


def _at(demo: Demo, days_ago: float, hour: int = 10) -> datetime:
    moment = demo.real_now - days(days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _data(org: DemoOrganisation, themes: list[Theme], spec: list[Any]) -> services.RiskData:
    theme, outcome, risk, taken, owner, roles, further, evidence, lk, sv = spec
    return services.RiskData(
        theme=themes[theme],
        intended_outcome=outcome,
        description=risk,
        actions_taken=taken,
        owner=org.members[owner].user,
        owner_role=roles,
        further_actions=further,
        evidence=evidence,
        likelihood=lk,
        severity=sv,
    )


@dataclass
class _State:
    """What one organisation's earlier steps made, for its later steps to use."""

    demo: Demo
    org: DemoOrganisation
    shift: int
    register: Register | None = None
    document: PolicyDocument | None = None
    themes: list[Theme] = field(default_factory=list)
    #: by index into ``RISKS`` (the last two are added later, as 22 and 23)
    risks: dict[int, Risk] = field(default_factory=dict)
    #: by index into ``ACTIONS``
    actions: dict[int, ActionItem] = field(default_factory=dict)

    def risk(self, index: int) -> Risk:
        # Each step is a new request: it starts from the risk as stored now.
        risk: Risk = Risk.objects.get(pk=self.risks[index].pk)
        return risk

    def action(self, index: int) -> ActionItem:
        action: ActionItem = ActionItem.objects.get(pk=self.actions[index].pk)
        return action


Step = tuple[datetime, int, Callable[[], object]]


def load(demo: Demo) -> Iterator[datetime]:
    """Yield each moment a step acts at, in time order; do the step when resumed."""
    steps: list[Step] = []
    for shift, org in enumerate(demo.organisations.values()):
        _plan_organisation(_State(demo=demo, org=org, shift=shift), steps)
    # Equal moments keep the order they were planned in, so a step that makes something
    # always runs before the steps that use it.
    ordered = sorted(steps, key=lambda step: (step[0], step[1]))
    if ordered and demo.set_up_at is not None and ordered[0][0] < demo.set_up_at:
        raise ValueError("The risks demo would act before the organisations were set up")
    for moment, _, step in ordered:
        yield moment
        step()


def _plan_organisation(state: _State, steps: list[Step]) -> None:
    demo, org = state.demo, state.org

    def add(moment: datetime, work: Callable[[], object]) -> None:
        def step() -> None:
            with organisation_scope(org.organisation.pk):
                work()

        steps.append((moment, len(steps), step))

    add(_at(demo, 330), partial(_first_policy, state))
    for index in range(len(RISKS) - 2):
        add(_at(demo, 300 - index), partial(_add_first_risk, state, index))
    add(_at(demo, 270), partial(_publish_register, state))
    for index, lk, sv, note in RESCORES:
        add(_at(demo, 120 - index), partial(_rescore, state, index, lk, sv, note))
    for offset in range(2):
        index = len(RISKS) - 2 + offset
        add(_at(demo, 90 - offset), partial(_add_later_risk, state, index))
    add(_at(demo, 85), partial(_close_risk, state, 2))
    add(_at(demo, 60), partial(_guidance_change, state))
    _plan_actions(state, add)
    add(_at(demo, 50), partial(_review_policy, state))


def _first_policy(state: _State) -> None:
    demo, dsl = state.demo, state.org.members["dsl"]
    organisation = state.org.organisation
    state.register = services.ensure_register(organisation)
    policy.ensure_policy(organisation)
    state.themes = list(Theme.objects.filter(organisation=organisation).order_by("position"))
    document = policy.update_details(
        dsl,
        policy.ensure_policy(organisation),
        owner=dsl.user,
        approved_by="Board of governors",
        last_reviewed_on=(demo.real_now - days(330)).date(),
        next_review_on=(demo.real_now - days(330) + timedelta(days=365)).date(),
        linked_policies="Safeguarding and child protection policy\n"
        "Staff code of conduct\nExternal speakers and events procedure\n"
        "Acceptable use of IT policy\nFreedom of speech statement",
    )
    policy.publish_policy(dsl, document, summary="First version of the Prevent policy")
    state.document = document


def _add_first_risk(state: _State, index: int) -> None:
    demo, org = state.demo, state.org
    data = _data(org, state.themes, RISKS[index])
    # The two organisations see their risks a little differently.
    if state.shift and index % 4 == 1:
        data.likelihood = min(5, data.likelihood + 1)
    data.last_reviewed_on = (demo.real_now - days(300 - index)).date()
    data.next_review_on = data.last_reviewed_on + timedelta(days=365)
    author = org.members["deputy"] if index % 3 else org.members["dsl"]
    state.risks[index] = services.add_risk(author, data)


def _publish_register(state: _State) -> None:
    demo, dsl = state.demo, state.org.members["dsl"]
    assert state.register is not None
    register = Register.objects.get(pk=state.register.pk)
    services.update_register_details(
        dsl,
        register,
        completed_by=dsl.user,
        competence_held="Level 3 award in safeguarding and Prevent; DSL refresher 2025",
        assessed_on=(demo.real_now - days(270)).date(),
        next_review_on=(demo.real_now - days(270) + timedelta(days=240)).date(),
    )
    services.publish_version(dsl, register, summary="Annual assessment of Prevent risks")


def _rescore(state: _State, index: int, lk: int, sv: int, note: str) -> None:
    demo, org = state.demo, state.org
    risk = state.risk(index)
    data = _data(org, state.themes, RISKS[index])
    data.likelihood, data.severity = lk, sv
    data.last_reviewed_on = (demo.real_now - days(120 - index)).date()
    data.next_review_on = risk.next_review_on
    services.update_risk(org.members["dsl"], risk, data, note=note)


def _add_later_risk(state: _State, index: int) -> None:
    data = _data(state.org, state.themes, RISKS[index])
    state.risks[index] = services.add_risk(state.org.members["dsl"], data)


def _close_risk(state: _State, index: int) -> None:
    services.set_risk_status(state.org.members["dsl"], state.risk(index), "closed")


def _guidance_change(state: _State) -> None:
    services.record_guidance_change(
        state.org.members["dsl"],
        changed_on=(state.demo.real_now - days(62)).date(),
        description="Updated statutory safeguarding guidance for colleges came into force.",
    )


def _review_policy(state: _State) -> None:
    demo, dsl = state.demo, state.org.members["dsl"]
    assert state.document is not None
    section = PolicySection.objects.get(organisation=state.org.organisation, key="online")
    policy.update_section(
        dsl,
        section,
        title=section.title,
        body=section.body
        + "\n\nStaff report any alert or worrying online behaviour as a concern the same "
        "day, even when it happens outside college hours on a college account.",
    )
    document = policy.update_details(
        dsl,
        PolicyDocument.objects.get(pk=state.document.pk),
        owner=dsl.user,
        approved_by="Board of governors",
        last_reviewed_on=(demo.real_now - days(50)).date(),
        next_review_on=(demo.real_now - days(50) + timedelta(days=365)).date(),
        linked_policies=state.document.linked_policies,
    )
    policy.publish_policy(
        dsl, document, summary="Mid-year review: online safety section strengthened"
    )
    state.document = document


def _plan_actions(state: _State, add: Callable[[datetime, Callable[[], object]], None]) -> None:
    """Each item is added, gets its progress notes, then its status, each at its moment."""
    demo = state.demo
    for index, (_, _, _, due, status, notes, _) in enumerate(ACTIONS):
        created = max(100 - index * 3, min(-due + 20, 200))
        add(_at(demo, created), partial(_add_action, state, index))
        for when, text in notes:
            noted_on = (demo.real_now + days(when)).date()
            add(_at(demo, -when, 15), partial(_add_note, state, index, noted_on, text))
        if status == "in_progress":
            moment = _at(demo, min(created - 1, -notes[0][0] if notes else 5), 16)
            add(moment, partial(_set_status, state, index, status))
        elif status in ("done", "dropped"):
            add(_at(demo, max(1, -due - 1), 16), partial(_set_status, state, index, status))


def _add_action(state: _State, index: int) -> None:
    org = state.org
    objective, action, owners, due, _, _, linked = ACTIONS[index]
    state.actions[index] = action_services.add_action(
        org.members["dsl"] if index % 2 else org.members["deputy"],
        action_services.ActionData(
            objective=objective,
            action=action,
            owners=[org.members[key].user for key in owners],
            due_on=state.demo.today + timedelta(days=due),
            # Every linked risk exists by now: the register was assessed long before.
            risks=[state.risk(i) for i in linked],
        ),
    )


def _add_note(state: _State, index: int, noted_on: date, text: str) -> None:
    action_services.add_progress_note(
        state.org.members["dsl"], state.action(index), noted_on=noted_on, body=text
    )


def _set_status(state: _State, index: int, status: str) -> None:
    action_services.set_action_status(state.org.members["dsl"], state.action(index), status)
