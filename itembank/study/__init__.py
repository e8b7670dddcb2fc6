"""The re-study path: the domain guide a bank carries and the plan built from a scored attempt.

Import from here; `guide` holds what a bank says about its domains (objectives, study
resources, the URL rule), `plan` the rule that turns a scored form into a study plan.
"""

from __future__ import annotations

from itembank.study.guide import (
    MAX_DESCRIPTION_LENGTH,
    MAX_DOMAINS,
    MAX_OBJECTIVES_PER_DOMAIN,
    MAX_RESOURCES,
    MAX_TITLE_LENGTH,
    OBJECTIVE_ID_PATTERN,
    DomainGuide,
    Objective,
    StudyResource,
    resource_url_problem,
)
from itembank.study.plan import DomainStudy, ItemMark, ObjectiveStudy, StudyPlan, plan_study

__all__ = [
    "MAX_DESCRIPTION_LENGTH",
    "MAX_DOMAINS",
    "MAX_OBJECTIVES_PER_DOMAIN",
    "MAX_RESOURCES",
    "MAX_TITLE_LENGTH",
    "OBJECTIVE_ID_PATTERN",
    "DomainGuide",
    "DomainStudy",
    "ItemMark",
    "Objective",
    "ObjectiveStudy",
    "StudyPlan",
    "StudyResource",
    "plan_study",
    "resource_url_problem",
]
