"""Finding people in the directory by name or reference: one rule for every search box."""

from __future__ import annotations

from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet

from dueregard.people.models import Person

#: Words after the fifth are ignored: a longer search is not a better one.
MAX_SEARCH_WORDS = 5


def matching(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """``people`` whose given name, family name or reference holds every word of ``text``
    (case-insensitive); all of ``people`` when ``text`` has no words."""
    words = text.split()[:MAX_SEARCH_WORDS]
    if not words:
        return people
    return people.filter(
        reduce(
            and_,
            (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(reference__icontains=word)
                for word in words
            ),
        )
    )
