#!/usr/bin/env python
"""Django's command-line utility for dueregard."""

import os
import sys


def _settings_problem(error: Exception) -> str:
    """What to tell someone whose settings do not load: the problem and the profiles."""
    from dueregard.env import PROFILES

    profile = os.environ.get("DUEREGARD_PROFILE")
    chosen = (
        f"DUEREGARD_PROFILE is {profile!r}."
        if profile
        else "DUEREGARD_PROFILE is not set, so the production profile was used."
    )
    lines = [f"dueregard: the settings did not load: {error}", chosen, "The profiles are:"]
    lines += [f"  {name:<11} {what}" for name, what in PROFILES.items()]
    lines.append("On a development machine: DUEREGARD_PROFILE=dev ./manage.py <command>")
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dueregard.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings, which check the profile)
    except ImproperlyConfigured as error:
        sys.stderr.write(_settings_problem(error) + "\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
