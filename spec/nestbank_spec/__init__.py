"""The Nest Bank API spec as a library: the one reader of the documents.

`load()` the bank's document (`nestbank.yaml`, shipped inside this package) or any file;
walk its `operations()` (method, path, operationId, the raw objects) with their merged
`parameters()`; `resolve()` local `$ref`s; read the `error_catalogue()` and the
`x-nestbank-*` extensions. The generator, the sandbox, the review, the fuzz tool and the
tests all read the spec through it, so there is one list of HTTP methods, one resolver,
one catalogue parser.
"""

from .catalogue import CatalogueEntry, error_catalogue, meanings
from .documents import API, CONTROLS, document_path, load, parse
from .extensions import ERRORS, PERMISSION, SOURCE, error_codes, permissions, source
from .operations import HTTP_METHODS, Operation, operations, parameter_key, parameters
from .refs import UnresolvedRef, lookup, resolve

__all__ = [
    "API",
    "CONTROLS",
    "ERRORS",
    "HTTP_METHODS",
    "PERMISSION",
    "SOURCE",
    "CatalogueEntry",
    "Operation",
    "UnresolvedRef",
    "document_path",
    "error_catalogue",
    "error_codes",
    "load",
    "lookup",
    "meanings",
    "operations",
    "parameter_key",
    "parameters",
    "parse",
    "permissions",
    "resolve",
    "source",
]
