"""The import page without a browser: an export uploaded as a multipart form, and bad files."""

from __future__ import annotations

import json
from typing import Final
from uuid import UUID

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient

from adapters.memory import MemoryStore
from decision_core.trees.catalogue import TreeStatus
from tests.unit.entrypoints.web.conftest import csrf_token, register_and_sign_in
from tests.unit.tree_builders import printer_document

_EXPORT: Final = {
    "title": "Printer won't print",
    "description": "Office printers",
    "category": "Printing",
    "tags": ["printer"],
    "document": printer_document(),
}


def only_tree(store: MemoryStore) -> UUID:
    """The one tree stored."""
    [tree_id] = store.tables.trees
    assert isinstance(tree_id, UUID)
    return tree_id


def upload(client: TestClient[Litestar], content: bytes, name: str = "tree.json") -> Response:
    """Post ``content`` as the import page's file, as a browser's multipart form."""
    token = csrf_token(client, "/trees/import")
    files = {"file": (name, content, "application/json")}
    return client.post("/trees/import", data={"_csrf_token": token}, files=files)


def test_a_json_export_uploads_as_a_multipart_form(
    browser: TestClient[Litestar], store: MemoryStore
) -> None:
    """The request screening lets this page's multipart form through: a draft, opened to edit."""
    register_and_sign_in(browser)
    answer = upload(browser, json.dumps(_EXPORT).encode())
    tree_id = only_tree(store)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/trees/{tree_id}/edit?saved=imported"
    assert store.tables.trees[tree_id].status is TreeStatus.DRAFT


@pytest.mark.parametrize(
    ("content", "said", "status"),
    [
        (b"", "Choose a JSON file to import.", 422),
        (b"{", "The file is not JSON in UTF-8", 422),
        (b'{"title": "a\\u0000b"}', "title contains the NUL character", 422),
        (b"[" * 65 + b"]" * 65, "nests more than 64 levels", 422),
        (b'{"title": "x"}', "The file is not a tree export:", 422),
        (b'{"title": "\xff"}', "The file is not JSON in UTF-8 (invalid start byte)", 422),
    ],
)
def test_a_file_that_will_not_do_is_a_page_that_says_why(
    browser: TestClient[Litestar], store: MemoryStore, content: bytes, said: str, status: int
) -> None:
    """Nothing is created and the page names the defect."""
    register_and_sign_in(browser)
    answer = upload(browser, content, name="tree.json" if content else "")
    assert answer.status_code == status
    assert said in answer.text
    assert not store.tables.trees


def test_a_title_the_account_has_is_a_conflict_that_links_to_that_tree(
    browser: TestClient[Litestar], store: MemoryStore
) -> None:
    """A byte order mark is fine; a second import of one title names the first tree."""
    register_and_sign_in(browser)
    content = b"\xef\xbb\xbf" + json.dumps(_EXPORT).encode()
    upload(browser, content)
    first = only_tree(store)
    answer = upload(browser, content)
    assert answer.status_code == 409
    assert f'href="/trees/{first}/edit"' in answer.text
