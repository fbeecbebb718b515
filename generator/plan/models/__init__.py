"""Plan the model modules: one dataclass, alias or union per schema, with decoders and encoders."""

from .imports import module_imports, type_parts
from .planner import ModelPlanner, plan_models
from .state import MODEL_RESERVED, ModelPlan

__all__ = [
    "MODEL_RESERVED",
    "ModelPlan",
    "ModelPlanner",
    "module_imports",
    "plan_models",
    "type_parts",
]
