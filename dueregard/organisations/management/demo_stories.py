"""The demo's stories: what staff saw, in their own words, and what the DSLs did next.

Data for ``organisations.demo``, played by ``manage.py load_demo``. Every person, place,
agency and reference is invented. In the texts ``{name}`` (and ``{name2}``) is the given
name of the concern's subject(s), ``{ref}`` its reference, and ``{victim}`` or ``{witness}``
the given name of a person the story linked with ``Party(..., name_as=...)``.
Stories start ``on(days_ago, "HH:MM")`` (a working day) or ``ago(hours=...)``, counted
back from the moment the demo is loaded, so overdue and upcoming reviews stay so.
"""

from __future__ import annotations

from dueregard.organisations.demo import (
    END_SUPPORT,
    NFA,
    SUPPORT,
    Act,
    Approve,
    BreakGlass,
    Close,
    Decide,
    Done,
    Emergency,
    Hold,
    Link,
    Monitor,
    Note,
    Open,
    Party,
    Refer,
    Reopen,
    Restrict,
    SetType,
    Story,
    ago,
    days,
    hours,
    minutes,
    on,
)
from dueregard.referrals.demo import ChaseBy, Chased, Download, Outcome, Panel, PhoneCall
from dueregard.referrals.models import ReferralKind

POLICE_PREVENT = "Northvale Police Prevent team"
CHILDRENS_SERVICES = "Eastwold Children's Services front door"
LADO = "Northvale Local Authority Designated Officer"
CHANNEL_PANEL = (
    ("Channel panel chair", "", "Ravensholt Borough Council"),
    ("Police Prevent officer", "", "Northvale Police"),
    ("Designated safeguarding lead", "", "Ravensholt College"),
    ("Children's social care practitioner", "", "Eastwold Council"),
    ("Intervention provider", "", "Home Office approved provider"),
)


STORIES: tuple[Story, ...] = (
    # --- Quillmoor Skills Partnership (apprenticeships and adult skills) ---------------
    Story(
        "q_values_session",
        "qm",
        on(535, "11:20"),
        "tutor",
        site=0,
        about=("learner:m:adult",),
        location="Room 4, Quillmoor Centre",
        narrative=(
            "During the British values session {name} said it was 'all propaganda' and "
            "walked out after twenty minutes. He said he would not sit and be told what "
            "to think. He was calm and did not mention any group."
        ),
        steps=(
            Open(after=hours(2)),
            Decide(
                NFA,
                (
                    "Spoke with {name} the next morning. He objects to how the session was "
                    "taught, not to the values, and his views are his to hold. Nothing "
                    "suggests he is being drawn into extremism. No further action; the "
                    "curriculum lead will look at the session format."
                ),
                after=hours(20),
            ),
        ),
    ),
    Story(
        "q_compressor",
        "qm",
        on(470, "14:05"),
        "assessor",
        site=1,
        about=("learner:m:adult",),
        location="Employer placement: vehicle workshop",
        narrative=(
            "On my visit to {name}'s placement the compressor cut out again and he "
            "shouted that he would 'blow the whole place up'. The workshop supervisor "
            "laughed and said it is a running joke about the old kit. {name} apologised "
            "to me afterwards."
        ),
        steps=(
            Open(by="deputy", after=hours(3)),
            Decide(
                NFA,
                (
                    "Checked with the workplace supervisor and with {name}: a frustrated "
                    "remark about faulty equipment, no interest in violence or in any "
                    "cause, nothing else on file. Reminded {name} about language at work. "
                    "No further action."
                ),
                by="deputy",
                after=minutes(25),
            ),
        ),
    ),
    Story(
        "q_closed_petition",
        "qm",
        on(389, "09:50"),
        "coach",
        site=0,
        about=("learner:f:adult",),
        location="Course group chat",
        indicators=("material", "voices-support"),
        reported_type="extreme-right-wing",
        narrative=(
            "{name} has been posting in the course group chat that a local mosque "
            "'should be shut down' and shared a petition from a group I had not heard "
            "of. Two learners have left the chat because of it. When I mentioned it she "
            "said she has a right to her opinion."
        ),
        steps=(
            Open(category="extreme-right-wing", after=hours(4)),
            Note(
                (
                    "The group behind the petition is linked to an extreme right-wing campaign "
                    "(checked on its own website)."
                ),
                back=minutes(40),
                after=hours(1),
            ),
            Decide(
                SUPPORT,
                (
                    "Shared content from an extreme right-wing campaign; no sign of "
                    "membership, contact with the group or talk of violence. {name} is "
                    "an adult on a 12-week course. Internal support: a conversation "
                    "about the group chat agreement and the difference between an "
                    "opinion and targeting a community; review in 48 hours."
                ),
                after=minutes(30),
            ),
            Act(
                "Meet {name} to go through the group chat agreement", "coach", 3, after=minutes(10)
            ),
            Done(0, after=days(2)),
            Hold(
                (
                    "{name} met the coach and took the posts down herself. She asked where the "
                    "petition came from. No further posts. Continue for two weeks."
                ),
                next_in=days(14),
                after=hours(3),
            ),
            Hold(
                (
                    "Two weeks with no further posts; the learners who left have rejoined the "
                    "chat. Support no longer needed."
                ),
                END_SUPPORT,
                after=days(14),
            ),
            Close(
                (
                    "Internal support completed. {name} removed the posts and has kept to the "
                    "group agreement. Closed."
                ),
                after=hours(2),
            ),
        ),
    ),
    Story(
        "q_emergency_march",
        "qm",
        on(330, "15:40"),
        "coach",
        site=0,
        about=("learner:m:adult",),
        location="Employability room, Quillmoor Centre",
        immediate_danger=True,
        indicators=("justifies-violence",),
        seen_before=minutes(15),
        narrative=(
            "At the end of the session {name} said he was going to drive his van into "
            "the march in town on Saturday 'to show them what happens'. I asked if he "
            "meant it and he said 'wait and see'. He had his keys in his hand and left "
            "straight away. I told the DSL in person."
        ),
        steps=(
            Open(category="no-ideology", after=minutes(10)),
            Emergency(
                (
                    "A specific threat of a vehicle attack on a named event, by someone "
                    "with the means to carry it out. Emergency procedure: police called at "
                    "once."
                ),
                called_by="coach",
                called_before=minutes(12),
                police_reference="Incident 0934 of {date}",
                after=minutes(5),
            ),
            Note(
                (
                    "Police called back: {name} was spoken to at home this evening with his "
                    "father there. He said he was angry after an argument and had no plan."
                ),
                back=hours(1),
                after=hours(4),
            ),
            Decide(
                SUPPORT,
                (
                    "Police took no further action. {name} says he regrets the remark. "
                    "Internal support: weekly one-to-ones and a place on an anger "
                    "management course; review in 48 hours."
                ),
                after=hours(18),
            ),
            Act(
                "One-to-one with {name} each week on his job search and how he is coping",
                "coach",
                28,
                after=minutes(20),
            ),
            Act(
                "Book {name} onto the local anger management course", "deputy", 5, after=minutes(5)
            ),
            Hold(
                (
                    "{name} came to his first one-to-one. Course place requested. No further "
                    "remarks reported. Continue for four weeks."
                ),
                next_in=days(28),
                after=days(2),
            ),
            Done(1, after=days(1)),
            Done(0, after=days(26)),
            Hold(
                (
                    "Four one-to-ones held; {name} has started a warehouse job and finished the "
                    "course. No further remarks. Support no longer needed."
                ),
                END_SUPPORT,
                after=days(1),
            ),
            Close(
                (
                    "Emergency procedure followed and police took no further action. Four weeks "
                    "of support completed; {name} has moved into work. Closed."
                ),
                after=hours(1),
            ),
        ),
    ),
    Story(
        "q_online_friend",
        "qm",
        on(290, "10:15"),
        "tutor",
        site=2,
        about=("learner:m:adult",),
        location="Computer room, Harbour Lane Hub",
        indicators=("recruiter-contact", "closed-groups"),
        narrative=(
            "{name} told me a man he met in an online game has asked him to 'prove he "
            "is loyal' by sending photos of the hub's doors and the times it is busy. "
            "He showed me the messages. The man also sends him videos about 'the coming "
            "war'. {name} says the man is his best friend."
        ),
        steps=(
            Open(category="multiple-ideologies", after=hours(1)),
            Note(
                (
                    "Screenshots of the messages taken on a centre device with {name}'s "
                    "agreement and kept by the DSL."
                ),
                back=minutes(30),
                after=minutes(40),
            ),
            Refer(
                ReferralKind.POLICE_PREVENT,
                POLICE_PREVENT,
                (
                    "Possible grooming of a vulnerable adult by someone asking for details of "
                    "the site. {name} was asked and agreed to the referral. Police Prevent "
                    "referral today."
                ),
                after=hours(1),
            ),
            Approve("NVP-{yy}-0418", after=minutes(30)),
            Outcome(
                "acknowledged",
                "Prevent officer confirmed receipt and will visit with {name}'s support worker.",
                after=hours(3),
            ),
            ChaseBy(
                "Ask the Prevent officer for the outcome of the visit.",
                "deputy",
                days(10),
                after=minutes(5),
            ),
            Act(
                "Online safety sessions with {name} and his support worker",
                "tutor",
                21,
                after=hours(2),
            ),
            Note(
                (
                    "The Prevent officer visited {name} with his support worker. The account has "
                    "been reported and {name} has agreed to stop contact. Not taken to Channel."
                ),
                back=days(1),
                after=days(12),
            ),
            Done(0, after=days(20)),
            Close(
                (
                    "Police Prevent assessed the contact and closed their case. {name} finished "
                    "the online safety work and says the contact has stopped. Closed."
                ),
                after=days(2),
            ),
            Chased("The officer called back: not taken to Channel.", by="deputy", after=hours(1)),
            Outcome(
                "not_adopted",
                "Assessed by the Prevent officer: online safety support, not Channel.",
                after=minutes(5),
            ),
            Outcome("closed", "Support continues through the centre.", after=minutes(5)),
        ),
    ),
    Story(
        "q_filter_search",
        "qm",
        on(240, "13:10"),
        "admin",
        site=1,
        about=("learner:m:young",),
        location="Classroom laptop, Eastwold Works",
        narrative=(
            "The web filter flagged searches on a classroom laptop for how bombs are "
            "made safe and what a detonator looks like. The laptop was signed out to the "
            "level 2 electrical group and the login was {name}'s."
        ),
        steps=(
            Open(by="deputy", after=hours(5)),
            Decide(
                NFA,
                (
                    "Spoke with {name} and his tutor: the searches followed a television "
                    "drama the group had been talking about. Nothing else of concern on "
                    "the filter log for the past month. No further action."
                ),
                by="deputy",
                after=hours(20),
            ),
        ),
    ),
    Story(
        "q_salutes",
        "qm",
        on(160, "12:30"),
        "assessor",
        site=1,
        about=("learner:m:young", "learner:m:young"),
        location="Canteen, Eastwold Works",
        reported_type="extreme-right-wing",
        narrative=(
            "{name} and {name2} were filming each other doing a straight-arm salute in "
            "the canteen and laughing. Two other learners asked them to stop and they "
            "did. {name2} said it was just for a laugh, for a video he was making."
        ),
        steps=(
            Open(category="extreme-right-wing", by="deputy", after=hours(2)),
            Decide(
                SUPPORT,
                (
                    "Both spoken to separately. Neither shows other signs of interest "
                    "in extremist material and the video was not posted. The gesture "
                    "upset other learners. Internal support: a session for both on "
                    "what the gesture means; review in 48 hours."
                ),
                by="deputy",
                after=hours(22),
            ),
            Act(
                (
                    "Session with {name} and {name2} on the meaning of the gesture and its effect "
                    "on others"
                ),
                "assessor",
                7,
                by="deputy",
                after=minutes(10),
            ),
            Hold(
                "Session booked for next week; both learners are sorry. No repeat.",
                next_in=days(7),
                by="deputy",
                after=days(2),
            ),
            Done(0, by="deputy", after=days(5)),
            Hold(
                "Session held. Both talked about the harm caused; no further incidents reported.",
                END_SUPPORT,
                by="deputy",
                after=days(2),
            ),
            Close(
                "Session completed and no repeat of the behaviour. Closed.",
                by="deputy",
                after=hours(1),
            ),
        ),
    ),
    Story(
        "q_contractor",
        "qm",
        on(120, "11:45"),
        "senior",
        site=1,
        about=("contractor:m",),
        location="Corridor by the workshops, Eastwold Works",
        indicators=("voices-support",),
        reported_type="extreme-right-wing",
        narrative=(
            "A contractor fixing the heating, {name}, was talking to three of our "
            "learners in their break about 'taking the country back' and said they "
            "should come to a meeting in a pub in town. I asked him to get back to his "
            "work and he did. The learners looked uncomfortable."
        ),
        steps=(
            Open(category="extreme-right-wing", after=hours(1)),
            Party("witness", "learner:young", after=hours(2)),
            Decide(
                NFA,
                (
                    "The three learners were spoken to; none is interested in the meeting "
                    "and all know how to report anything further. {name}'s employer has "
                    "been told and he will not work on our sites while learners are "
                    "there. No further action on this case; contractor checks to be "
                    "reviewed."
                ),
                after=days(1),
            ),
        ),
    ),
    Story(
        "q_conspiracies",
        "qm",
        on(14, "11:00"),
        "tutor",
        site=0,
        about=("learner:m:young",),
        location="Room 2, Quillmoor Centre",
        indicators=("material",),
        narrative=(
            "{name} wears a jacket with patches from a group that campaigns against "
            "'globalists'. In class he said the floods last winter, vaccines and the "
            "banks are all run by the same people. Some of the group are starting to "
            "repeat it."
        ),
        steps=(
            Open(category="multiple-ideologies", by="deputy", after=hours(2)),
            Decide(
                SUPPORT,
                (
                    "Conspiracy beliefs from several sources, none dominant; no talk "
                    "of violence. Internal support: critical-thinking work in "
                    "tutorials and a check on what he is watching; review in 48 hours."
                ),
                by="deputy",
                after=hours(1),
            ),
            Act(
                "Critical-thinking tutorial for {name}'s group, including checking sources",
                "tutor",
                7,
                by="deputy",
                after=minutes(5),
            ),
            Hold(
                (
                    "Tutor has planned the session. {name} talks openly about what he watches; "
                    "nothing violent. Continue."
                ),
                next_in=days(9),
                by="deputy",
                after=days(2),
            ),
            Done(0, by="deputy", after=days(5)),
            Hold(
                (
                    "Session held; {name} took part and argued his case without hostility. No "
                    "change in his behaviour or attendance. Support no longer needed: for the "
                    "DSL to decide whether to close."
                ),
                END_SUPPORT,
                by="deputy",
                after=days(4),
            ),
        ),
    ),
    Story(
        "q_job_loss",
        "qm",
        on(6, "13:15"),
        "coach",
        site=0,
        about=("learner:m:adult",),
        location="Employability room, Quillmoor Centre",
        indicators=("unmet-aspirations", "justifies-violence", "personal-crisis"),
        narrative=(
            "In the session {name} said the system is 'rigged against people like us' "
            "and violence 'is the only thing they listen to'. Afterwards he asked me if "
            "I thought he was right. He lost his job two weeks ago and said he is not "
            "sleeping."
        ),
        steps=(
            Open(after=hours(3)),
            Decide(
                SUPPORT,
                (
                    "One remark, in a session, from a learner under strain after "
                    "losing his job. No target, group or material. Internal support: "
                    "a one-to-one about the remark and his job search, and advice "
                    "services; review in 48 hours."
                ),
                after=minutes(20),
            ),
            SetType("no-ideology", after=minutes(5)),
            Act(
                "Meet {name} one-to-one about the remark and his job search",
                "coach",
                3,
                after=minutes(5),
            ),
            Act(
                "Give {name} the details of the local debt and housing advice service",
                "coach",
                7,
                after=minutes(2),
            ),
        ),
    ),
    Story(
        "q_partner",
        "qm",
        on(30, "10:30"),
        "assessor",
        site=2,
        about=("learner:f:adult",),
        location="Assessment room, Harbour Lane Hub",
        indicators=("personal-crisis",),
        narrative=(
            "{name} asked me twice this week whether the centre would keep her details "
            "from the police. She said her partner is 'into some stuff online' and she "
            "is scared he will get her into trouble. She looked tired and had a bruise "
            "on her wrist, which she said was from work."
        ),
        steps=(
            Open(after=hours(2)),
            Decide(
                SUPPORT,
                (
                    "Possible domestic abuse; what we know of the partner's online "
                    "activity is second-hand. {name} is an adult and does not want the "
                    "police involved; with no immediate risk her wish is respected and "
                    "recorded. Internal support and a safe way to keep in touch; "
                    "review in 48 hours."
                ),
                after=hours(1),
            ),
            Act(
                "Give {name} the local domestic abuse service's details privately",
                "assessor",
                1,
                after=minutes(10),
            ),
            Act(
                "Agree a safe way to contact {name} (no letters or calls to home)",
                "dsl",
                2,
                after=minutes(5),
            ),
            Done(0, after=days(1)),
            Done(1, after=hours(3)),
            Hold(
                (
                    "{name} has spoken to the domestic abuse service and has a key worker. She "
                    "says she feels safer and her partner has moved out. Continue fortnightly."
                ),
                next_in=days(14),
                after=hours(20),
            ),
            Note(
                (
                    "{name} rang the assessor: her partner has been asking about her course "
                    "times. Advised her to tell her key worker, which she has done."
                ),
                back=hours(26),
                after=days(8),
            ),
            Hold(
                (
                    "Key worker in place; no further contact about course times. {name} is "
                    "keeping up with her assessments. Next review in three weeks."
                ),
                next_in=days(21),
                after=days(6),
            ),
        ),
    ),
    Story(
        "q_badge",
        "qm",
        ago(hours=21),
        "tutor",
        site=2,
        about=("learner:f:minor",),
        location="Classroom 2, Harbour Lane Hub",
        reported_type="extreme-right-wing",
        narrative=(
            "{name} has a badge on her lanyard with a symbol I did not recognise. I "
            "looked it up after the lesson and it is used by an extreme right-wing "
            "group. She said a friend from the gym gave it to her and she thought it "
            "looked cool."
        ),
        steps=(
            Open(category="extreme-right-wing", by="sessional", after=hours(1)),
            Decide(
                SUPPORT,
                (
                    "{name} is under 18 and says she did not know what the symbol "
                    "means; nothing else on file. Internal support: a conversation "
                    "about the symbol and where it came from; review in 48 hours."
                ),
                by="sessional",
                after=minutes(30),
            ),
            Act(
                "Talk with {name} about the badge, what it stands for and who gave it to her",
                "tutor",
                2,
                by="sessional",
                after=minutes(5),
            ),
        ),
    ),
    Story(
        "q_video_preacher",
        "qm",
        ago(days=2, hours=3),
        "coach",
        site=0,
        about=("learner:m:adult",),
        location="Break area, Quillmoor Centre",
        indicators=("supports-attacks", "extremist-websites", "voices-support"),
        narrative=(
            "{name} showed another learner a video of a man with a gun and said 'this "
            "is what they deserve'. He told her he listens every night to a preacher "
            "online who says fighting non-believers is a duty, and asked her if she was "
            "'with us or against us'. She came to me straight after."
        ),
        steps=(
            Open(category="islamist", by="deputy", after=hours(1)),
            Party("witness", "learner:f:adult", by="deputy", after=minutes(20)),
            Note(
                (
                    "The learner who saw the video is being supported; she does not want {name} "
                    "to know she reported it."
                ),
                back=hours(1),
                by="deputy",
                after=hours(1),
            ),
            Refer(
                ReferralKind.POLICE_PREVENT,
                POLICE_PREVENT,
                (
                    "Support for an attack, material that calls for violence, and pressure on "
                    "another learner: this meets the threshold for a Prevent referral. Consent "
                    "not sought: telling {name} could put the learner who reported at risk. "
                    "Prepared for the lead's approval."
                ),
                consent="not_sought",
                consent_reason="Telling {name} could put the learner who reported at risk.",
                by="deputy",
                after=hours(2),
            ),
        ),
    ),
    Story(
        "q_lodging",
        "qm",
        ago(hours=26),
        "assessor",
        site=1,
        about=("learner:m:minor",),
        location="Employer placement visit",
        indicators=("personal-circumstances",),
        reported_type="",
        narrative=(
            "{name} told me the man he lodges with has taken his phone and bank card "
            "and makes him deliver parcels after work. He said he is frightened of him "
            "and does not want to go back tonight. He asked me not to tell his mum."
        ),
        steps=(
            Open(by="sessional", after=hours(1)),
            Note(
                "{name} is staying with his aunt tonight; she collected him from the placement.",
                by="sessional",
                after=hours(2),
            ),
            Refer(
                ReferralKind.CHILDRENS_SOCIAL_CARE,
                CHILDRENS_SERVICES,
                (
                    "Possible criminal exploitation of a child. Referral to children's social "
                    "care today; {name} was told we must share this to keep him safe."
                ),
                by="sessional",
                after=minutes(30),
            ),
        ),
    ),
    Story(
        "q_untriaged_online_flag",
        "qm",
        ago(hours=5),
        "tutor",
        site=2,
        about=("learner:f:young",),
        location="Online lesson (video call)",
        narrative=(
            "In the online lesson {name} had a large flag on the wall behind her with a "
            "symbol I have seen on extremist posts. When another learner asked about it "
            "she turned her camera off."
        ),
    ),
    Story(
        "q_untriaged_woods",
        "qm",
        on(3, "09:40"),
        "assessor",
        site=0,
        unknown_subject="A learner on the Tuesday level 3 group, first name possibly Jay",
        location="Car park, Quillmoor Centre",
        indicators=("associates",),
        narrative=(
            "In the car park after the session a learner from the Tuesday group told "
            "two younger learners they should come to his 'training' in the woods at "
            "weekends, 'to be ready'. I don't know his surname. The younger two looked "
            "unsure and walked off."
        ),
    ),
    Story(
        "q_untriaged_channel",
        "qm",
        ago(hours=27),
        "coach",
        site=1,
        about=("learner:m:adult",),
        location="Eastwold Works, canteen",
        indicators=("voices-support",),
        narrative=(
            "{name} told me he has been banned from a video site for 'telling the truth' "
            "about a religious group and is setting up his own channel. He asked if he "
            "could film it in the centre after hours."
        ),
    ),
    # --- Ravensholt College (general further education) -------------------------------
    Story(
        "r_lock_screen",
        "rv",
        on(520, "10:40"),
        "lecturer",
        site=2,
        about=("learner:m:young",),
        location="Workshop 1, Saltmarsh Road",
        narrative=(
            "During a break {name} had a flag as his phone's lock screen that another "
            "learner said was 'a far-right thing'. I asked him about it and he said it is "
            "the flag of his grandad's old regiment and showed me the regiment's page. "
            "Nobody in the group seemed upset."
        ),
        steps=(
            Open(after=hours(2)),
            Decide(
                NFA,
                (
                    "Looked at the image with the lecturer: a regimental flag with no "
                    "extremist link. No other concerns on file for {name}. No further "
                    "action."
                ),
                after=minutes(20),
            ),
        ),
    ),
    Story(
        "r_animal_labs",
        "rv",
        on(500, "14:20"),
        "tutor",
        site=0,
        about=("learner:m:young",),
        location="Room T3, Town Campus",
        indicators=("voices-support", "justifies-violence"),
        narrative=(
            "In the ethics lesson {name} said animal testing labs 'deserve to be burned "
            "down with the staff inside' and showed the group a post about a lab near "
            "the bypass. He said he goes to meetings of an animal rights group in town."
        ),
        steps=(
            Open(category="left-anarchist-single-issue", after=hours(3)),
            Decide(
                SUPPORT,
                (
                    "Single-issue views with a remark about violence against people; "
                    "the group he attends campaigns lawfully. No plan or target beyond "
                    "the post. Internal support with his tutor; a Prevent referral to "
                    "be considered at review if anything changes."
                ),
                after=hours(1),
            ),
            Act(
                "Tutorial with {name} about lawful protest and the remark about staff",
                "tutor",
                5,
                after=minutes(5),
            ),
            Done(0, after=days(3)),
            Hold(
                (
                    "Tutorial held; {name} called his remark 'stupid' and says his group is "
                    "peaceful. No other concerns from staff. Continue for two weeks."
                ),
                next_in=days(14),
                after=days(1),
            ),
            Hold(
                "No further remarks; {name} is doing well on the course. Support no longer needed.",
                END_SUPPORT,
                after=days(14),
            ),
            Close("Internal support completed with no further concerns. Closed.", after=hours(2)),
        ),
    ),
    Story(
        "r_leaflets_van",
        "rv",
        on(430, "15:55"),
        "librarian",
        site=1,
        unknown_subject="A man aged about 40 in a grey van, not from the college",
        location="Outside the Mickledene Campus gate",
        indicators=("material",),
        reported_type="extreme-right-wing",
        seen_before=minutes(20),
        narrative=(
            "At home time a man in a grey van parked outside the gate and handed "
            "leaflets to learners. The leaflet invites 'young patriots' to a training "
            "weekend. I asked him to leave and he drove off. I have kept two leaflets."
        ),
        steps=(
            Open(category="extreme-right-wing", after=hours(1)),
            Refer(
                ReferralKind.POLICE_PREVENT,
                POLICE_PREVENT,
                (
                    "An unknown adult recruiting learners at the gate for an extreme right-wing "
                    "event. Referral to Police Prevent with the leaflets, time and place; no "
                    "learner's details shared."
                ),
                after=hours(1),
            ),
            Approve("NVP-{yy}-0251", after=minutes(10)),
            Outcome("acknowledged", "Received by the Prevent team.", after=hours(2)),
            Note(
                "Site team to watch the gate at home time for two weeks; staff briefing sent.",
                after=hours(1),
            ),
            Note(
                "Police Prevent traced the van and spoke to the man. No further sightings.",
                back=days(1),
                after=days(15),
            ),
            Close(
                "Police dealt with the man; no further sightings in a month. Closed.",
                after=days(16),
            ),
            Outcome("adopted", "Adopted for a Prevent assessment.", after=hours(1)),
            Outcome(
                "support_in_progress", "Mentoring arranged by the Prevent team.", after=days(6)
            ),
        ),
    ),
    Story(
        "r_channel_travel",
        "rv",
        on(400, "09:15"),
        "tutor",
        site=0,
        about=("learner:f:young",),
        location="Tutorial room, Town Campus",
        indicators=("travel", "recruiter-contact", "closed-groups"),
        narrative=(
            "{name} told her tutor group she has been talking online with a woman "
            "abroad who says girls should leave home to 'live properly', and that she "
            "has been saving for a plane ticket. Her friend says she has a second phone."
        ),
        steps=(
            Open(category="islamist", after=hours(1)),
            Refer(
                ReferralKind.POLICE_PREVENT,
                POLICE_PREVENT,
                (
                    "Online contact with a possible recruiter and a plan to travel. Prevent "
                    "referral today. Consent not sought: telling {name} first could raise the "
                    "risk that she leaves."
                ),
                consent="not_sought",
                consent_reason="Telling {name} first could raise the risk that she leaves.",
                after=hours(1),
            ),
            Approve("NVP-{yy}-0077", after=minutes(20)),
            Outcome("acknowledged", "Prevent officer confirmed receipt.", after=hours(3)),
            Outcome("adopted", "Taken to the Channel panel.", after=days(5)),
            Panel(
                "support_offered",
                (
                    "The panel agreed the referral meets the threshold for Channel. {name} has "
                    "agreed to meet an intervention provider weekly; the college keeps tutorial "
                    "support and checks attendance."
                ),
                CHANNEL_PANEL,
                actions=(
                    ("Weekly sessions with {name}", "Intervention provider", None),
                    ("Report attendance and wellbeing to the panel", "College DSL", 56),
                    ("Home visit with the family", "Children's social care", 14),
                ),
                after=days(20),
            ),
            Outcome(
                "support_in_progress", "Channel support agreed at the panel.", after=minutes(5)
            ),
            Note(
                (
                    "Prevent officer confirmed receipt; a home visit is planned with children's "
                    "social care."
                ),
                back=hours(2),
                after=hours(5),
            ),
            Note(
                (
                    "Channel panel adopted the case. An intervention provider will meet {name} "
                    "weekly at college."
                ),
                back=days(1),
                after=days(20),
            ),
            Act(
                "Book a private room for {name}'s weekly sessions with the intervention provider",
                "deputy",
                7,
                after=hours(1),
            ),
            Done(0, after=days(3)),
            Note(
                (
                    "Channel review: {name} has ended the online contact and her family are "
                    "working with the panel."
                ),
                back=days(2),
                after=days(90),
            ),
            Close(
                (
                    "Channel support completed and the panel closed its case. {name} has no "
                    "contact with the woman and is on track with her course. Closed."
                ),
                after=days(60),
            ),
            Monitor(
                (
                    "Closed after Channel support: watch attendance and any sign of renewed "
                    "contact until the end of the academic year."
                ),
                240,
                after=hours(1),
            ),
            Panel(
                "support_ended",
                (
                    "Good engagement over several months; no further concerns from the college "
                    "or the family. The panel closed Channel support."
                ),
                CHANNEL_PANEL[:3],
                ended=True,
                after=days(20),
            ),
            Outcome(
                "closed", "Channel support ended; reviews at 6 and 12 months.", after=minutes(5)
            ),
        ),
    ),
    Story(
        "r_essay",
        "rv",
        on(360, "12:05"),
        "tutor",
        site=0,
        about=("learner:f:young",),
        location="Room T7, Town Campus",
        narrative=(
            "{name}'s history essay on the 1930s quotes long passages from a political "
            "speech of the time without saying where they came from. When I asked, she "
            "said she found them in a documentary. The essay's conclusion criticises "
            "the ideas."
        ),
        steps=(
            Open(by="deputy", after=hours(4)),
            Decide(
                NFA,
                (
                    "Read the essay with the tutor: the quotations are used critically in "
                    "a history assignment. Academic freedom applies; there is no concern "
                    "about {name}. No further action; feedback on referencing from the "
                    "tutor."
                ),
                by="deputy",
                after=hours(2),
            ),
        ),
    ),
    Story(
        "r_meetings_flat",
        "rv",
        on(330, "13:35"),
        "tutor",
        site=0,
        about=("learner:f:minor",),
        location="Tutorial room, Town Campus",
        indicators=("associates",),
        narrative=(
            "{name} said her older brother takes her to meetings at a flat where men "
            "talk about 'punishing' people who insult their religion. She said she feels "
            "scared there and does not want to go, but he says she has to."
        ),
        steps=(
            Open(category="islamist", after=hours(1)),
            Refer(
                ReferralKind.CHILDRENS_SOCIAL_CARE,
                CHILDRENS_SERVICES,
                (
                    "A child pressed by an older family member to attend meetings where "
                    "violence is justified. Referral to children's social care, who will "
                    "involve Police Prevent. {name} agreed to the referral."
                ),
                after=hours(1),
            ),
            Approve("MASH-{yy}-01187", after=minutes(20)),
            Outcome(
                "acknowledged", "The front door logged the referral the same day.", after=hours(4)
            ),
            Note(
                (
                    "Social worker and Prevent officer met {name} at college. Her brother is "
                    "being worked with separately and she no longer goes to the flat."
                ),
                back=days(1),
                after=days(10),
            ),
            Close(
                (
                    "Children's social care completed their assessment and closed with a family "
                    "support plan. {name} is safe and attending. Closed."
                ),
                after=days(50),
            ),
            Outcome("closed", "Assessment completed; family support in place.", after=hours(1)),
        ),
    ),
    Story(
        "r_reopen_first",
        "rv",
        on(310, "10:25"),
        "lecturer",
        site=2,
        about=("learner:m:young",),
        location="Workshop 3, Saltmarsh Road",
        indicators=("material", "rejection"),
        reported_type="extreme-right-wing",
        narrative=(
            "{name} has been playing videos out loud in the workshop from a channel "
            "that says one religious group is 'invading' the country. When another "
            "learner challenged him he said 'you'll see what happens'. He has fallen "
            "out with most of the group this term."
        ),
        steps=(
            Open(category="extreme-right-wing", after=hours(2)),
            Decide(
                SUPPORT,
                (
                    "Repeated sharing of extreme right-wing content and a remark that "
                    "unsettled others; isolated from his peers. No sign of contact "
                    "with groups. Internal support: mentoring and an online safety "
                    "session; review in 48 hours."
                ),
                after=hours(1),
            ),
            Act(
                "Weekly mentoring for {name} with the learning mentor",
                "lecturer",
                28,
                after=minutes(5),
            ),
            Act(
                "Online safety session with {name} on algorithms and extreme content",
                "tutor",
                10,
                after=minutes(3),
            ),
            Hold(
                (
                    "{name} has met the mentor twice and stopped playing the videos in class. "
                    "Continue."
                ),
                next_in=days(14),
                after=days(2),
            ),
            Done(1, after=days(6)),
            Hold(
                (
                    "Mentor says {name} is talking more with the group and has joined the "
                    "college football team. Continue to the end of mentoring."
                ),
                next_in=days(14),
                after=days(8),
            ),
            Done(0, after=days(12)),
            Hold(
                "Mentoring complete; no concerns from staff for a month. Support no longer needed.",
                END_SUPPORT,
                after=days(2),
            ),
            Close(
                (
                    "Internal support completed; {name} stopped sharing the content and is "
                    "better settled. Closed."
                ),
                after=hours(1),
            ),
        ),
    ),
    Story(
        "r_tshirt",
        "rv",
        on(260, "09:05"),
        "lecturer",
        site=1,
        about=("learner:m:young",),
        location="Sports hall, Mickledene Campus",
        narrative=(
            "{name} wore a T-shirt with a slogan and a symbol that I thought might be "
            "extremist. He said it is from a band he likes and showed me their page."
        ),
        steps=(
            Open(by="deputy2", after=hours(3)),
            Decide(
                NFA,
                (
                    "The slogan and symbol are a band's, with no known extremist links. "
                    "No other concern about {name}. No further action."
                ),
                by="deputy2",
                after=hours(1),
            ),
        ),
    ),
    Story(
        "r_stickers",
        "rv",
        on(200, "11:50"),
        "sessional",
        site=1,
        about=("learner:m:young",),
        location="Toilets by the sports hall, Mickledene Campus",
        indicators=("joined-group", "associates", "material"),
        narrative=(
            "Twelve stickers with a web address for a group I had not heard of were "
            "stuck up in the toilets by the sports hall. {name} told me he put them up, "
            "that he has joined the group's online chat, and that 'they are the only "
            "ones telling the truth'."
        ),
        steps=(
            Open(category="extreme-right-wing", after=hours(1)),
            Note(
                (
                    "Stickers photographed and removed by the site team. The web address is an "
                    "extreme right-wing group's."
                ),
                back=hours(2),
                after=hours(1),
            ),
            Refer(
                ReferralKind.POLICE_PREVENT,
                POLICE_PREVENT,
                (
                    "Membership of an extreme right-wing group's chat and spreading its "
                    "material on site. {name} was asked and agreed to talk to Prevent. Police "
                    "Prevent referral."
                ),
                after=hours(2),
            ),
            Approve("NVP-{yy}-0193", send=False, after=minutes(10)),
            Act(
                "Keep {name} in his tutor group and give him a named member of staff to talk to",
                "tutor",
                7,
                after=hours(1),
            ),
            Done(0, after=days(5)),
            Note(
                "Prevent officer: the referral goes to the Channel panel next month.",
                back=hours(3),
                after=days(1),
            ),
            Note(
                (
                    "Channel panel adopted the case; an intervention provider will meet {name} "
                    "weekly. The college sends attendance and behaviour updates to the panel."
                ),
                back=days(1),
                after=days(30),
            ),
            Note(
                (
                    "Channel review: {name} is working with the intervention provider and has "
                    "left the group's chat."
                ),
                back=hours(4),
                after=days(90),
            ),
        ),
    ),
    Story(
        "r_refugee_housing",
        "rv",
        on(180, "19:10"),
        "sessional",
        site=1,
        about=("learner:m:adult",),
        location="Evening class, Mickledene Campus",
        indicators=("personal-circumstances", "associates", "justifies-violence"),
        narrative=(
            "{name}, who is in my evening class, said the new housing for refugees near "
            "the estate 'will get burned down if nobody stops it' and that he knows "
            "people 'who will do it'. He was angry about his own housing."
        ),
        steps=(
            Open(category="extreme-right-wing", by="deputy2", after=hours(14)),
            Decide(
                SUPPORT,
                (
                    "A remark about arson at a named site and a claim to know people "
                    "who would do it. Discussed with Police Prevent without names: "
                    "they advised internal support and to share anything further. "
                    "{name}'s own housing problem is being addressed."
                ),
                by="deputy2",
                after=hours(2),
            ),
            Act(
                "Help {name} contact the housing advice service",
                "sessional",
                7,
                by="deputy2",
                after=minutes(5),
            ),
            Done(0, by="deputy2", after=days(6)),
            Hold(
                (
                    "{name} has a housing appointment and apologised for the remark. Nothing "
                    "further heard. Continue for a month."
                ),
                next_in=days(30),
                by="deputy2",
                after=days(1),
            ),
            Hold(
                (
                    "No further remarks in a month; {name} has been rehoused. Support no longer "
                    "needed."
                ),
                END_SUPPORT,
                by="deputy2",
                after=days(30),
            ),
            Close(
                (
                    "Internal support completed. The threat was not repeated and {name}'s "
                    "housing is settled. Closed."
                ),
                after=days(1),
            ),
            Monitor(
                (
                    "Watch for any further remarks about the refugee housing while it is in "
                    "the news; look again at the end of term."
                ),
                150,
                after=minutes(10),
            ),
        ),
    ),
    Story(
        "r_printers",
        "rv",
        on(150, "12:40"),
        "librarian",
        site=0,
        about=("learner:f:young", "learner:m:young"),
        location="Library printers, Town Campus",
        narrative=(
            "Two learners at the printers, {name} and {name2}, were talking loudly "
            "about 'the attack' and I thought I heard the name of a terrorist group. "
            "They stopped when they saw me."
        ),
        steps=(
            Open(by="deputy", after=hours(2)),
            Decide(
                NFA,
                (
                    "Both spoken to separately: they were talking about a video game and "
                    "the group is from the game. No concern. No further action; thanked "
                    "the librarian for reporting."
                ),
                by="deputy",
                after=hours(3),
            ),
        ),
    ),
    Story(
        "r_homeless",
        "rv",
        on(110, "09:20"),
        "tutor",
        site=0,
        about=("learner:f:minor",),
        location="Student services, Town Campus",
        indicators=("personal-crisis",),
        reported_type="",
        narrative=(
            "{name} told me she is not allowed home until her stepdad 'calms down'. She "
            "slept at a friend's last night and has not eaten since yesterday. She said "
            "he shouts at her mum and punched the wall next to her. She is worried "
            "about her little brother."
        ),
        steps=(
            Open(after=minutes(30)),
            Refer(
                ReferralKind.CHILDRENS_SOCIAL_CARE,
                CHILDRENS_SERVICES,
                (
                    "A child with no safe place to stay tonight, and a younger child at home "
                    "where domestic abuse is reported. Referral to children's social care now; "
                    "{name} knows we are sharing this and agreed."
                ),
                after=minutes(40),
            ),
            PhoneCall(
                "Eastwold Children's Services front door (duty social worker)",
                "{name}'s name and date of birth and this morning's disclosure, to check "
                "whether the family is known before the written referral.",
                "A child may be at risk of significant harm at home.",
                "Telling the parents first could put {name} at greater risk.",
                after=minutes(5),
            ),
            Approve("MASH-{yy}-04418", send=False, after=minutes(15)),
            Note(
                (
                    "Social worker rang: {name} is staying with her grandmother under a safety "
                    "plan; an assessment has started."
                ),
                back=hours(2),
                after=hours(6),
            ),
            Act(
                "Arrange free meals and a bus pass with student services", "tutor", 2, after=days(1)
            ),
            Done(0, after=days(1)),
            Note(
                (
                    "Strategy meeting attended by the DSL. The college will share attendance "
                    "weekly with the social worker."
                ),
                back=days(2),
                after=days(14),
            ),
        ),
    ),
    Story(
        "r_reopen_second",
        "rv",
        on(95, "15:05"),
        "librarian",
        site=0,
        about=("@r_reopen_first",),
        location="Library, Town Campus",
        indicators=("material", "associates"),
        reported_type="extreme-right-wing",
        narrative=(
            "{name} printed a leaflet in the library with the same slogan as the videos "
            "he used to play in the workshop, and a date and place for a 'meeting' in "
            "the town centre. He left a copy on the printer, which I have kept."
        ),
        steps=(
            Reopen(
                (
                    "A new concern, {ref}, about {name} repeats the concern this case was "
                    "opened for and mentions a meeting: reopened to look at both together."
                ),
                of="r_reopen_first",
                after=hours(2),
            ),
            Link(to="r_reopen_first", after=minutes(2)),
            Note(
                (
                    "Spoke to {name} with his tutor. He says he went to one meeting with an older "
                    "cousin and will not go again, and that nobody has asked him to do anything."
                ),
                back=hours(3),
                after=days(1),
            ),
            Decide(
                SUPPORT,
                (
                    "A repeat of the earlier concern, now with a link to a group "
                    "through a relative. Discussed with Police Prevent without names: "
                    "their advice is internal support, and a referral if he goes to "
                    "more meetings. Mentoring restarted; review in 48 hours."
                ),
                after=hours(2),
            ),
            Act("Restart weekly mentoring with {name}", "lecturer", 7, after=minutes(5)),
            Done(0, after=days(6)),
            Hold(
                (
                    "Mentoring restarted; {name} says he has not been to another meeting, and "
                    "his cousin has moved away. Next review in four weeks."
                ),
                next_in=days(28),
                after=days(1),
            ),
            Hold(
                "No new concerns and attendance is good. Continue monthly.",
                next_in=days(30),
                after=days(28),
            ),
            Hold(
                (
                    "Still no new concerns; {name} has applied for an apprenticeship. Continue; "
                    "next review after the apprenticeship interview."
                ),
                next_in=days(35),
                after=days(30),
            ),
        ),
    ),
    Story(
        "r_staff_video",
        "rv",
        on(75, "16:10"),
        "librarian",
        site=2,
        about=("staff:m",),
        location="Workshop group chat, Saltmarsh Road",
        indicators=("material", "voices-support"),
        reported_type="extreme-right-wing",
        narrative=(
            "A learner showed me a message in the workshop group chat from {name}, a "
            "member of staff, sharing a video that says the country is 'being replaced' "
            "and telling learners to 'look into it'. The learner was upset and asked me "
            "what to do."
        ),
        steps=(
            Open(category="extreme-right-wing", after=hours(2)),
            Restrict(("deputy",), after=minutes(10)),
            Refer(
                ReferralKind.LADO,
                LADO,
                (
                    "An allegation that a member of staff shared extreme right-wing material "
                    "with learners. Referred to the LADO the same day, as the guidance "
                    "requires. Case restricted to the named DSLs."
                ),
                consent="not_sought",
                consent_reason=(
                    "An allegation about a member of staff: the LADO is told before the "
                    "member of staff, as the guidance requires."
                ),
                after=hours(1),
            ),
            Approve("LADO-{yy}-117", after=minutes(5)),
            Download(after=minutes(10)),
            Outcome("acknowledged", "The LADO will convene an allegations meeting.", after=days(1)),
            ChaseBy(
                "Ask the LADO for the outcome of the allegations meeting.",
                "dsl",
                days(14),
                after=minutes(5),
            ),
            Note(
                (
                    "The LADO agreed the college's own investigation can go ahead. HR informed; "
                    "{name} is working away from learners meanwhile."
                ),
                back=hours(5),
                after=days(2),
            ),
            BreakGlass(
                (
                    "Covering safeguarding this week while the DSL is on leave; the LADO "
                    "has asked for an update on the investigation."
                ),
                by="deputy2",
                after=days(21),
            ),
            Note(
                "Gave the LADO the update agreed with HR. No new information about learners.",
                by="deputy2",
                after=hours(1),
            ),
        ),
    ),
    Story(
        "r_messages",
        "rv",
        on(60, "14:45"),
        "tutor",
        site=0,
        about=("learner:m:young",),
        location="Tutorial room, Town Campus",
        indicators=("material",),
        narrative=(
            "In tutorial {name} said women 'should not be allowed to vote' and that he "
            "follows a streamer who explains 'why men are oppressed'. After the lesson "
            "two girls in the group told me he has been sending them messages calling "
            "them names. One showed me the messages."
        ),
        steps=(
            Open(category="other", after=hours(2)),
            Party("victim", "learner:f:young", name_as="victim", after=hours(1)),
            Party("witness", "learner:f:young", name_as="witness", after=minutes(5)),
            Note(
                (
                    "{victim} and {witness} were seen by the deputy DSL. {victim} does not want "
                    "to make a police report; she wants the messages to stop."
                ),
                back=hours(2),
                by="deputy",
                after=hours(1),
            ),
            Decide(
                SUPPORT,
                (
                    "Misogynistic views from online influencers, and messages that "
                    "harassed another learner. No threat of violence. Internal "
                    "support: mentoring for {name}, a formal warning under the "
                    "behaviour policy, and support for {victim}; review in 48 hours."
                ),
                after=hours(2),
            ),
            Act(
                "Fortnightly mentoring for {name} on healthy relationships and online influencers",
                "tutor",
                14,
                after=minutes(5),
            ),
            Act(
                "Meet {victim} and agree how she will tell us if the messages start again",
                "deputy",
                2,
                after=minutes(3),
            ),
            Done(1, by="deputy", after=days(1)),
            Hold(
                (
                    "{name} has had a formal warning and met his mentor. {victim} reports no new "
                    "messages. Continue."
                ),
                next_in=days(14),
                after=days(1),
            ),
            Done(0, after=days(14)),
            Hold(
                (
                    "Two mentoring sessions held; {name} engages but still repeats the streamer's "
                    "views in class. No further messages. Continue monthly."
                ),
                next_in=days(28),
                after=days(1),
            ),
            Hold(
                (
                    "A further concern about a threat to a learner who blocked him was linked to "
                    "this case. {name} is on a behaviour contract; no incidents in two weeks. "
                    "Next review in three weeks."
                ),
                next_in=days(21),
                after=days(28),
            ),
        ),
    ),
    Story(
        "r_blocked",
        "rv",
        on(30, "11:30"),
        "lecturer",
        site=2,
        about=("@r_messages",),
        location="Workshop 2, Saltmarsh Road",
        narrative=(
            "{name} told another learner in the workshop that a girl who blocked him "
            "online 'will be sorry'. I don't know who he meant. He was angry and kicked "
            "a bin over on the way out."
        ),
        steps=(
            Link(to="r_messages", by="deputy", after=hours(3)),
            Note(
                (
                    "The learner he meant has been told and has a plan with her tutor for getting "
                    "to and from the workshop. {name} was spoken to and says he did not mean "
                    "anything by it."
                ),
                by="deputy",
                after=hours(2),
            ),
        ),
    ),
    Story(
        "r_pipe_search",
        "rv",
        on(20, "10:05"),
        "tutor",
        site=0,
        about=("learner:m:young",),
        location="Room T5, Town Campus",
        narrative=(
            "{name} searched for how to make a pipe bomb on a college computer. When I "
            "asked him, he said he was checking whether the filter works, on a dare from "
            "his friends."
        ),
        steps=(
            Open(by="deputy", after=hours(1)),
            Note(
                (
                    "IT checked the log: one search, blocked by the filter, nothing else of "
                    "concern. {name}'s friends confirmed the dare."
                ),
                by="deputy",
                after=hours(3),
            ),
            Decide(
                NFA,
                (
                    "One search, made on a dare and blocked by the filter; no other "
                    "concern. {name} has been reminded of the IT rules. No further "
                    "action."
                ),
                by="deputy",
                after=minutes(20),
            ),
        ),
    ),
    Story(
        "r_knife_gate",
        "rv",
        on(12, "08:45"),
        "lecturer",
        site=2,
        about=("learner:m:young",),
        location="Main gate, Saltmarsh Road",
        immediate_danger=True,
        seen_before=minutes(10),
        narrative=(
            "{name} told me at the gate that he had a knife in his bag and was going to "
            "'sort out' a learner from another course who had posted about his family. "
            "I could see the handle. I stayed with him, called security and then the "
            "DSL."
        ),
        steps=(
            Open(after=minutes(8)),
            Emergency(
                (
                    "A learner with a knife on site threatening another learner: emergency "
                    "procedure, police called at once."
                ),
                called_by="deputy",
                called_before=minutes(6),
                police_reference="Incident 0612 of {date}",
                after=minutes(4),
            ),
            Party("victim", "learner:m:young", after=hours(1)),
            Note(
                (
                    "Police came, took the knife and took {name} home to his mother. The learner "
                    "he named has been told and is being supported by his tutor."
                ),
                back=hours(1),
                after=hours(2),
            ),
            Note(
                (
                    "Police rang: {name} has been interviewed and released while they "
                    "investigate. He will not return to college before a meeting with him and "
                    "his mother."
                ),
                back=hours(5),
                after=days(2),
            ),
        ),
    ),
    Story(
        "r_shooting",
        "rv",
        on(9, "10:50"),
        "lecturer",
        site=2,
        about=("learner:m:young",),
        location="Workshop 1, Saltmarsh Road",
        indicators=("supports-attacks",),
        narrative=(
            "In the workshop {name} talked for a long time about a school shooting in "
            "America. He knew the attackers' names and the date, said he 'understood "
            "why they did it', and said he has watched footage of it many times. He "
            "laughed it off when I asked him about it."
        ),
        steps=(
            Open(category="extreme-violence", after=hours(1)),
            Note(
                (
                    "{name}'s tutor says his attendance has dropped this term; no earlier "
                    "concerns on file."
                ),
                after=hours(1),
            ),
            Decide(
                SUPPORT,
                (
                    "Interest in a mass-casualty attack with sympathy for the "
                    "attackers, but no stated intent, target or plan. Internal "
                    "support now with a quick review; a Prevent referral will be "
                    "reconsidered at the review."
                ),
                after=hours(2),
            ),
            Act(
                "Check in with {name} at the start of each workshop",
                "lecturer",
                14,
                after=minutes(5),
            ),
            Act(
                "Ask IT for {name}'s college device log for the last month",
                "deputy",
                1,
                after=minutes(3),
            ),
        ),
    ),
    Story(
        "r_immigrants_videos",
        "rv",
        on(5, "14:10"),
        "tutor",
        site=0,
        about=("learner:m:minor",),
        location="Room T2, Town Campus",
        indicators=("personal-crisis", "material", "voices-support"),
        reported_type="extreme-right-wing",
        narrative=(
            "{name} has been showing classmates videos from an account that blames "
            "immigrants for crime in the town. Today, watching one, he said 'someone "
            "should do something about them'. He has been on his own more since he "
            "moved out of his dad's house last month."
        ),
        steps=(
            Open(category="extreme-right-wing", by="deputy", after=hours(2)),
            Note(
                (
                    "Phone call with {name}'s mother: she has seen the same videos at home and "
                    "welcomes the support."
                ),
                back=hours(2),
                by="deputy",
                after=hours(3),
            ),
            Decide(
                SUPPORT,
                (
                    "First concern on file: online content and a remark, with no sign "
                    "of contact with groups or of planning. {name} is under 18 and "
                    "has recently moved home. Internal support with his tutor and the "
                    "counselling service; review in 48 hours."
                ),
                by="deputy",
                after=minutes(30),
            ),
            Act(
                (
                    "Weekly mentoring with {name}'s tutor, including the online safety session "
                    "on misinformation"
                ),
                "tutor",
                2,
                by="deputy",
                after=minutes(5),
            ),
            Act(
                "Offer {name} a referral to the college counselling service",
                "deputy",
                2,
                by="deputy",
                after=minutes(3),
            ),
            Done(1, by="deputy", after=days(1)),
        ),
    ),
    Story(
        "r_untriaged_travel",
        "rv",
        ago(hours=30),
        "tutor",
        site=1,
        about=("learner:f:young",),
        location="Mickledene Campus",
        indicators=("travel",),
        narrative=(
            "{name} has missed a week of lessons. Her friend told me she has been "
            "talking online with someone abroad who wants her to travel to meet him, "
            "and that she has asked friends to lend her money."
        ),
    ),
    Story(
        "r_untriaged_manifesto",
        "rv",
        ago(hours=2),
        "librarian",
        site=0,
        about=("learner:m:young",),
        location="Library quiet area, Town Campus",
        indicators=("material",),
        narrative=(
            "{name} was reading printed pages of what looks like an attacker's "
            "manifesto in the quiet area and left them on the table when he went. I "
            "have kept the pages."
        ),
    ),
    Story(
        "r_untriaged_hammer",
        "rv",
        ago(hours=0.6),
        "lecturer",
        site=2,
        about=("learner:m:young",),
        location="Workshop 2, Saltmarsh Road",
        immediate_danger=True,
        seen_before=minutes(5),
        narrative=(
            "{name} ran out of the workshop saying he was going to 'finish it' with the "
            "lad who has been messaging him. He took a claw hammer from the bench. "
            "Security are looking for him now and I have called 999."
        ),
    ),
)
