"""Issue 18 on SQLite and PostgreSQL: the OpenAPI document describes what the server does."""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import Final

import pytest

from entrypoints.http.paging import MAX_OFFSET
from tests.unit.entrypoints.http.trees_wire import SESSIONS, TREES, new_tree
from tests.unit.entrypoints.http.wire import Api, Json, Tokens

# Past the 64-bit integers both databases take for OFFSET: once a 500 on each.
HUGE: Final = 2**63


@pytest.mark.parametrize("listing", [TREES, SESSIONS, "versions"])
@pytest.mark.parametrize("offset", [HUGE, MAX_OFFSET + 1])
def test_an_offset_past_its_bound_answers_400_naming_it(
    api: Api, owner_tokens: Tokens, listing: str, offset: int
) -> None:
    """Every listing bounds ``offset``; the database never sees one it cannot take."""
    path = (
        f"{TREES}/{new_tree(api, owner_tokens)['id']}/versions"
        if listing == "versions"
        else listing
    )
    response = api.get(path, owner_tokens, {"offset": offset})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["field"] == "offset"
    assert body["errors"][0] == {"field": "offset", "message": body["detail"], "source": "query"}


def test_the_largest_offset_answers_an_empty_page(api: Api, owner_tokens: Tokens) -> None:
    """The bound itself is a valid offset on both databases."""
    for path in (TREES, SESSIONS):
        page = api.get(path, owner_tokens, {"offset": MAX_OFFSET})
        assert page.status_code == 200, page.text
        assert page.json()["items"] == []


@pytest.mark.parametrize("path", [TREES, SESSIONS, f"{TREES}/not-a-uuid", f"{SESSIONS}/42"])
def test_a_malformed_id_answers_404_like_an_unknown_one(
    api: Api, owner_tokens: Tokens, path: str
) -> None:
    """SPEC 10: an unknown id is 404 ``not_found``, however it is spelled."""
    if path in (TREES, SESSIONS):
        path = f"{path}/00000000-0000-4000-8000-000000000000"
    response = api.get(path, owner_tokens)
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "not_found"}


def documented(api: Api) -> Json:
    """The served OpenAPI document."""
    response = api.client.get("/api/docs/openapi.json")
    assert response.status_code == 200
    document: Json = response.json()
    return document


def resolved(document: Json, schema: Json) -> Json:
    """``schema`` with a top-level ``$ref`` followed."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: Json = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def error_schema(document: Json, path: str, method: str, status: int) -> Json:
    """The body schema the document gives ``method path`` answering ``status``."""
    answer = document["paths"][path][method]["responses"][str(status)]
    return resolved(document, answer["content"]["application/json"]["schema"])


def test_every_400_has_the_documented_shape(api: Api, owner_tokens: Tokens) -> None:
    """A missing or mistyped query parameter and an unusable invite all name the field."""
    document = documented(api)
    shape = error_schema(document, "/api/v1/auth/register", "post", 400)
    error_item = resolved(document, shape["properties"]["errors"]["items"])
    sources = set(error_item["properties"]["source"]["enum"])
    answers = {
        "q": api.get(f"{TREES}/search", owner_tokens),
        "limit": api.get(TREES, owner_tokens, {"limit": "ten"}),
        "invite_code": api.client.post(
            "/api/v1/auth/register",
            json={
                "email": "x@example.com",
                "password": "long enough",
                "name": "X",
                "invite_code": "no-such-code",
            },
        ),
    }
    for field, response in answers.items():
        assert response.status_code == 400, response.text
        body = response.json()
        assert set(body) == set(shape["required"]), body
        assert body["field"] == field
        assert [error["field"] for error in body["errors"]] == [field]
        assert {error["source"] for error in body["errors"]} <= sources
    assert answers["q"].json()["errors"][0]["source"] == "query"
    assert answers["invite_code"].json()["detail"] == "invalid_invite"


def test_every_422_lists_problems_as_documented(api: Api, owner_tokens: Tokens) -> None:
    """A policy out of bounds and an unpublishable tree answer the same problem objects."""
    document = documented(api)
    shape = error_schema(document, "/api/v1/trees", "post", 422)
    problem = resolved(document, shape["properties"]["problems"]["items"])
    policy = api.patch("/api/v1/accounts/me/security", owner_tokens, {"idle_minutes": 1})
    tree = api.post(
        TREES,
        owner_tokens,
        {"title": "T", "status": "published", "document": {"start": "x", "nodes": []}},
    )
    for response in (policy, tree):
        assert response.status_code == 422, response.text
        body = response.json()
        assert set(body) == set(shape["required"])
        assert body["problems"]
        for item in body["problems"]:
            assert set(item) == set(problem["required"]) == set(problem["properties"])
            assert item["severity"] in resolved(document, problem["properties"]["severity"])["enum"]
    assert policy.json()["problems"][0]["code"] == "invalid_session_policy"


def test_exports_answer_in_the_content_types_they_declare(api: Api, owner_tokens: Tokens) -> None:
    """Diagrams and ticket texts are not JSON, and the document says what they are."""
    document = documented(api)
    tree = new_tree(api, owner_tokens)
    tree_export = document["paths"]["/api/v1/trees/{tree_id}/export"]["get"]
    session_export = document["paths"]["/api/v1/sessions/{session_id}/export"]["post"]
    walk = api.post(SESSIONS, owner_tokens, {"tree_id": tree["id"]}).json()
    answers = {
        fmt: api.get(f"{TREES}/{tree['id']}/export", owner_tokens, {"format": fmt})
        for fmt in ("json", "mermaid", "dot")
    } | {
        fmt: api.post(f"{SESSIONS}/{walk['id']}/export", owner_tokens, {"format": fmt})
        for fmt in ("markdown", "text", "html")
    }
    media_types = {fmt: r.headers["content-type"].split(";")[0] for fmt, r in answers.items()}
    assert media_types == {
        "json": "application/json",
        "mermaid": "text/plain",
        "dot": "text/vnd.graphviz",
        "markdown": "text/markdown",
        "text": "text/plain",
        "html": "text/html",
    }
    assert set(tree_export["responses"]["200"]["content"]) == {
        media_types[fmt] for fmt in ("json", "mermaid", "dot")
    }
    assert set(session_export["responses"]["200"]["content"]) == {
        media_types[fmt] for fmt in ("markdown", "text", "html")
    } | {"application/json"}


def operations(document: Json) -> list[tuple[str, str, Json]]:
    """Every (path, method, operation) of the document."""
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_integer_query_parameter_is_bounded(api: Api) -> None:
    """limit, offset, ...: a minimum and a maximum, which the server enforces (above)."""
    for path, method, operation in operations(documented(api)):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            if parameter["in"] == "query" and schema.get("type") == "integer":
                assert {"minimum", "maximum"} <= set(schema), (method, path, parameter["name"])


def test_request_schemas_carry_the_servers_constraints(api: Api) -> None:
    """Lengths, email format, minute bounds, no unknown fields, the tree document."""
    document = documented(api)
    schemas = document["components"]["schemas"]
    register = schemas["RegisterRequest"]["properties"]
    assert register["email"]["format"] == "email"
    assert (register["password"]["minLength"], register["password"]["maxLength"]) == (8, 1024)
    assert register["name"]["maxLength"] == 200
    requests = [name for name in schemas if name.endswith("Request")]
    assert requests
    for name in requests:
        assert schemas[name].get("additionalProperties") is False or all(
            arm["additionalProperties"] is False for arm in schemas[name]["oneOf"]
        ), name
    minutes, preset = schemas["SecurityPatchRequest"]["oneOf"]
    assert minutes["properties"]["idle_minutes"]["minimum"] == 15
    assert minutes["properties"]["absolute_minutes"]["maximum"] == 129600
    assert preset["required"] == ["preset"]
    node = schemas["NewTreeRequest"]["properties"]["document"]["properties"]["nodes"]["items"]
    assert set(node["properties"]["kind"]["enum"]) == {
        "question",
        "action",
        "solution",
        "escalation",
        "link",
    }
    revoke = document["paths"]["/api/v1/accounts/me/security/revoke-sessions"]["post"]
    assert revoke["requestBody"]["required"] is False


def test_every_operation_has_a_summary_an_example_and_retry_after(api: Api) -> None:
    """Summaries in words, an example to start from, Retry-After wherever it is sent."""
    document = documented(api)
    schemas = document["components"]["schemas"]
    for path, method, operation in operations(document):
        where = (method, path)
        assert " " in operation["summary"], where
        request = operation.get("requestBody", {}).get("content", {})
        examples = [
            resolved(document, media["schema"]).get("examples") for media in request.values()
        ] + [parameter.get("example") for parameter in operation.get("parameters", [])]
        examples += [
            resolved(document, media.get("schema", {})).get("examples")
            for answer in operation["responses"].values()
            for media in answer.get("content", {}).values()
        ]
        assert any(examples), where
        if request and "application/json" in request:
            body = resolved(document, request["application/json"]["schema"])
            arms = [body, *(resolved(document, arm) for arm in body.get("oneOf", []))]
            assert any(arm.get("examples") for arm in arms), where
        for status in ("429", "503"):
            if status in operation["responses"]:
                assert "Retry-After" in operation["responses"][status]["headers"], where
        assert "503" in operation["responses"], where
    assert schemas["TokenBody"]["examples"]
    assert document["info"]["version"] == version("decision-tree")


def test_the_documentation_pages_load_nothing_from_elsewhere(api: Api) -> None:
    """Swagger UI at /api/docs and ReDoc at /api/redoc, on assets this server serves."""
    for page in ("/api/docs", "/api/redoc"):
        response = api.client.get(page)
        assert response.status_code == 200
        linked = re.findall(r"""(?:src|href)=["']([^"']+)""", response.text)
        assert linked, page
        for url in linked:
            assert url.startswith("/api/docs/assets/"), (page, url)
            asset = api.client.get(url)
            assert asset.status_code == 200, url
            assert "max-age" in asset.headers["cache-control"]
        assert "https://" not in response.text


def test_options_allows_every_method_of_its_path(api: Api, owner_tokens: Tokens) -> None:
    """``Allow`` lists each documented method, not only the first one registered."""
    document = documented(api)
    tree = new_tree(api, owner_tokens)
    for template in ("/api/v1/accounts/me/security", TREES, f"{TREES}/{{tree_id}}"):
        path = template.replace("{tree_id}", tree["id"])
        response = api.client.options(path, headers={"Authorization": "Bearer x"})
        assert response.status_code == 204
        allowed = set(response.headers["allow"].split(", "))
        assert allowed == {method.upper() for method in document["paths"][template]} | {"OPTIONS"}
