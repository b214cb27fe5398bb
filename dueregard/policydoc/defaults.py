"""The default text of a Prevent policy, for a DSL to adapt. Written for this project.

``{organisation}`` is replaced by the organisation's name when the text is first set up.
Each entry: (key, heading, text). Blank lines separate paragraphs; "- " starts a bullet.
"""

from __future__ import annotations

DEFAULT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "purpose",
        "Purpose and scope",
        (
            "Under section 26 of the Counter-Terrorism and Security Act 2015, {organisation} "
            "must have due regard to the need to prevent people from being drawn into "
            "terrorism. This policy explains how we meet that duty as part of our everyday "
            "safeguarding work.\n\n"
            "It applies to everyone who learns, works or volunteers with us: learners of "
            "every age, employees, sessional and agency staff, contractors, governors and "
            "visitors. It covers every site we use, work placements we arrange, and the "
            "online spaces we provide.\n\n"
            "Prevent is about early help. Most people who cause concern need support, not a "
            "police response, and nothing in this policy treats a belief, faith or political "
            "view as a problem in itself."
        ),
    ),
    (
        "commitments",
        "What we commit to",
        (
            "- Keep a written assessment of the risks of people being drawn into terrorism in "
            "our own setting, review it at least once a year, and act on what it shows.\n"
            "- Make sure every member of staff knows the signs that someone may be at risk "
            "and knows how to pass a concern on the same day.\n"
            "- Protect freedom of speech and academic freedom within the law, so that "
            "difficult subjects can be discussed safely in class.\n"
            "- Promote mutual respect, tolerance, democracy, the rule of law and individual "
            "liberty in our teaching and in the way we run the organisation.\n"
            "- Work with the police, the local authority and other partners, and share "
            "information only when it is lawful, necessary and proportionate."
        ),
    ),
    (
        "roles",
        "Roles and responsibilities",
        (
            "The board holds senior leaders to account for the Prevent duty and receives a "
            "report on it at least once a term, in figures that identify nobody.\n\n"
            "The Designated Safeguarding Lead is also our Prevent lead. They receive and "
            "decide on concerns, decide whether a referral is needed, approve every referral "
            "and every sharing of information outside the organisation, keep the risk "
            "register and action plan, and make sure staff are trained. Deputy safeguarding "
            "leads act for the lead when they are not available.\n\n"
            "Every member of staff must pass on a concern without delay, in their own words "
            "and without investigating it themselves. Managers make sure their teams complete "
            "the training this policy requires."
        ),
    ),
    (
        "training",
        "Training and awareness",
        (
            "All staff complete Prevent awareness training when they join and refresh it "
            "every year. Safeguarding leads complete more detailed training at least every "
            "two years. Governors and board members receive a briefing each year.\n\n"
            "Learners hear about staying safe from extremist influences, including online, "
            "during induction and through their tutorial programme."
        ),
    ),
    (
        "raising",
        "Raising a concern",
        (
            "If you notice something that worries you, tell us. You do not need to be sure, "
            "and you will not get anyone into trouble by asking. A concern is a record of "
            "what you saw or heard; it is neither proof nor a prediction.\n\n"
            "Record the concern in dueregard as soon as you can, using the words that were "
            "used and describing what you saw. Do not promise to keep a secret, and do not "
            "question the person to find out more."
        ),
    ),
    (
        "sharing",
        "Information sharing",
        (
            "We share personal information with other agencies only when it is necessary to "
            "keep someone safe and the law allows it. We use the least information that will "
            "do, we record what we shared, with whom, why and on what lawful basis, and the "
            "Designated Safeguarding Lead approves every disclosure first.\n\n"
            "We usually ask for consent before making a referral, but we do not need consent "
            "where asking would put someone at risk or where a child is at risk of "
            "significant harm. When we share without consent we record the reason.\n\n"
            "Records of concerns are kept securely, apart from other learner records, and are "
            "only seen by the safeguarding team."
        ),
    ),
    (
        "speakers",
        "External speakers and events",
        (
            "Anyone who invites a speaker or organises an event on our premises, or in our "
            "name, tells us in advance. We check the speaker and the event proportionately, "
            "and we may add conditions, such as a chair or an opposing view, rather than "
            "refuse. We only cancel when the law or a real risk of harm requires it."
        ),
    ),
    (
        "online",
        "Online safety and IT",
        (
            "Our networks filter and monitor access to terrorist and extremist material. "
            "Alerts from the filtering system go to the safeguarding team, who treat them as "
            "concerns. Learners and staff agree to our acceptable use policy before they use "
            "our systems."
        ),
    ),
    (
        "review",
        "Monitoring and review",
        (
            "We review this policy every year, and sooner if the law or statutory guidance "
            "changes, if the national threat level changes, or if a concern shows that our "
            "arrangements need to change. The current risk register and action plan are "
            "attached as appendices."
        ),
    ),
)
