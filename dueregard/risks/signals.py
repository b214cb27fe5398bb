"""What the register tells the apps above it, without importing them.

``guidance_changed`` is sent inside the transaction that records a change in law or
guidance (``services.record_guidance_change``), with ``membership`` and ``change``: an app
above the register (``policydoc``) flags the policies it affects in the same transaction,
so the change and its flags are written together or not at all.
"""

from __future__ import annotations

from django.dispatch import Signal

guidance_changed = Signal()
