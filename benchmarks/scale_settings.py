"""Settings for ``benchmarks/scale.py``: the production settings, plus a hello page.

Everything comes from ``dueregard.settings`` (the production profile, as the benchmark's
environment chooses). Two things change, and only here:

* ``ROOT_URLCONF`` adds ``/_bench/hello`` (``benchmarks/scale_urls.py``), a page that
  makes no query, served through the same middleware; the app's own URLs never have it.
* ``STATIC_ROOT``: production collects static files into the checkout
  (``staticfiles/``); the benchmark collects them into its own folder under /tmp, which
  it removes afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

from dueregard.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.scale_urls"
STATIC_ROOT = Path(os.environ["DUEREGARD_SCALE_STATIC_ROOT"])
