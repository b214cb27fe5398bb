"""Every change to training data, one module per part of the domain:

* ``courses``: courses, training requirements and the default requirements;
* ``records``: completions (entered, own, a session's register), verifying and
  withdrawing them, evidence files, where and since when a member works;
* ``briefings``: CPD briefings and counting one as a course;
* ``imports``: starting a CSV import (the worker is ``training.tasks``).

Each function checks the permission, runs in one transaction and writes an audit event
(a code from ``training.audit_codes``), never naming the person. Raises ``NotPermitted``
for a role that may not make the change and ``DomainError`` for input the domain refuses.
"""
