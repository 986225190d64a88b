"""Check-worthiness: features over hand-built parses, the model on the labelled set, the command."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from claims.extraction import extract
from claims.extraction.checkworthiness import REASONS, WEIGHTS, features, score_doc, score_span, score_texts

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "data" / "checkworthiness.jsonl"
AUC_GOAL = 0.85


def _doc(rows: list[tuple], ents: list[tuple[int, int, str]] = ()) -> Doc:
    """Rows of (word, head, dep, pos, tag, morph); `ents` as (start, end, label) token spans."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ",", "?", "%"} for i in range(len(words))]
    iob = ["O"] * len(words)
    for start, end, label in ents:
        iob[start] = f"B-{label}"
        for i in range(start + 1, end):
            iob[i] = f"I-{label}"
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        morphs=[r[5] for r in rows],
        ents=iob,
    )


def _fired(doc: Doc) -> set[str]:
    return {name for name, on in features(doc).items() if on}


def test_every_feature_has_a_weight_and_a_reason():
    assert set(WEIGHTS) == set(REASONS) == set(features(_doc([("Yes", 0, "ROOT", "INTJ", "UH", "")])))


def test_waiting_lists_fell_by_a_third_is_a_figure_a_change_and_a_period():
    # Waiting lists fell by 30 % since 2019 .
    doc = _doc(
        [
            ("Waiting", 1, "compound", "NOUN", "NN", "Number=Sing"),
            ("lists", 2, "nsubj", "NOUN", "NNS", "Number=Plur"),
            ("fell", 2, "ROOT", "VERB", "VBD", "Tense=Past|VerbForm=Fin"),
            ("by", 2, "prep", "ADP", "IN", ""),
            ("30", 5, "nummod", "NUM", "CD", "NumType=Card"),
            ("%", 3, "pobj", "NOUN", "NN", "Number=Sing"),
            ("since", 2, "prep", "SCONJ", "IN", ""),
            ("2019", 6, "pobj", "NUM", "CD", "NumType=Card"),
            (".", 2, "punct", "PUNCT", ".", ""),
        ],
        ents=[(4, 6, "PERCENT"), (7, 8, "DATE")],
    )
    assert {"figure", "change", "period", "happened"} <= _fired(doc)
    assert not _fired(doc) & {"opinion", "promise", "question", "thanks", "about_speaker"}
    result = score_doc(doc)
    assert result.score > 0.9
    assert result.reasons[0] == "a figure"


def test_rents_higher_than_in_paris_is_a_comparison_from_morphology():
    # Rents are higher here than in Paris .
    doc = _doc(
        [
            ("Rents", 1, "nsubj", "NOUN", "NNS", "Number=Plur"),
            ("are", 1, "ROOT", "AUX", "VBP", "Mood=Ind|Tense=Pres|VerbForm=Fin"),
            ("higher", 1, "acomp", "ADJ", "JJR", "Degree=Cmp"),
            ("here", 1, "advmod", "ADV", "RB", "PronType=Dem"),
            ("than", 2, "prep", "ADP", "IN", ""),
            ("in", 4, "prep", "ADP", "IN", ""),
            ("Paris", 5, "pobj", "PROPN", "NNP", "Number=Sing"),
            (".", 1, "punct", "PUNCT", ".", ""),
        ],
        ents=[(6, 7, "GPE")],
    )
    assert {"comparison", "entities"} <= _fired(doc)


def test_the_closure_led_to_job_losses_is_causal_from_the_parse():
    # The closure led to job losses .
    doc = _doc(
        [
            ("The", 1, "det", "DET", "DT", ""),
            ("closure", 2, "nsubj", "NOUN", "NN", "Number=Sing"),
            ("led", 2, "ROOT", "VERB", "VBD", "Tense=Past|VerbForm=Fin"),
            ("to", 2, "prep", "ADP", "IN", ""),
            ("job", 5, "compound", "NOUN", "NN", "Number=Sing"),
            ("losses", 3, "pobj", "NOUN", "NNS", "Number=Plur"),
            (".", 2, "punct", "PUNCT", ".", ""),
        ]
    )
    assert "causal" in _fired(doc)
    # "led" alone, with nothing it leads to, is not a causal claim
    alone = _doc(
        [
            ("She", 1, "nsubj", "PRON", "PRP", "Person=3"),
            ("led", 1, "ROOT", "VERB", "VBD", "Tense=Past|VerbForm=Fin"),
            (".", 1, "punct", "PUNCT", ".", ""),
        ]
    )
    assert "causal" not in _fired(alone)


def test_we_will_build_homes_is_a_promise_but_they_will_is_not():
    def sentence(subject: str) -> Doc:
        return _doc(
            [
                (subject, 2, "nsubj", "PRON", "PRP", "Case=Nom"),
                ("will", 2, "aux", "AUX", "MD", "VerbForm=Fin"),
                ("build", 2, "ROOT", "VERB", "VB", "VerbForm=Inf"),
                ("homes", 2, "dobj", "NOUN", "NNS", "Number=Plur"),
                (".", 2, "punct", "PUNCT", ".", ""),
            ]
        )

    assert "promise" in _fired(sentence("We"))
    assert "promise" not in _fired(sentence("They"))
    assert score_doc(sentence("We")).score < score_doc(sentence("They")).score


def test_i_think_is_an_opinion_and_he_thinks_is_not():
    def sentence(subject: str, verb: str) -> Doc:
        return _doc(
            [
                (subject, 1, "nsubj", "PRON", "PRP", "Case=Nom"),
                (verb, 1, "ROOT", "VERB", "VBP", "Tense=Pres|VerbForm=Fin"),
                ("so", 1, "advmod", "ADV", "RB", ""),
                (".", 1, "punct", "PUNCT", ".", ""),
            ]
        )

    assert "opinion" in _fired(sentence("I", "think"))
    assert "opinion" not in _fired(sentence("He", "thinks"))


def test_questions_and_thanks_are_lowered():
    question = _doc(
        [
            ("Where", 2, "advmod", "ADV", "WRB", ""),
            ("is", 2, "aux", "AUX", "VBZ", "Tense=Pres|VerbForm=Fin"),
            ("it", 2, "nsubj", "PRON", "PRP", "Person=3"),
            ("?", 2, "punct", "PUNCT", ".", ""),
        ]
    )
    thanks = _doc(
        [
            ("Thank", 0, "ROOT", "VERB", "VBP", "Tense=Pres|VerbForm=Fin"),
            ("you", 0, "dobj", "PRON", "PRP", "Person=2"),
            (".", 0, "punct", "PUNCT", ".", ""),
        ]
    )
    assert "question" in _fired(question)
    assert "thanks" in _fired(thanks)
    assert score_doc(thanks).reasons[0] == "thanks or a greeting"
    assert score_doc(question).score < 0.2
    assert score_doc(thanks).score < 0.2


# --- the model on the labelled set (needs the installed spaCy model) ---------------------------------


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half): the ROC AUC."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def test_roc_auc_helper_on_known_cases():
    assert roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert roc_auc([0.1], [0.9]) == 0.0
    assert roc_auc([0.5, 0.9], [0.5, 0.1]) == pytest.approx(0.875)


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_labelled_set_has_the_three_classes_in_two_halves(labelled):
    assert len(labelled) >= 120
    assert len({row["id"] for row in labelled}) == len(labelled)
    for split in ("dev", "heldout"):
        labels = [row["label"] for row in labelled if row["split"] == split]
        assert {label: labels.count(label) for label in ("cfs", "ufs", "nfs")} == {"cfs": 26, "ufs": 14, "nfs": 32}


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_check_worthy_sentences_rank_above_the_rest(nlp, labelled, split):
    rows = [row for row in labelled if row["split"] == split]
    scores = score_texts([row["text"] for row in rows], nlp)
    assert all(0.0 <= s.score <= 1.0 for s in scores)
    positives = [s.score for s, row in zip(scores, rows, strict=True) if row["label"] == "cfs"]
    negatives = [s.score for s, row in zip(scores, rows, strict=True) if row["label"] != "cfs"]
    auc = roc_auc(positives, negatives)
    print(f"check-worthiness ROC AUC ({split}, {len(rows)} sentences): {auc:.3f}")
    assert auc >= AUC_GOAL


def test_figures_outrank_gratitude_and_show_their_reasons(nlp):
    figure, thanks = score_texts(
        ["Hospital waiting lists grew by 40 percent between 2019 and 2023.", "I am proud of our team."], nlp
    )
    assert figure.score > 0.8 > 0.2 > thanks.score
    assert "a figure" in figure.reasons
    assert "a change over time" in figure.reasons


def test_extraction_scores_each_statement_from_the_articles_own_parse(nlp):
    text = (
        "Health\n\n"
        '"Waiting lists have doubled since 2019," Ann Lee said on Monday.\n\n'
        '"Thank you all for coming," she added.\n'
    )
    plain = extract(text, nlp)
    scored = extract(text, nlp, check_worthiness=True)
    assert [s.check_worthiness for s in plain] == [None] * len(plain)
    assert [s.content for s in scored] == [s.content for s in plain]
    figure, thanks = scored
    assert "a figure" in figure.check_worthiness.reasons
    assert "thanks or a greeting" in thanks.check_worthiness.reasons
    assert figure.check_worthiness.score > 0.8 > 0.2 > thanks.check_worthiness.score
    doc = nlp(text)
    assert score_span(doc, figure.start, figure.end) == figure.check_worthiness


def test_score_span_refuses_an_empty_span(nlp):
    with pytest.raises(ValueError, match="No tokens"):
        score_span(nlp("Hello there."), 5, 5)


# --- the command ------------------------------------------------------------------------------------


def _manage(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_score_checkworthiness_prints_the_products_score_per_line(nlp, labelled):
    sample = labelled[:3] + labelled[-3:]
    done = _manage("score_checkworthiness", "-", stdin="".join(json.dumps(row) + "\n" for row in sample))
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    expected = score_texts([row["text"] for row in sample], nlp)
    assert printed == [{"id": row["id"], "score": e.score} for row, e in zip(sample, expected, strict=True)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "Line 2: not JSON"),
        ('{"id": 1, "text": 5}', 'Line 2: "text" must be a string'),
        ('["a", "b"]', 'Line 2: expected an object with "id"'),
    ],
)
def test_score_checkworthiness_refuses_a_bad_line_and_prints_nothing(line, message):
    done = _manage("score_checkworthiness", "-", stdin=json.dumps({"id": 1, "text": "Hello."}) + "\n" + line + "\n")
    assert done.returncode != 0
    assert message in done.stderr
    assert done.stdout == ""
