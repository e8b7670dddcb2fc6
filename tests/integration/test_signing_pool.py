"""The signing child: what it signs is what this process would sign, in order, and it recovers.

Ed25519 signatures are deterministic, so the embedded proofs made in the child must equal,
byte for byte, those made by a thread of this process; ES256 signatures are randomised, so
each VC-JWT is verified with the public key instead.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credentials.proofs import JsonLdSafetyError, decode_vc_jwt
from service.credentials.signing_pool import CHUNK, SIGNING_NICENESS, SigningPool
from service.keys.services import SigningKey
from tests.unit.credentials.samples import unsigned_credential

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ED25519 = SigningKey(
    "ed25519-pool",
    "https://accredo.test/keys/ed25519-pool",
    "Ed25519",
    Ed25519PrivateKey.generate(),
)
P256 = SigningKey(
    "p256-pool",
    "https://accredo.test/keys/p256-pool",
    "P-256",
    ec.generate_private_key(ec.SECP256R1()),
)


def _documents(count: int) -> list[dict[str, object]]:
    return [
        unsigned_credential(credential_id=f"https://accredo.test/credentials/pool-{n}")
        for n in range(count)
    ]


async def _sign(pool: SigningPool, count: int) -> list[tuple[dict[str, object], str]]:
    return await pool.sign(_documents(count), ED25519, P256, NOW)


async def test_the_child_signs_what_a_thread_signs_in_order_across_chunks() -> None:
    count = 2 * CHUNK + 3
    child, thread = SigningPool(1), SigningPool(0)
    try:
        in_child = await _sign(child, count)
        in_thread = await _sign(thread, count)
    finally:
        child.shutdown()
        thread.shutdown()
    assert len(in_child) == count
    for n, ((document, token), (expected, _)) in enumerate(zip(in_child, in_thread, strict=True)):
        assert document["id"] == f"https://accredo.test/credentials/pool-{n}"
        assert document["proof"] == expected["proof"]
        verified = decode_vc_jwt(
            token, lambda kid: P256.p256().public_key() if kid == P256.url else None, None
        )
        assert verified.credential["id"] == document["id"]


async def test_a_child_that_dies_is_replaced_for_the_next_batch() -> None:
    pool = SigningPool(1)
    try:
        before = set(multiprocessing.active_children())
        await _sign(pool, 1)
        (child,) = set(multiprocessing.active_children()) - before
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join()
        with pytest.raises(BrokenProcessPool):
            await _sign(pool, 3)
        assert len(await _sign(pool, 3)) == 3
    finally:
        pool.shutdown()


async def test_a_document_the_child_refuses_raises_the_same_error_here() -> None:
    document = unsigned_credential(credential_id="https://accredo.test/credentials/odd")
    document["notATerm"] = "dropped silently by JSON-LD"
    pool = SigningPool(1)
    try:
        with pytest.raises(JsonLdSafetyError) as raised:
            await pool.sign([document], ED25519, P256, NOW)
    finally:
        pool.shutdown()
    assert raised.value.problems == pickle.loads(pickle.dumps(raised.value)).problems
    assert any("notATerm" in problem for problem in raised.value.problems)


async def test_the_child_signs_at_a_lower_cpu_priority_than_this_process() -> None:
    pool = SigningPool(1)
    try:
        before = set(multiprocessing.active_children())
        await _sign(pool, 1)
        (child,) = set(multiprocessing.active_children()) - before
        child_niceness = os.getpriority(os.PRIO_PROCESS, child.pid or 0)
    finally:
        pool.shutdown()
    assert child_niceness == min(os.getpriority(os.PRIO_PROCESS, 0) + SIGNING_NICENESS, 19)
