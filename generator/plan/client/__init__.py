"""Plan the client: operations, their groups, auth, servers, async tasks and module imports."""

from .imports import namespace_imports
from .planner import ClientPlan, NamespacePlan, OperationPlan, plan_client
from .tasks import TaskPlan, plan_tasks

__all__ = [
    "ClientPlan",
    "NamespacePlan",
    "OperationPlan",
    "TaskPlan",
    "namespace_imports",
    "plan_client",
    "plan_tasks",
]
