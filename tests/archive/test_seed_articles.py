"""Seeded articles generated in a forked process: the same chunks and effects as inline, and a clear
error when the child dies."""

import dataclasses
import os
import random
import struct

import pytest

from devtools.seeding import Plan, articles, claims_generate, speakers_generate
from devtools.seeding.articles import articles_generate, articles_in_background
from devtools.seeding.generate import place_names


def inputs(statements: int = 15_000, seed: int = 3) -> dict:
    rng = random.Random(seed)
    plan = Plan(statements=statements, seed=seed)
    speakers = speakers_generate(rng, plan.speakers)
    places = place_names(rng, 300)
    claims = claims_generate(rng, plan, speakers, places)
    outlets = [(i, f"outlet-{i}.seed.example") for i in range(1, 6)]
    return {"rng": rng, "claims": claims, "speakers": speakers, "outlets": outlets, "places": places}


def test_background_gives_the_same_chunks_and_leaves_rng_and_claims_as_inline():
    inline, background = inputs(), inputs()
    expected = list(articles_generate(**inline))
    got = list(articles_in_background(**background))
    assert len(expected) > 1  # more than one chunk crossed the pipe
    assert got == expected
    assert background["rng"].random() == inline["rng"].random()
    assert [dataclasses.astuple(c) for c in background["claims"]] == [dataclasses.astuple(c) for c in inline["claims"]]
    assert all(c.count == c.appearances and c.first_seen is not None for c in background["claims"])


def test_a_child_that_dies_raises_instead_of_hanging():
    given = inputs(statements=200)
    given["claims"][-1].speaker_id = len(given["speakers"]) + 1  # IndexError inside the child
    with pytest.raises(RuntimeError, match="stopped before its last chunk"):
        list(articles_in_background(**given))


def test_a_child_that_dies_partway_through_a_chunk_raises_the_same_error(monkeypatch):
    def half_a_chunk(*, pipe, **inputs):
        # multiprocessing's framing: a length, then the pickle; the child dies 1,000 bytes in.
        os.write(pipe.fileno(), struct.pack("!i", 1_000_000) + b"x" * 1000)
        os._exit(1)

    monkeypatch.setattr(articles, "_generate_into", half_a_chunk)
    with pytest.raises(RuntimeError, match="stopped before its last chunk"):
        list(articles_in_background(**inputs(statements=200)))
