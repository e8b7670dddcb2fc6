"""Demo customer accounts: two organisations with learners, job roles and one expectation.

The learners are the ids ``accredo token create --sub ...`` names, so a newcomer can mint a
token for ``demo-ana`` and see coverage move after a pass. Idempotent: an account already
there (by external id) is left as it is.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import services as accounts
from service.accounts import store
from service.accounts.schemas import AccountCreate, RoleExpectation

DEMO_ACTOR = "demo"
DEMO_ACCOUNTS = (
    (
        "Northwind Traders",
        "crm-northwind",
        {"segment": "enterprise", "csm": "Priya"},
        (("demo-ana", "analyst"), ("demo-ben", "analyst"), ("demo-cho", "admin")),
    ),
    (
        "Contoso Health",
        "crm-contoso",
        {"segment": "mid-market", "csm": "Luis"},
        (("demo-dee", "analyst"), ("demo-eli", None)),
    ),
)


async def load_demo_accounts(session: AsyncSession, now: datetime) -> bool:
    """Load the demo accounts; returns False when they were all there already."""
    loaded = False
    for name, external_id, metadata, learners in DEMO_ACCOUNTS:
        if await store.account_by_external_id(session, external_id) is not None:
            continue
        account = await accounts.create_account(
            session, AccountCreate(name=name, external_id=external_id, metadata=dict(metadata))
        )
        for learner_id, role in learners:
            await accounts.set_membership(
                session, learner_id, account.id, role, now=now, by=DEMO_ACTOR
            )
        loaded = True
    if loaded and not await store.expectations(session, None):
        await accounts.replace_role_expectations(
            session, None, [RoleExpectation(job_role="analyst", tier="practitioner")]
        )
    return loaded
