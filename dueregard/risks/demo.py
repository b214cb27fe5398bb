"""Demo register, action plan and Prevent policy for both demo organisations.

Everything is invented and written for this project. It is made through the services, at
the moments it "happened": the register first assessed about ten months ago and published,
rescored since, and a working copy that has moved on; an action plan with items done, in
progress and overdue; the policy published twice.

``load`` is a demo loader (see ``dueregard.organisations.demo.Extra``): it plans every
step of both organisations' histories, then yields them in time order and does each one
when resumed, so the clock is already at that step's moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from dueregard.core.scope import organisation_scope
from dueregard.organisations.demo import Demo, DemoOrganisation, days
from dueregard.policydoc import services as policy
from dueregard.policydoc.models import PolicyDocument, PolicySection
from dueregard.risks import services
from dueregard.risks.models import ActionItem, Register, Risk, Theme

# (theme, intended outcome, risk, actions taken, owner key, owning roles, further actions,
#  evidence, likelihood, severity)
RISKS: tuple[tuple[int, str, str, str, str, str, str, str, int, int], ...] = (
    (
        0,
        "Leaders own the Prevent duty and oversee it.",
        "Prevent is seen as the safeguarding team's job alone, so leaders do not notice gaps.",
        "Prevent is a standing item at senior team meetings; termly report to the board.",
        "senior",
        "Principal; Designated Safeguarding Lead",
        "Name a board member to champion safeguarding and Prevent.",
        "Board minutes; termly safeguarding report.",
        2,
        4,
    ),
    (
        0,
        "We work closely with local Prevent partners.",
        "Weak links with the local authority and police Prevent team delay advice.",
        "Lead attends the regional further education Prevent network each term.",
        "dsl",
        "Designated Safeguarding Lead",
        "Invite the regional Prevent co-ordinator to brief the senior team.",
        "Network attendance log; co-ordinator's briefing notes.",
        2,
        3,
    ),
    (
        0,
        "The Prevent duty is part of our wider safeguarding arrangements.",
        "Policies contradict each other, leaving staff unsure which procedure to follow.",
        "Prevent policy cross-refers to the safeguarding policy and staff code of conduct.",
        "dsl",
        "Designated Safeguarding Lead; Quality manager",
        "",
        "Policy review schedule.",
        1,
        3,
    ),
    (
        1,
        "Every member of staff can spot the signs and knows what to do.",
        "New and sessional staff start work before completing Prevent awareness training.",
        "Training is part of induction; completion is checked at the end of probation.",
        "deputy",
        "Deputy Designated Safeguarding Lead; HR",
        "Block timetable access until induction training is complete.",
        "Training completion report each month.",
        3,
        4,
    ),
    (
        1,
        "Safeguarding leads have current, specialist knowledge.",
        "Lead and deputies miss refresher training and advice becomes out of date.",
        "Leads complete refresher training every two years.",
        "dsl",
        "Designated Safeguarding Lead",
        "Book the deputies onto the next regional refresher course.",
        "Certificates held on the training record.",
        2,
        4,
    ),
    (
        1,
        "Governors understand their Prevent responsibilities.",
        "Board members have not had a Prevent briefing since they were appointed.",
        "Annual briefing offered at the autumn board meeting.",
        "senior",
        "Clerk to the board",
        "Add a short online module for governors who miss the briefing.",
        "Board training log.",
        3,
        2,
    ),
    (
        2,
        "Learners who are vulnerable get early help.",
        "Concerns shared informally in corridors are never recorded.",
        "All staff know to record concerns in dueregard the same day.",
        "deputy",
        "Deputy Designated Safeguarding Lead",
        "Run a reminder campaign at the start of each term.",
        "Concern figures by month; staff survey.",
        3,
        4,
    ),
    (
        2,
        "Learners know where to go for support.",
        "Learners on work placements are unsure who to tell when they are worried.",
        "Placement handbook names the safeguarding team and how to reach them.",
        "tutor",
        "Placement co-ordinator",
        "Add the safeguarding contact card to the placement visit checklist.",
        "Placement visit records.",
        3,
        3,
    ),
    (
        2,
        "Support continues when a learner changes course or leaves.",
        "Safeguarding information does not follow a learner who transfers to another provider.",
        "Transfer of safeguarding files is part of the leavers' process.",
        "dsl",
        "Designated Safeguarding Lead; Admissions",
        "Confirm receipt of every file sent within five working days.",
        "Transfer log.",
        2,
        4,
    ),
    (
        3,
        "Learners are protected from extremist material online.",
        "Web filtering does not catch new extremist sites and platforms quickly enough.",
        "Filtering and monitoring on all college devices and Wi-Fi; alerts go to the DSL.",
        "deputy",
        "IT manager; Deputy Designated Safeguarding Lead",
        "Test the filtering each term against the current guidance.",
        "Filtering test results; alert log.",
        3,
        5,
    ),
    (
        3,
        "Learners can judge what they see online.",
        "Learners meet disinformation and conspiracy content through social media.",
        "Digital resilience session in every tutorial programme.",
        "tutor",
        "Head of tutorial",
        "Add a session on recognising manipulation by algorithms and influencers.",
        "Tutorial scheme of work; learner feedback.",
        4,
        3,
    ),
    (
        3,
        "College systems are used appropriately.",
        "Learners use personal mobile data to reach material the filter would block.",
        "Acceptable use policy signed at enrolment; staff challenge misuse.",
        "deputy",
        "IT manager",
        "",
        "Acceptable use signatures.",
        3,
        3,
    ),
    (
        4,
        "Speakers and events are checked proportionately.",
        "A speaker is invited without checks because the request came in late.",
        "External speaker procedure with a two-week notice period.",
        "dsl",
        "Designated Safeguarding Lead; Events team",
        "Put the speaker request form in the room-booking system.",
        "Speaker request log.",
        2,
        4,
    ),
    (
        4,
        "Freedom of speech is protected within the law.",
        "Events are cancelled unnecessarily, limiting legitimate debate.",
        "Conditions such as an independent chair are considered before refusal.",
        "senior",
        "Vice principal",
        "Publish a short freedom of speech statement for learners.",
        "Decisions recorded with their reasons.",
        2,
        2,
    ),
    (
        4,
        "Hired spaces are not used to spread extremist views.",
        "Outside groups hiring rooms at evenings and weekends are not checked.",
        "Lettings agreement includes conditions of use.",
        "senior",
        "Facilities manager",
        "Check every new lettings customer against the speaker procedure.",
        "Lettings register.",
        2,
        3,
    ),
    (
        5,
        "Faith facilities are open to all and well managed.",
        "The multi-faith room has no named person responsible for how it is used.",
        "Room open to all; use is booked through reception.",
        "deputy",
        "Learner services manager",
        "Name a member of staff to oversee the room and meet users each term.",
        "Room booking records.",
        2,
        2,
    ),
    (
        5,
        "Learners of every faith and none feel welcome.",
        "Tensions between groups of learners go unnoticed.",
        "Chaplaincy and student union run joint events.",
        "tutor",
        "Learner voice co-ordinator",
        "",
        "Learner survey on belonging.",
        2,
        3,
    ),
    (
        5,
        "Materials left in shared spaces are appropriate.",
        "Leaflets promoting hateful views are left in communal areas.",
        "Noticeboards are managed; staff remove unapproved material.",
        "deputy",
        "Facilities manager",
        "Add communal areas to the weekly premises walk.",
        "Premises walk checklist.",
        2,
        3,
    ),
    (
        6,
        "The curriculum builds resilience to extremist ideas.",
        "Teaching staff avoid controversial topics for fear of getting it wrong.",
        "Resources for discussing difficult subjects in class.",
        "tutor",
        "Curriculum managers",
        "Run a workshop on handling difficult conversations in the classroom.",
        "Lesson observations; resource use.",
        3,
        3,
    ),
    (
        6,
        "Learners understand and show fundamental British values.",
        "Values are covered at induction only and not revisited.",
        "Values mapped across schemes of work.",
        "tutor",
        "Curriculum managers; Head of tutorial",
        "Check coverage during learning walks.",
        "Learning walk reports.",
        3,
        2,
    ),
    (
        6,
        "Apprentices are reached as well as classroom learners.",
        "Apprentices spend most of their time at work and miss tutorial content.",
        "Prevent topics covered during progress reviews.",
        "tutor",
        "Apprenticeship manager",
        "Add a Prevent question to every progress review record.",
        "Progress review audit.",
        3,
        3,
    ),
    (
        7,
        "Staff know how to respond to an attack or threat on site.",
        "Lockdown procedure has not been practised at every site.",
        "Lockdown procedure written and shared with staff.",
        "senior",
        "Facilities manager; Principal",
        "Practise lockdown at each site once a year.",
        "Drill reports.",
        2,
        5,
    ),
    (
        7,
        "Sites are secure and visitors are known.",
        "Visitors are not always signed in at the smaller sites.",
        "Visitor badges and sign-in at main reception.",
        "senior",
        "Facilities manager",
        "Introduce sign-in at every entrance used by visitors.",
        "Visitor logs.",
        3,
        3,
    ),
    (
        7,
        "The college can carry on after a serious incident.",
        "The business continuity plan does not cover a terrorist incident nearby.",
        "Business continuity plan reviewed annually.",
        "senior",
        "Principal",
        "Add a scenario for a serious incident near a site.",
        "Plan review record.",
        2,
        4,
    ),
)

# (objective, action, owner keys, due in days from today, status, progress notes, risk indexes)
ACTIONS: tuple[
    tuple[str, str, tuple[str, ...], int, str, tuple[tuple[int, str], ...], tuple[int, ...]], ...
] = (
    (
        "New staff are trained before they teach.",
        "Block timetable access until induction training is complete.",
        ("deputy",),
        -20,
        "in_progress",
        ((-60, "HR and IT agreed the approach."), (-25, "Waiting for the new HR system release.")),
        (3,),
    ),
    (
        "Filtering keeps up with new risks.",
        "Test web filtering each term against current guidance.",
        ("deputy",),
        -5,
        "open",
        (),
        (9,),
    ),
    (
        "Deputies' knowledge is current.",
        "Book both deputies onto the regional refresher course.",
        ("dsl",),
        -40,
        "done",
        ((-45, "Places booked and confirmed."),),
        (4,),
    ),
    (
        "Placement learners know who to tell.",
        "Add the safeguarding contact card to the placement visit checklist.",
        ("tutor",),
        21,
        "in_progress",
        ((-10, "Card designed; printing next week."),),
        (7,),
    ),
    (
        "Lockdown is practised everywhere.",
        "Run a lockdown drill at each site.",
        ("senior",),
        -12,
        "in_progress",
        ((-30, "Drill held at the main site."),),
        (21,),
    ),
    (
        "Governors understand Prevent.",
        "Provide an online module for governors who missed the briefing.",
        ("senior",),
        30,
        "open",
        (),
        (5,),
    ),
    (
        "Learners recognise manipulation online.",
        "Write a tutorial session on algorithms and influencers.",
        ("tutor", "deputy"),
        -3,
        "open",
        (),
        (10,),
    ),
    (
        "Speaker checks are never skipped.",
        "Put the speaker request form into the room-booking system.",
        ("dsl",),
        45,
        "open",
        (),
        (12,),
    ),
    (
        "Hired rooms are used appropriately.",
        "Check each new lettings customer against the speaker procedure.",
        ("senior",),
        -60,
        "done",
        ((-70, "Procedure agreed with the lettings team."),),
        (14,),
    ),
    (
        "The faith room is well run.",
        "Name a member of staff to oversee the multi-faith room.",
        ("deputy",),
        14,
        "open",
        (),
        (15,),
    ),
    (
        "Staff are confident with difficult topics.",
        "Run a workshop on handling difficult conversations.",
        ("tutor",),
        -8,
        "open",
        (),
        (18,),
    ),
    (
        "Apprentices get Prevent content.",
        "Add a Prevent question to the progress review record.",
        ("tutor",),
        10,
        "in_progress",
        ((-14, "Question drafted with the apprenticeship team."),),
        (20,),
    ),
    (
        "Visitors are known at every site.",
        "Introduce visitor sign-in at every entrance.",
        ("senior",),
        60,
        "open",
        (),
        (22,),
    ),
    (
        "Concerns are recorded, not just talked about.",
        "Run a start-of-term reminder campaign for staff.",
        ("deputy",),
        -90,
        "done",
        ((-95, "Posters and briefing delivered."),),
        (6,),
    ),
    (
        "The board has a safeguarding champion.",
        "Appoint a board member to champion safeguarding and Prevent.",
        ("senior",),
        -15,
        "open",
        (),
        (0,),
    ),
    (
        "Leaders hear from local partners.",
        "Invite the regional Prevent co-ordinator to a senior team meeting.",
        ("dsl",),
        35,
        "open",
        (),
        (1,),
    ),
    (
        "Business continuity covers serious incidents.",
        "Add a nearby-incident scenario to the continuity plan.",
        ("senior",),
        -2,
        "dropped",
        (),
        (23,),
    ),
)

RESCORES: tuple[tuple[int, int, int, str], ...] = (
    (9, 4, 5, "New platforms seen in concerns this term."),
    (3, 2, 4, "Induction completion much improved."),
    (10, 3, 3, "Tutorial session now in place at most sites."),
    (21, 3, 5, "Drill not yet held at two sites."),
    (6, 2, 4, "Recording has improved since the campaign."),
)


def _at(demo: Demo, days_ago: float, hour: int = 10) -> datetime:
    moment = demo.real_now - days(days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _data(org: DemoOrganisation, themes: list[Theme], spec: tuple[Any, ...]) -> services.RiskData:
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
        return Risk.objects.get(pk=self.risks[index].pk)

    def action(self, index: int) -> ActionItem:
        return ActionItem.objects.get(pk=self.actions[index].pk)


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
    state.actions[index] = services.add_action(
        org.members["dsl"] if index % 2 else org.members["deputy"],
        services.ActionData(
            objective=objective,
            action=action,
            owners=[org.members[key].user for key in owners],
            due_on=state.demo.today + timedelta(days=due),
            # Every linked risk exists by now: the register was assessed long before.
            risks=[state.risk(i) for i in linked],
        ),
    )


def _add_note(state: _State, index: int, noted_on: date, text: str) -> None:
    services.add_progress_note(
        state.org.members["dsl"], state.action(index), noted_on=noted_on, body=text
    )


def _set_status(state: _State, index: int, status: str) -> None:
    services.set_action_status(state.org.members["dsl"], state.action(index), status)
