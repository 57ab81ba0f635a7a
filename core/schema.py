"""The OpenAPI schema and its interactive docs.

drf-spectacular's schema plus what the views really answer: anonymous reads,
JSON errors on every operation, CSV on lists, conditional requests, versioned
changes (``If-Match``, 412, 428, conflicts), and exact string constraints (no
NUL, no blank required text).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions

from core import text

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "code"],
    "properties": {
        "detail": {
            "type": "string",
            "description": "What was wrong, in words for the person writing the "
            "client.",
        },
        "code": {
            "type": "string",
            "description": "A stable code: invalid, not_found, not_authenticated, "
            "permission_denied, throttled, not_acceptable, conflict, …",
        },
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "For invalid input: the messages for each field or "
            "parameter.",
        },
        "codes": {
            "type": "object",
            "additionalProperties": True,
            "description": "The same, as codes: `required`, `invalid`, `blank`, "
            "`does_not_exist` (no such country or official), `unique`, "
            "`unsourced`, `dates_out_of_order`, …",
        },
        "conflicts": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["theirs", "yours"],
                "properties": {"theirs": {}, "yours": {}},
            },
            "description": "For a change conflicting with a save made since its "
            "`version` (code `conflict`): each field both changed, with the "
            "stored value (`theirs`) and the one sent (`yours`).",
        },
    },
}

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_RESPONSES = {
    "400": "Invalid input: a bad parameter, body or field value (see `errors`).",
    "401": "Not logged in: writes need a token or a session.",
    "403": "Logged in, but without the permission this operation needs.",
    "404": "No such record, page or endpoint (drafts are not found by readers "
    "who may not see them).",
    "406": "The `Accept` header asks for a format this endpoint does not offer.",
    "429": "Too many requests from an anonymous client; wait `Retry-After` seconds.",
}
WRITE_ERROR_RESPONSES = {
    "409": "Conflicts with the stored data: a code or slug already taken, a field "
    "someone else changed since the `version` sent (code `conflict`, see "
    "`conflicts`), or a record others still refer to.",
    "415": "The body is not JSON (send `Content-Type: application/json`).",
}
# Changing a record: the change names the version it was made to.
UPDATE_ERROR_RESPONSES = {
    "412": "`If-Match` names a version that is no longer the stored one "
    "(code `stale`): read the record again.",
    "428": "Neither a `version` in the body nor an `If-Match` header: send the "
    "version the change was made to (code `precondition_required`).",
}
UPDATES = ("PUT", "PATCH")

ETAG_HEADERS = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "Names this answer (made from the content's version and "
        "the request, not from the body); send it back in `If-None-Match`. "
        'A record\'s detail puts its version first (`"v3-…"`): send it in '
        "`If-Match` to change the record only if it is still that version.",
    },
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "When the data behind this answer last changed; send it "
        "back in `If-Modified-Since`.",
    },
}
LIST_HEADERS = {
    "X-Total-Count": {
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
        "description": "Records matching the filters, on all pages.",
    },
    "Link": {
        "schema": {"type": "string"},
        "description": "RFC 8288 links to the next, previous, first and last pages.",
    },
}


class ApiSchema(AutoSchema):
    """drf-spectacular's schema plus what our views really answer.

    Reads are anonymous; every operation documents its JSON errors; lists
    document their CSV; GETs document conditional requests and their 304.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        single_line = getattr(field, "single_line", None)
        if direction == "request" and single_line is not None and "type" in schema:
            # core.serializers.TextField: the characters core.text refuses.
            schema["pattern"] = text.schema_pattern(
                single_line=single_line, required=not field.allow_blank
            )
        return schema

    def get_auth(self):
        auths = super().get_auth()
        if self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_format_parameters(self):
        formats = self.map_renderers("format")
        if self.method != "GET":
            return []
        return [
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "The format of the answer, instead of an `Accept` "
                "header.",
                "schema": {"type": "string", "enum": formats},
            }
        ]

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        parameters.append(
            OpenApiParameter(
                "lang",
                str,
                enum=[*(code for code, _ in settings.LANGUAGES), "all"],
                description="The language of translated fields (names, titles, "
                "summaries, captions, alt text), instead of `Accept-Language`; "
                "English where a text has no translation, and by default. `all`: "
                "those fields in English, each followed by `<field>_translations`, "
                '`{"en": …, "he": …, "ar": …, "ru": …}` (null where untranslated). '
                "The answer's `Content-Language` says which. Writes take "
                "`<field>_he` and the like; `<field>` is written in this language.",
            )
        )
        if self.method in UPDATES:
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description='The ETag of the record\'s detail (`"v3-…"`): '
                    "change it only if it is still that version (else 412). "
                    "Instead of, or as well as, `version` in the body.",
                )
            )
        if self.method == "GET":
            parameters += [
                OpenApiParameter(
                    "If-None-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier answer: 304 if unchanged.",
                ),
                OpenApiParameter(
                    "If-Modified-Since",
                    str,
                    OpenApiParameter.HEADER,
                    description="A Last-Modified from an earlier answer: 304 if "
                    "nothing changed since (when If-None-Match is absent).",
                ),
            ]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            ok = responses.get("200", {})
            ok.setdefault("headers", {}).update(ETAG_HEADERS)
            if "text/csv" in ok.get("content", {}):
                paginator = getattr(self.view, "paginator", None)
                ok["headers"].update(
                    getattr(paginator, "response_headers", LIST_HEADERS)
                )
                ok["content"]["text/csv"] = {
                    "schema": {
                        "type": "string",
                        "description": "UTF-8 with a byte order mark; a header row, "
                        "then the rows of this page as in JSON.",
                    }
                }
            responses["304"] = {
                "description": "Not modified since the ETag or date sent.",
                "headers": ETAG_HEADERS,
            }
            if "{slug}" in self.path:
                responses["301"] = {
                    "description": "An old slug: the record was renamed.",
                    "headers": {
                        "Location": {
                            "schema": {"type": "string", "format": "uri"},
                            "description": "The record's current address.",
                        }
                    },
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
        errors = dict(ERROR_RESPONSES)
        if self.method not in permissions.SAFE_METHODS:
            errors.update(WRITE_ERROR_RESPONSES)
        if self.method in UPDATES:
            errors.update(UPDATE_ERROR_RESPONSES)
        for status_code, description in errors.items():
            responses[status_code] = {
                "description": description,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}
                    }
                },
            }
            if status_code == "429":
                responses[status_code]["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "string", "pattern": "^[0-9]+$"},
                        "description": "Seconds to wait before the next request.",
                    }
                }
        return responses


NUL_FREE = r"^[^\x00]*$"
CONSTRAINED = {"enum", "format", "pattern", "anyOf"}
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"


def finish_schema(result, generator, request, public):
    """Postprocessing hook: the shared Error component, and string constraints.

    Every free-text input refuses NUL characters, and a required text must
    hold more than whitespace, as the serializers do.
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    _constrain_text(parameter["schema"], NUL_FREE, min_length=1)
            if method.upper() in UPDATES:
                _require_version(operation)
    for name, component in components.items():
        if name.endswith("Request"):
            for prop in component.get("properties", {}).values():
                required = prop.get("minLength", 0) >= 1
                _constrain_text(prop, NOT_BLANK if required else NUL_FREE)
    return result


def _require_version(operation: dict) -> None:
    """A change names the version it was made to. An ``If-Match`` header may
    do it instead, which JSON Schema cannot say: the schema asks for the field."""
    request_body = operation.get("requestBody")
    if request_body is None:
        return
    request_body["required"] = True
    for body in request_body.get("content", {}).values():
        if "schema" in body:
            body["schema"] = {"allOf": [body["schema"], {"required": ["version"]}]}


def _constrain_text(schema: dict, pattern: str, *, min_length: int = 0) -> None:
    if schema.get("type") != "string" or schema.keys() & CONSTRAINED:
        return
    schema["pattern"] = pattern
    if min_length:
        schema["minLength"] = max(schema.get("minLength", 0), min_length)


# Schema and docs views -------------------------------------------------------


@functools.cache
def _spectacular_views():
    # Imported on first use: drf-spectacular's views read DEFAULT_SCHEMA_CLASS
    # (ApiSchema, above) while their module loads.
    from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

    return (
        SpectacularAPIView.as_view(),
        # Its start-up script comes from this site, not an inline script.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
    )


@csrf_exempt
def schema_view(request, *args, **kwargs):
    return _spectacular_views()[0](request, *args, **kwargs)


@csrf_exempt
def docs_view(request, *args, **kwargs):
    return _spectacular_views()[1](request, *args, **kwargs)
