"""Training pages, one module per part of the domain. Every change goes through
``training.services``.

Who may do what: the DSL team and administrators manage courses, records and briefings
(requirements: the DSL team); senior leaders read the named compliance matrix (``matrix``);
inspectors read it as figures only; every member but an inspector sees their own (``mine``).
"""
