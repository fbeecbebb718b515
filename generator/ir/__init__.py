"""Stage 2, IR: the spec as frozen, typed nodes that carry their JSON pointers.

In: a :class:`~generator.load.SourceSet`. Out: an :class:`Api` (``build_api``). The raw spec
dicts stop here: later stages see only these nodes. Queries over the IR (discriminator
targets, structural fingerprints, a reference evaluator, the ECMA-262 regex translator) live
beside the builders because they only read nodes.
"""

from .build import build_api
from .nodes import (
    JSON_TYPES,
    Api,
    Discriminator,
    Example,
    Json,
    MediaType,
    Operation,
    Param,
    Pattern,
    RequestBody,
    Response,
    Schema,
    SecurityScheme,
    Server,
    ServerVariable,
)

__all__ = [
    "JSON_TYPES",
    "Api",
    "Discriminator",
    "Example",
    "Json",
    "MediaType",
    "Operation",
    "Param",
    "Pattern",
    "RequestBody",
    "Response",
    "Schema",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "build_api",
]
