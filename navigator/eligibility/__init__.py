"""The eligibility rule engine: JSON Logic, three-valued evaluation and explanations.

Pure Python (no Flask, no database) so it can be tested directly and reused by the content
loader, the questionnaire, the referral path and the benchmarks.
"""

from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.explain import FactVocab, Line, Node, render
from navigator.eligibility.jsonlogic import apply, compile, compiled, validate, variables
from navigator.eligibility.threevalued import (
    Evaluation,
    Rule,
    Status,
    compiled_tri,
    evaluate,
    select_rule,
    status_of,
)
from navigator.eligibility.tree import explain
from navigator.eligibility.tri import compile_tri

__all__ = [
    "Evaluation",
    "FactVocab",
    "JsonLogicError",
    "Line",
    "Node",
    "Rule",
    "Status",
    "apply",
    "compile",
    "compile_tri",
    "compiled",
    "compiled_tri",
    "evaluate",
    "explain",
    "render",
    "select_rule",
    "status_of",
    "validate",
    "variables",
]
