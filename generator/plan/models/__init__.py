"""Plan the model modules: one dataclass, alias or union per schema, with decoders and encoders."""

from .imports import module_imports, type_parts
from .planner import MODEL_RESERVED, ModelPlan, ModelPlanner, plan_models

__all__ = [
    "MODEL_RESERVED",
    "ModelPlan",
    "ModelPlanner",
    "module_imports",
    "plan_models",
    "type_parts",
]
