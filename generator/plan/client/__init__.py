"""Plan the client: operations, their groups, auth, servers, async tasks and module imports."""

from .imports import namespace_imports
from .planner import plan_client
from .plans import ClientPlan, NamespacePlan, OperationPlan, TaskPlan
from .tasks import plan_tasks

__all__ = [
    "ClientPlan",
    "NamespacePlan",
    "OperationPlan",
    "TaskPlan",
    "namespace_imports",
    "plan_client",
    "plan_tasks",
]
