from typing import Any

from django.apps import AppConfig


class PolicydocConfig(AppConfig):
    name = "dueregard.policydoc"
    label = "policydoc"
    verbose_name = "Generated Prevent policy"

    def ready(self) -> None:
        from dueregard.risks.signals import guidance_changed

        guidance_changed.connect(_flag_policies, dispatch_uid="policydoc-flag-policies")


def _flag_policies(sender: Any, *, membership: Any, change: Any, **_kwargs: Any) -> None:
    """A change in law or guidance flags the Prevent policy and those it names for review
    (the register's own flag is ``risks.queries.review_flags``)."""
    from dueregard.policies.services import flag_for_guidance_change

    flag_for_guidance_change(membership, changed_on=change.changed_on, reason=change.description)
