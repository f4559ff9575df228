"""A multipart body on a web page: read as a form, once, and refused where a plain form is due."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.unit.entrypoints.web.conftest import csrf_token, register_and_sign_in


@pytest.mark.timeout(10)
def test_a_multipart_post_to_a_page_reading_a_plain_form_is_refused_at_once(
    browser: TestClient[Litestar],
) -> None:
    """The CSRF check has read the parts already; the screening answers 415 instead of waiting."""
    register_and_sign_in(browser)
    token = csrf_token(browser, "/account/members")
    answer = browser.post(
        "/account/members/invite",
        data={"_csrf_token": token, "role": "engineer"},
        files={"file": ("a.txt", b"hello", "text/plain")},
    )
    assert answer.status_code == 415
    assert answer.headers["content-type"].startswith("text/html")  # a page, as the form's was
    assert "application/x-www-form-urlencoded" in answer.text
