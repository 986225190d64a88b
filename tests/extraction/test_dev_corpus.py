"""Properties over the whole annotated dev corpus, and the quality floor the issue sets."""

import pytest

from claims.extraction import extract_many

from .scoring import shared_scorer

KINDS = {"direct", "indirect", "mixed"}
SPEAKER_KINDS = {"person", "organisation", "unnamed"}
HINTS = {None, "evidenced", "unevidenced", "contested"}


@pytest.fixture(scope="module")
def extracted(nlp, dev_articles):
    return list(extract_many([a["text"] for a in dev_articles], nlp))


def test_every_statement_is_an_exact_slice_of_its_article(dev_articles, extracted):
    assert sum(map(len, extracted)) > 200
    for article, statements in zip(dev_articles, extracted, strict=True):
        text = article["text"]
        assert statements == sorted(statements, key=lambda s: s.start)
        for s in statements:
            assert 0 <= s.start < s.end <= len(text)
            assert text[s.start : s.end] == s.content
            assert s.kind in KINDS
            assert s.speaker_kind in SPEAKER_KINDS
            assert s.evidence_hint in HINTS
            assert s.speaker
            assert 0.0 <= s.confidence <= 1.0
            assert (s.evidence_cue is None) == (s.evidence_hint is None)
            assert s.speaker not in s.speaker_aliases


def test_dev_corpus_meets_the_quality_floor(dev_articles, extracted):
    score = shared_scorer()
    tp = gold = pred = attr = 0
    for article, statements in zip(dev_articles, extracted, strict=True):
        rows = [{"speaker": s.speaker, "content": s.content, "kind": s.kind} for s in statements]
        counts, *_ = score.score_article(article, rows)
        tp, gold, pred, attr = tp + counts["tp"], gold + counts["gold"], pred + counts["pred"], attr + counts["attr"]
    precision, recall = tp / pred, tp / gold
    assert 2 * precision * recall / (precision + recall) >= 0.90
    assert attr / tp >= 0.90
    e2e_p, e2e_r = attr / pred, attr / gold
    assert 2 * e2e_p * e2e_r / (e2e_p + e2e_r) >= 0.85


def test_putin_address_all_gold_statements_with_their_speakers(dev_articles, extracted):
    score = shared_scorer()
    article, statements = next(
        (a, s) for a, s in zip(dev_articles, extracted, strict=True) if a["id"] == "seed-putin-address"
    )
    rows = [{"speaker": s.speaker, "content": s.content, "kind": s.kind} for s in statements]
    counts, misses, extras, wrong = score.score_article(article, rows)
    assert (counts["tp"], counts["attr"]) == (len(article["statements"]), len(article["statements"]))
    assert misses == []
    assert extras == []
    assert wrong == []
