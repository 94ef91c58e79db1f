"""What the index writes per word: the same postings as Whoosh's own formats, faster."""

from __future__ import annotations

import random

from whoosh.fields import KEYWORD
from whoosh.formats import Positions

from confbrowser.core.index.schema import (
    FastPositions,
    WeightedWords,
    _stemming,
    plain_words,
    word_beginnings,
)

WORDS = ["the", "kafka", "streams", "of", "python", "testing", "tested", "café", "René",
         "数据库", "node.js", "Kafka", "stream"]


def test_fast_positions_write_what_whoosh_writes() -> None:
    rng = random.Random(20171)
    for _ in range(500):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60)))
        for analyzer in (_stemming(), plain_words()):
            ours = FastPositions(field_boost=1.5).word_values(text, analyzer, mode="index")
            whoosh = Positions(field_boost=1.5).word_values(text, analyzer, mode="index")
            assert sorted(ours) == sorted(whoosh), text


def test_weighted_beginnings_are_indexed_as_their_repeats_were() -> None:
    stored = {"title": "Streaming with Kafka", "body": "Kafka streams, stream tables",
              "speakers": "Ada Lovelace"}
    weights = word_beginnings(stored)
    repeated = [b for b, n in weights.items() for _ in range(n)]
    ours = sorted(WeightedWords(scorable=True).index(weights))
    whoosh = sorted(KEYWORD(scorable=True).index(repeated))
    assert ours == whoosh and ("k", 5) in weights.items()
