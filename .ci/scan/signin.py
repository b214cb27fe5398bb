"""Sign in to the app on 127.0.0.1 through the real sign-in form; print the session.

Usage: python signin.py BASE_URL EMAIL PASSWORD TOTP_SECRET. Enters the password, then
(when asked) the authenticator app's code for the base32 ``TOTP_SECRET``. Prints
``COOKIE=<Cookie header>`` and ``CSRF=<form token>`` lines for the shell. Standard library
only. Refuses any host but 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.cookiejar
import re
import struct
import sys
import time
import urllib.parse
import urllib.request
from typing import Any

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str, period: int = 30, digits: int = 6) -> str:
    """RFC 6238 with SHA-1, as authenticator apps compute it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def post_form(
    opener: urllib.request.OpenerDirector, url: str, page: str, fields: dict[str, str]
) -> Any:
    match = TOKEN.search(page)
    if not match:
        raise SystemExit(f"signin: no CSRF token on {url}")
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), **fields}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310 (main checks http://127.0.0.1)
    return opener.open(request, timeout=20)


def main(base: str, email: str, password: str, secret: str) -> int:
    if urllib.parse.urlsplit(base).hostname != "127.0.0.1":
        print(f"signin: refusing to sign in anywhere but 127.0.0.1: {base}", file=sys.stderr)
        return 2
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base}/accounts/login/"
    page = opener.open(login_url, timeout=20).read().decode()
    response = post_form(opener, login_url, page, {"login": email, "password": password})
    if "/2fa/authenticate" in response.geturl():
        url = response.geturl()
        response = post_form(opener, url, response.read().decode(), {"code": totp(secret)})
    if urllib.parse.urlsplit(response.geturl()).path.startswith("/accounts/"):
        print(f"signin: still on {response.geturl()} after signing in", file=sys.stderr)
        return 1
    # A form page of the signed-in session gives a token that matches the session's cookie.
    page = opener.open(f"{base}/concerns/raise/", timeout=20).read().decode()
    match = TOKEN.search(page)
    if not match:
        print("signin: no CSRF token on a signed-in page", file=sys.stderr)
        return 1
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "sessionid=" not in cookies:
        print("signin: no session cookie after signing in", file=sys.stderr)
        return 1
    print(f"COOKIE='{cookies}'")
    print(f"CSRF='{match.group(1)}'")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
