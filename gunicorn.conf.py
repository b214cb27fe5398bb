"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py dueregard.wsgi``.

gunicorn runs behind a TLS-terminating reverse proxy on the same host (the proxy sets
``X-Forwarded-Proto``, which ``SECURE_PROXY_SSL_HEADER`` trusts). Its ``Server`` header
names only "gunicorn", never a version (``dueregard/core/tests/test_server_banner.py``
checks); the proxy should drop it too (nginx: ``server_tokens off;`` and
``proxy_hide_header Server;``).

Variables: ``GUNICORN_BIND`` (default ``127.0.0.1:8000``; a host:port or
``unix:/run/dueregard.sock``) and ``GUNICORN_WORKERS`` (default 3).
"""

from __future__ import annotations

from dueregard.env import env_int, env_str

bind = [env_str("GUNICORN_BIND") or "127.0.0.1:8000"]
workers = env_int("GUNICORN_WORKERS", 3)
# No access log: request lines carry record ids and query strings about people.
accesslog = None
errorlog = "-"
# Only the local proxy may say the request came over https.
forwarded_allow_ips = "127.0.0.1,::1"
