"""The web app's guard rails: where ``next=`` may lead, its keys, cookies and vendored files."""

from __future__ import annotations

import hashlib
import re

import pytest

from entrypoints.web.config import WebConfig
from entrypoints.web.safe_redirects import safe_next
from entrypoints.web.static_assets import STATIC_DIRECTORY
from entrypoints.web.token_cookies import CookiePolicy


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/me/devices", "/me/devices"),
        ("/account/audit?action=auth.login", "/account/audit?action=auth.login"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/\tevil", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_accepts_same_origin_paths_only(target: str | None, kept: str) -> None:
    """Anything that could leave the site, or hide a way to, goes home instead."""
    assert safe_next(target) == kept


def test_every_deployment_worker_derives_the_same_csrf_key() -> None:
    """Workers share the signing secret, so their CSRF tokens verify anywhere."""
    first = WebConfig.from_signing_secret("s" * 32, secure_cookies=False)
    second = WebConfig.from_signing_secret("s" * 32, secure_cookies=False)
    other = WebConfig.from_signing_secret("t" * 32, secure_cookies=False)
    assert first.csrf_secret == second.csrf_secret != other.csrf_secret
    assert first.csrf_secret != "s" * 32  # derived, never the signing key itself


@pytest.mark.parametrize(
    ("always", "scheme", "secure"),
    [(False, "http", False), (False, "https", True), (True, "http", True)],
)
def test_cookies_are_secure_over_https_or_when_told(
    *, always: bool, scheme: str, secure: bool
) -> None:
    """The setting forces it; HTTPS implies it."""
    assert CookiePolicy(always_secure=always).secure_for(scheme) is secure


def test_vendored_files_are_the_ones_their_packages_shipped() -> None:
    """Each file listed in static/VENDORED.md still hashes to the recorded SHA-256."""
    listing = (STATIC_DIRECTORY / "VENDORED.md").read_text()
    rows = re.findall(
        r"^\| (?P<file>[\w.-]+) \|.*\| `(?P<sha>[0-9a-f]{64})` \|$", listing, re.MULTILINE
    )
    assert rows
    for name, recorded in rows:
        assert hashlib.sha256((STATIC_DIRECTORY / name).read_bytes()).hexdigest() == recorded
