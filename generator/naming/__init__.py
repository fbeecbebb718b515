"""Naming: every identifier the generated code uses is made here.

``words`` turns spec text into safe Python names (snake, Pascal, reserved words, length
cuts) and hands them out through a :class:`Scope` that never gives one name twice;
``models`` names schemas (inline ones from their place); ``client`` names operations,
groups, servers and environment variables.
"""

from .client import GROUP_RESERVED, METHOD_RESERVED, env_var_name, method_candidates, namespace_of
from .models import NameContext, claim_name, preferred_name, stem
from .words import BUILTINS, MAX_NAME, Scope, class_name, identifier, pascal, snake, split_words

__all__ = [
    "BUILTINS",
    "GROUP_RESERVED",
    "MAX_NAME",
    "METHOD_RESERVED",
    "NameContext",
    "Scope",
    "claim_name",
    "class_name",
    "env_var_name",
    "identifier",
    "method_candidates",
    "namespace_of",
    "pascal",
    "preferred_name",
    "snake",
    "split_words",
    "stem",
]
