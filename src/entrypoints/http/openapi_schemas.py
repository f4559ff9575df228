"""How the OpenAPI document describes our msgspec bodies beyond Litestar's defaults.

* A request body rejects unknown fields (``forbid_unknown_fields``), so its
  schema says ``additionalProperties: false``.
* A body with an example (:mod:`entrypoints.http.openapi_examples`) shows it.
* The policy patch states this deployment's minute bounds (they are
  settings) and that a preset and minutes exclude each other.
"""

from __future__ import annotations

from typing import Any

# Litestar's own plugin for msgspec Structs, extended below; it has no public import path.
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import OpenAPIType, Reference, Schema
from litestar.typing import FieldDefinition

from decision_core.settings import SessionSettings
from entrypoints.http.openapi_examples import EXAMPLES
from entrypoints.http.schemas.base import RequestBody, ResponseBody
from entrypoints.http.schemas.security import SecurityPatchRequest


class BodySchemaPlugin(StructSchemaPlugin):
    """Litestar's Struct schemas, completed for our request and response bodies."""

    def __init__(self, sessions: SessionSettings) -> None:
        """``sessions`` holds the minute bounds the policy patch documents."""
        self._sessions = sessions

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        """Our own bodies only; other Structs keep Litestar's plugin."""
        return super().is_plugin_supported_field(field_definition) and (
            field_definition.is_subclass_of(RequestBody)
            or field_definition.is_subclass_of(ResponseBody)
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:  # noqa: ANN401 - Litestar's private SchemaCreator
        """The component schema Litestar builds, with what it leaves out."""
        schema = super().to_openapi_schema(field_definition, schema_creator)
        body = field_definition.type_
        if field_definition.is_subclass_of(RequestBody):
            schema.additional_properties = False
        if body in EXAMPLES:
            schema.examples = [EXAMPLES[body]]
        if body is SecurityPatchRequest:
            self._document_policy_patch(schema)
        return schema

    def _document_policy_patch(self, schema: Schema) -> None:
        """Minutes within this deployment's bounds, or a preset alone (``{}`` changes nothing)."""
        sessions = self._sessions
        bounds = {
            "idle_minutes": (sessions.idle_minutes_min, sessions.idle_minutes_max),
            "absolute_minutes": (sessions.absolute_minutes_min, sessions.absolute_minutes_max),
        }
        minutes: dict[str, Schema | Reference] = {
            name: Schema(
                one_of=[Schema(type=OpenAPIType.INTEGER), Schema(type=OpenAPIType.NULL)],
                minimum=low,
                maximum=high,
            )
            for name, (low, high) in bounds.items()
        }
        preset = (schema.properties or {}).get("preset")
        schema.properties = None
        schema.required = None
        schema.type = None
        schema.one_of = [
            Schema(
                type=OpenAPIType.OBJECT,
                properties=minutes,
                additional_properties=False,
                description="Overrides in minutes; null clears one, a key left out keeps it.",
            ),
            Schema(
                type=OpenAPIType.OBJECT,
                properties={"preset": preset} if preset is not None else None,
                required=["preset"],
                additional_properties=False,
                description="A preset, which replaces both overrides.",
            ),
        ]


__all__ = ["BodySchemaPlugin"]
