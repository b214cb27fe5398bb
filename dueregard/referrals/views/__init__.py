"""Referral pages (DSL team): the referral and the lead's approval (``referral``), its
follow-ups (``follow_ups``) and the referral document (``documents``).

Every change goes through the referral services and ``core.formviews.form_view``: a refused
change is shown on the form, a disallowed transition answers 409 with the reason and writes
nothing. The information-sharing log's pages are in ``sharing.views``.
"""
