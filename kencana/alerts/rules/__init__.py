"""The rule registry: one module per rule family, each registering itself on import."""

from . import cap_warnings, hazard_warnings, plans, readiness, stock  # noqa: F401 - registers the rules
from .base import REGISTRY, Condition, Rule, register

__all__ = ["REGISTRY", "Condition", "Rule", "register", "rule_label"]


def rule_label(code: str) -> str:
    rule = REGISTRY.get(code)
    return str(rule.label) if rule else code
