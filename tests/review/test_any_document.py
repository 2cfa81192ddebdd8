"""The checker accepts any OpenAPI 3.0/3.1 document: generated pairs never raise.

Documents are built from every keyword the comparer knows (and a few it does not),
in both OpenAPI versions' spellings, with local ``$ref``s (cycles included) to
components that exist. Every pair is compared both ways, and a document against
itself reports nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_review.compare_ops import diff_specs
from nestbank_review.policy import POLICIES, apply_policy

SCHEMA_NAMES = ["A", "B", "C"]
# YAML reads unquoted numbers as integer keys (`200:`, a property `1:`).
NAMES = st.sampled_from(["id", "name", "tags", "x", "$ref", "é", "a/b", "~0", 1, 2])
TYPES = st.sampled_from(["string", "integer", "number", "boolean", "array", "object", "null"])
PATTERNS = st.sampled_from(["", ".*", "^[a-z]+$", "^.*$", "[\\s\\S]*", "^\\d{3}$"])
# Every finite 16-bit float. Unbounded, `width=16` draws 64-bit floats and rejects those
# that overflow: more than half of the generated documents were thrown away for one scalar
# (and each rejection wrote the whole strategy's repr, hypothesis's "208 kB" warning).
HALF_FLOATS = st.floats(min_value=-65504.0, max_value=65504.0, width=16)
# YAML gives dates and odd scalars in enums and defaults; JSON values otherwise.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    HALF_FLOATS,
    st.text(max_size=3),
    st.just(datetime.date(2024, 1, 2)),
)
KEYWORDS_PER_SCHEMA = 6  # see _keywords
NUMBERS = st.one_of(st.integers(0, 50), st.floats(0, 50, allow_nan=False, width=16))


def _keywords(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "type": st.one_of(TYPES, st.lists(TYPES, min_size=1, max_size=3, unique=True)),
        "nullable": st.booleans(),
        "format": st.sampled_from(["date-time", "uuid", "int64", "binary"]),
        "enum": st.lists(SCALARS, min_size=1, max_size=4),
        "const": SCALARS,
        "x-extensible-enum": st.one_of(st.booleans(), st.lists(st.text(max_size=3), max_size=3)),
        "pattern": PATTERNS,
        "maxLength": NUMBERS,
        "minimum": NUMBERS,
        "exclusiveMaximum": st.one_of(st.booleans(), NUMBERS),
        "maxContains": NUMBERS,
        "multipleOf": st.sampled_from([1, 2, 0.5]),
        "default": SCALARS,
        "uniqueItems": st.booleans(),
        "readOnly": st.booleans(),
        "writeOnly": st.booleans(),
        "deprecated": st.booleans(),
        "description": st.text(max_size=5),
        "properties": st.dictionaries(NAMES, children, max_size=3),
        "required": st.lists(NAMES, max_size=3, unique=True),
        "additionalProperties": st.one_of(st.booleans(), children),
        "unevaluatedProperties": st.one_of(st.booleans(), children),
        "unevaluatedItems": st.one_of(st.booleans(), children),
        "items": st.one_of(children, st.booleans()),
        "prefixItems": st.lists(children, max_size=3),
        "contains": children,
        "not": children,
        "if": children,
        "then": children,
        "else": children,
        "propertyNames": children,
        "contentMediaType": st.sampled_from(["application/json", "text/plain"]),
        "contentSchema": children,
        "anyOf": st.lists(children, max_size=3),
        "oneOf": st.lists(children, max_size=3),
        "allOf": st.lists(children, max_size=3),
        "dependentRequired": st.dictionaries(NAMES, st.lists(NAMES, max_size=2), max_size=2),
        "dependentSchemas": st.dictionaries(NAMES, children, max_size=2),
        "patternProperties": st.dictionaries(PATTERNS, children, max_size=2),
        "x-vendor": SCALARS,
    }
    # Any mix of up to KEYWORDS_PER_SCHEMA keywords per schema. Drawing each of the ~40
    # on its own gave ~20 per schema and documents of hundreds of kB, whose generation
    # took most of the tests' time (77 s, now 16 s); the comparer's lines and branches
    # reached stay as many or more (76% and 86% before, 84% and 86% after, seeds 1, 2).
    return st.lists(
        st.sampled_from(sorted(optional)), max_size=KEYWORDS_PER_SCHEMA, unique=True
    ).flatmap(lambda chosen: st.fixed_dictionaries({name: optional[name] for name in chosen}))


REF = st.sampled_from(SCHEMA_NAMES).map(lambda n: {"$ref": f"#/components/schemas/{n}"})
SCHEMAS = st.recursive(
    st.one_of(_keywords(st.just({})), REF, st.booleans()),
    lambda children: st.one_of(_keywords(children), REF),
    max_leaves=8,
)

MEDIA = st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"])
CONTENT = st.dictionaries(
    MEDIA, st.fixed_dictionaries({}, optional={"schema": SCHEMAS}), max_size=2
)
PARAMETER = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["id", "q", "X-Trace", "x-trace"]),
        "in": st.sampled_from(["query", "header", "path", "cookie"]),
    },
    optional={
        "required": st.booleans(),
        "deprecated": st.booleans(),
        "schema": SCHEMAS,
        "content": CONTENT,
        "style": st.sampled_from(["form", "simple"]),
        "explode": st.booleans(),
    },
)
PARAMETERS = st.lists(
    st.one_of(PARAMETER, st.just({"$ref": "#/components/parameters/P"})), max_size=3
)
HEADERS = st.dictionaries(
    st.sampled_from(["X-Rate", "Retry-After", "retry-after"]),
    st.fixed_dictionaries({}, optional={"required": st.booleans(), "schema": SCHEMAS}),
    max_size=2,
)
INLINE_RESPONSE = st.fixed_dictionaries(
    {"description": st.just("d")}, optional={"headers": HEADERS, "content": CONTENT}
)
RESPONSE = st.one_of(INLINE_RESPONSE, st.just({"$ref": "#/components/responses/R"}))
STATUS = st.sampled_from(["200", 200, "201", "204", "2XX", "400", 404, "default"])
SECURITY = st.lists(
    st.dictionaries(
        st.sampled_from(["key", "oauth"]),
        st.lists(st.sampled_from(["read", "write"]), max_size=2, unique=True),
        max_size=2,
    ),
    max_size=2,
)
OPERATION = st.fixed_dictionaries(
    {"responses": st.dictionaries(STATUS, RESPONSE, max_size=3)},
    optional={
        "operationId": st.sampled_from(["getA", "getB", "putA"]),
        "deprecated": st.booleans(),
        "parameters": PARAMETERS,
        "requestBody": st.one_of(
            st.fixed_dictionaries({"content": CONTENT}, optional={"required": st.booleans()}),
            st.just({"$ref": "#/components/requestBodies/B"}),
        ),
        "security": SECURITY,
        "x-nestbank-errors": st.dictionaries(
            st.sampled_from(["400", "404", 401]), st.lists(st.text(max_size=3), max_size=2)
        ),
    },
)
PATH_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "parameters": PARAMETERS,
        "get": OPERATION,
        "put": OPERATION,
        "post": OPERATION,
        "delete": OPERATION,
    },
)
SCHEMES = st.fixed_dictionaries(
    {},
    optional={
        "key": st.fixed_dictionaries(
            {
                "type": st.just("apiKey"),
                "in": st.just("header"),
                "name": st.sampled_from(["a", "b"]),
            }
        ),
        "oauth": st.fixed_dictionaries(
            {
                "type": st.just("oauth2"),
                "flows": st.fixed_dictionaries(
                    {},
                    optional={
                        "clientCredentials": st.fixed_dictionaries(
                            {
                                "tokenUrl": st.sampled_from(["https://a/t", "https://b/t"]),
                                "scopes": st.dictionaries(
                                    st.sampled_from(["read", "write"]), st.just("s")
                                ),
                            }
                        )
                    },
                ),
            }
        ),
    },
)
DOCUMENTS = st.fixed_dictionaries(
    {
        "openapi": st.sampled_from(["3.0.3", "3.1.0"]),
        "info": st.just({"title": "t", "version": "1"}),
        "paths": st.dictionaries(
            st.sampled_from(["/a", "/a/{id}", "/a/{key}", "/b/{id}/c"]), PATH_ITEM, max_size=3
        ),
        "components": st.fixed_dictionaries(
            {
                "schemas": st.fixed_dictionaries({n: SCHEMAS for n in SCHEMA_NAMES}),
                "parameters": st.fixed_dictionaries({"P": PARAMETER}),
                "responses": st.fixed_dictionaries({"R": INLINE_RESPONSE}),
                "requestBodies": st.fixed_dictionaries({"B": st.just({"content": {}})}),
                "securitySchemes": SCHEMES,
            }
        ),
    },
    optional={
        "webhooks": st.dictionaries(st.sampled_from(["made", "gone"]), PATH_ITEM, max_size=2),
        "security": SECURITY,
        "servers": st.lists(
            st.fixed_dictionaries({"url": st.sampled_from(["https://a", "https://b"])}),
            max_size=2,
        ),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, DOCUMENTS)
def test_any_pair_of_documents_compares_without_error(old: Any, new: Any) -> None:
    for base, head in ((old, new), (new, old)):
        report = diff_specs(base, head)
        for change in report.changes:
            assert change.rule and change.location and change.operations
        # Every policy applied the other way still classifies without error.
        apply_policy(report.changes, {rule: False for rule in POLICIES})
    assert diff_specs(None, new).changes is not None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_a_document_against_itself_reports_nothing(doc: Any) -> None:
    report = diff_specs(doc, doc)
    assert report.changes == []
    assert report.changed_operations == []


def _skeleton(version: str, schema: Any, components: dict[str, Any]) -> dict[str, Any]:
    """One document that puts ``schema`` at every place the comparer reads a schema."""
    body = {"content": {"application/json": {"schema": schema}}}
    response = {
        "description": "d",
        "headers": {"X-Trace": {"schema": schema}},
        **body,
    }
    operation = {
        "parameters": [{"name": "q", "in": "query", "schema": schema}],
        "requestBody": body,
        "responses": {"200": response},
    }
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"post": operation}},
        "webhooks": {"made": {"post": operation}},
        "components": {"schemas": components},
    }


ALIGNED = st.tuples(
    st.sampled_from(["3.0.3", "3.1.0"]),
    SCHEMAS,
    SCHEMAS,
    st.fixed_dictionaries({n: SCHEMAS for n in SCHEMA_NAMES}),
    st.fixed_dictionaries({n: SCHEMAS for n in SCHEMA_NAMES}),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ALIGNED)
def test_schemas_at_the_same_places_compare_without_error(aligned: Any) -> None:
    # Same skeleton, different schemas: every schema rule meets every kind of value.
    version, old_schema, new_schema, old_components, new_components = aligned
    old = _skeleton(version, old_schema, old_components)
    new = _skeleton(version, new_schema, new_components)
    for base, head in ((old, new), (new, old)):
        for change in diff_specs(base, head).changes:
            assert change.side in ("request", "response", "operation")
    assert diff_specs(old, old).changes == []
