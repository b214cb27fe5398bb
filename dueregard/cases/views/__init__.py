"""Case pages for the DSL and deputies. Every change goes through ``cases.services``.

* ``pages``: the case list, the case page (and break glass), the access log;
* ``changes``: the shared lookup and form page of every change;
* ``decisions``: recording a decision;
* ``support``: people on the case, support actions, reviews, notes;
* ``closure``: closing, reopening, monitoring, the type of concern;
* ``restriction``: restricting a case;
* ``chronology``: the whole chronology, narrowed by kinds and dates;
* ``printing``: the case file and the chronology as PDFs.
"""
