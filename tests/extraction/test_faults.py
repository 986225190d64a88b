"""One failing rule on one candidate costs that candidate, never the article."""

import pytest

from claims.extraction import ExtractionWarning, direct, extract, extract_many, reported

ARTICLE = (
    "Officers thought the van had left before the barrier closed.\n\n"
    "The mayor, Ruth Okafor, said the bridge would reopen on Friday.\n\n"
    '"We will not rest until it is safe," said Ruth Okafor.\n\n'
    "The opposition leader, Tam Reyes, said the council had ignored warnings for years."
)


def test_failing_reported_rule_drops_only_that_statement(nlp, monkeypatch):
    real = reported._reported

    def broken(verb, lemma, *args):
        if "bridge" in verb.sent.text:
            raise RuntimeError("rule bug")
        return real(verb, lemma, *args)

    monkeypatch.setattr(reported, "_reported", broken)
    warnings: list[ExtractionWarning] = []
    found = extract(ARTICLE, nlp, warnings=warnings)

    contents = [s.content for s in found]
    assert "the council had ignored warnings for years" in contents
    assert "We will not rest until it is safe," in contents
    assert not any("bridge" in c for c in contents)
    (w,) = warnings
    assert w.rule == "reported:say"
    assert ARTICLE[w.start : w.end] == "said"
    assert "RuntimeError: rule bug" in w.error


def test_failing_direct_rule_keeps_reported_speech(nlp, monkeypatch):
    def broken(*args):
        raise KeyError("quote")

    monkeypatch.setattr(direct, "_direct_candidate", broken)
    warnings: list[list[ExtractionWarning]] = []
    (found,) = list(extract_many([ARTICLE], nlp, warnings=warnings))

    assert {s.speaker for s in found} >= {"Ruth Okafor", "Tam Reyes"}
    assert [w.rule for w in warnings[0]] == ["direct"]
    assert all(s.content == ARTICLE[s.start : s.end] for s in found)


def test_no_warnings_on_a_clean_article(nlp):
    warnings: list[ExtractionWarning] = []
    found = extract(ARTICLE, nlp, warnings=warnings)
    assert warnings == []
    assert found[0].speaker == "officers"
    assert found[0].content == "the van had left before the barrier closed"


def test_a_parse_failure_still_fails_the_whole_article(nlp, monkeypatch):
    def no_parse(*args, **kwargs):
        raise MemoryError("model")

    monkeypatch.setattr(nlp, "pipe", no_parse)
    with pytest.raises(MemoryError):
        extract(ARTICLE, nlp)
