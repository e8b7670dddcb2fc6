"""A gate is one lock per key within an event loop, and another loop gets locks of its own
(an `asyncio.Lock` used from two loops fails)."""

from __future__ import annotations

import asyncio

from service.loop_gates import LoopGates


def test_one_lock_per_key_and_loop() -> None:
    gates: LoopGates[str] = LoopGates()

    async def locks() -> tuple[asyncio.Lock, asyncio.Lock, asyncio.Lock]:
        return gates("a"), gates("a"), gates("b")

    first_a, again_a, first_b = asyncio.run(locks())
    assert first_a is again_a
    assert first_a is not first_b
    other_a, _, _ = asyncio.run(locks())
    assert other_a is not first_a


async def test_a_held_gate_makes_the_others_wait_their_turn() -> None:
    gates: LoopGates[str] = LoopGates()
    order: list[str] = []

    async def work(name: str) -> None:
        async with gates("bank"):
            order.append(f"{name} in")
            await asyncio.sleep(0)
            order.append(f"{name} out")

    await asyncio.gather(work("first"), work("second"))
    assert order == ["first in", "first out", "second in", "second out"]
