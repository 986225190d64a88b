"""Rules over hand-built parses: each case is a newsroom pattern, independent of the model's guesses."""

from claims.extraction.pipeline import extract_doc

from .handparse import parse


def _one(statements, content):
    found = [s for s in statements if s.content == content]
    assert found, f"no statement {content!r} in {[s.content for s in statements]}"
    return found[0]


def test_quote_split_around_cue_gives_two_statements():
    # Jane Okoro arrived . “ This is , ” she said , “ a disgrace . ”
    doc = parse(
        [
            ("Jane", 1, "compound", "PROPN", "PERSON"),
            ("Okoro", 2, "nsubj", "PROPN", "PERSON"),
            ("arrived", 2, "ROOT", "VERB"),
            (".", 2, "punct", "PUNCT"),
            ("“", 5, "punct", "PUNCT"),
            ("This", 6, "nsubj", "PRON"),
            ("is", 10, "ccomp", "AUX"),
            (",", 10, "punct", "PUNCT"),
            ("”", 10, "punct", "PUNCT"),
            ("she", 10, "nsubj", "PRON"),
            ("said", 10, "ROOT", "VERB"),
            (",", 10, "punct", "PUNCT"),
            ("“", 14, "punct", "PUNCT"),
            ("a", 14, "det", "DET"),
            ("disgrace", 10, "ccomp", "NOUN"),
            (".", 10, "punct", "PUNCT"),
            ("”", 10, "punct", "PUNCT"),
        ]
    )
    statements = extract_doc(doc)
    assert [s.content for s in statements] == ["This is,", "a disgrace."]
    assert {s.speaker for s in statements} == {"Jane Okoro"}
    assert {s.kind for s in statements} == {"direct"}
    assert {s.cue for s in statements} == {"said"}


def _brown_adams_rows(pronoun: str) -> list[tuple]:
    # Mr Adams met Ms Brown . <pronoun> said the deal was off .
    return [
        ("Mr", 1, "compound", "PROPN"),
        ("Adams", 2, "nsubj", "PROPN", "PERSON"),
        ("met", 2, "ROOT", "VERB"),
        ("Ms", 4, "compound", "PROPN"),
        ("Brown", 2, "dobj", "PROPN", "PERSON"),
        (".", 2, "punct", "PUNCT"),
        (pronoun, 7, "nsubj", "PRON"),
        ("said", 7, "ROOT", "VERB"),
        ("the", 9, "det", "DET"),
        ("deal", 10, "nsubj", "NOUN"),
        ("was", 7, "ccomp", "AUX"),
        ("off", 10, "acomp", "ADV"),
        (".", 7, "punct", "PUNCT"),
    ]


def test_pronoun_resolves_to_last_named_person_of_same_gender():
    she = extract_doc(parse(_brown_adams_rows("She")))
    assert [(s.speaker, s.content, s.kind) for s in she] == [("Brown", "the deal was off", "indirect")]
    he = extract_doc(parse(_brown_adams_rows("He")))
    assert [s.speaker for s in he] == ["Adams"]


def test_honorific_and_surname_resolve_to_the_full_name():
    # Anna Berg said prices would rise . Ms Berg added wages would not .
    doc = parse(
        [
            ("Anna", 1, "compound", "PROPN", "PERSON"),
            ("Berg", 2, "nsubj", "PROPN", "PERSON"),
            ("said", 2, "ROOT", "VERB"),
            ("prices", 5, "nsubj", "NOUN"),
            ("would", 5, "aux", "AUX"),
            ("rise", 2, "ccomp", "VERB"),
            (".", 2, "punct", "PUNCT"),
            ("Ms", 8, "compound", "PROPN"),
            ("Berg", 9, "nsubj", "PROPN", "PERSON"),
            ("added", 9, "ROOT", "VERB"),
            ("wages", 12, "nsubj", "NOUN"),
            ("would", 12, "aux", "AUX"),
            ("not", 9, "ccomp", "PART"),
            (".", 9, "punct", "PUNCT"),
        ]
    )
    statements = extract_doc(doc)
    assert [s.speaker for s in statements] == ["Anna Berg", "Anna Berg"]
    assert "Ms Berg" in statements[1].speaker_aliases


def test_role_before_name_is_stripped_and_kept_as_role():
    # Finance Minister Helen Stroud insisted the rules held .
    doc = parse(
        [
            ("Finance", 1, "compound", "PROPN"),
            ("Minister", 3, "compound", "PROPN"),
            ("Helen", 3, "compound", "PROPN", "PERSON"),
            ("Stroud", 4, "nsubj", "PROPN", "PERSON"),
            ("insisted", 4, "ROOT", "VERB"),
            ("the", 6, "det", "DET"),
            ("rules", 7, "nsubj", "NOUN"),
            ("held", 4, "ccomp", "VERB"),
            (".", 4, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert (s.speaker, s.speaker_kind, s.speaker_role, s.cue) == (
        "Helen Stroud",
        "person",
        "Finance Minister",
        "insisted",
    )


def test_speaker_after_clause_and_organisation_without_article():
    # No one was hurt , the Treasury said .
    doc = parse(
        [
            ("No", 1, "det", "DET"),
            ("one", 3, "nsubjpass", "PRON"),
            ("was", 3, "auxpass", "AUX"),
            ("hurt", 7, "ccomp", "VERB"),
            (",", 7, "punct", "PUNCT"),
            ("the", 6, "det", "DET"),
            ("Treasury", 7, "nsubj", "PROPN", "ORG"),
            ("said", 7, "ROOT", "VERB"),
            (".", 7, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert (s.speaker, s.speaker_kind, s.content) == ("Treasury", "organisation", "No one was hurt")


def test_according_to_takes_the_main_clause():
    # According to the Port Authority , two ships sank .
    doc = parse(
        [
            ("According", 7, "prep", "VERB"),
            ("to", 0, "prep", "ADP"),
            ("the", 4, "det", "DET"),
            ("Port", 4, "compound", "PROPN", "ORG"),
            ("Authority", 1, "pobj", "PROPN", "ORG"),
            (",", 7, "punct", "PUNCT"),
            ("two", 7, "nsubj", "NUM"),
            ("ships", 7, "nsubj", "NOUN"),
            ("sank", 7, "ROOT", "VERB"),
            (".", 7, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert (s.speaker, s.content, s.kind, s.cue) == ("Port Authority", "two ships sank", "indirect", "According to")


def test_accused_of_reports_object_and_charge():
    # Ms Lee accused the council of ignoring residents .
    doc = parse(
        [
            ("Ms", 1, "compound", "PROPN"),
            ("Lee", 2, "nsubj", "PROPN", "PERSON"),
            ("accused", 2, "ROOT", "VERB"),
            ("the", 4, "det", "DET"),
            ("council", 2, "dobj", "NOUN"),
            ("of", 2, "prep", "ADP"),
            ("ignoring", 5, "pcomp", "VERB"),
            ("residents", 6, "dobj", "NOUN"),
            (".", 2, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert (s.content, s.kind, s.cue) == ("the council of ignoring residents", "indirect", "accused")


def test_reported_clause_with_quoted_fragment_is_mixed():
    # Dr Ruiz said the rise was “entirely preventable” .
    doc = parse(
        [
            ("Dr", 1, "compound", "PROPN"),
            ("Ruiz", 2, "nsubj", "PROPN", "PERSON"),
            ("said", 2, "ROOT", "VERB"),
            ("the", 4, "det", "DET"),
            ("rise", 5, "nsubj", "NOUN"),
            ("was", 2, "ccomp", "AUX"),
            ("“", 8, "punct", "PUNCT"),
            ("entirely", 8, "advmod", "ADV"),
            ("preventable", 5, "acomp", "ADJ"),
            ("”", 5, "punct", "PUNCT"),
            (".", 2, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert (s.speaker, s.kind, s.content) == ("Ruiz", "mixed", "the rise was “entirely preventable”")


def test_unnamed_source_is_kept_as_written_without_its_relative_clause():
    # A senior official , who asked not to be named , said talks had stalled .
    doc = parse(
        [
            ("A", 2, "det", "DET"),
            ("senior", 2, "amod", "ADJ"),
            ("official", 11, "nsubj", "NOUN"),
            (",", 2, "punct", "PUNCT"),
            ("who", 5, "nsubj", "PRON"),
            ("asked", 2, "relcl", "VERB"),
            ("not", 9, "neg", "PART"),
            ("to", 9, "aux", "PART"),
            ("be", 9, "auxpass", "AUX"),
            ("named", 5, "xcomp", "VERB"),
            (",", 2, "punct", "PUNCT"),
            ("said", 11, "ROOT", "VERB"),
            ("talks", 14, "nsubj", "NOUN"),
            ("had", 14, "aux", "AUX"),
            ("stalled", 11, "ccomp", "VERB"),
            (".", 11, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert (s.speaker, s.speaker_kind, s.content) == ("a senior official", "unnamed", "talks had stalled")


def test_scare_quotes_and_titles_are_not_statements():
    # The so-called “peace plan” failed .
    doc = parse(
        [
            ("The", 5, "det", "DET"),
            ("so-called", 5, "amod", "ADJ"),
            ("“", 5, "punct", "PUNCT"),
            ("peace", 4, "compound", "NOUN"),
            ("plan", 5, "compound", "NOUN"),
            ("”", 5, "punct", "PUNCT"),
            ("failed", 6, "ROOT", "VERB"),
            (".", 6, "punct", "PUNCT"),
        ]
    )
    assert extract_doc(doc) == []


def test_report_of_an_action_is_not_a_statement():
    # Mr Cole signed the bill .
    doc = parse(
        [
            ("Mr", 1, "compound", "PROPN"),
            ("Cole", 2, "nsubj", "PROPN", "PERSON"),
            ("signed", 2, "ROOT", "VERB"),
            ("the", 4, "det", "DET"),
            ("bill", 2, "dobj", "NOUN"),
            (".", 2, "punct", "PUNCT"),
        ]
    )
    assert extract_doc(doc) == []


def test_definite_role_before_the_name_joins_the_next_named_person():
    # The chief executive said profits fell . Ines Ward spoke later .
    doc = parse(
        [
            ("The", 2, "det", "DET"),
            ("chief", 2, "amod", "ADJ"),
            ("executive", 3, "nsubj", "NOUN"),
            ("said", 3, "ROOT", "VERB"),
            ("profits", 5, "nsubj", "NOUN"),
            ("fell", 3, "ccomp", "VERB"),
            (".", 3, "punct", "PUNCT"),
            ("Ines", 8, "compound", "PROPN", "PERSON"),
            ("Ward", 9, "nsubj", "PROPN", "PERSON"),
            ("spoke", 9, "ROOT", "VERB"),
            ("later", 9, "advmod", "ADV"),
            (".", 9, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert s.speaker == "Ines Ward"
    assert "the chief executive" in s.speaker_aliases


def test_clause_subject_misparsed_as_the_cue_verbs_object_stays_in_the_content():
    # The mayor insisted the risk to the public remained low .  ("risk" parsed as the object)
    doc = parse(
        [
            ("The", 1, "det", "DET"),
            ("mayor", 2, "nsubj", "NOUN"),
            ("insisted", 2, "ROOT", "VERB"),
            ("the", 4, "det", "DET"),
            ("risk", 2, "dobj", "NOUN"),
            ("to", 2, "prep", "ADP"),
            ("the", 7, "det", "DET"),
            ("public", 8, "nsubj", "NOUN"),
            ("remained", 2, "ccomp", "VERB"),
            ("low", 8, "acomp", "ADJ"),
            (".", 2, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert s.content == "the risk to the public remained low"


def test_addressee_of_told_is_not_part_of_the_content():
    # The mayor told reporters the risk remained low .
    doc = parse(
        [
            ("The", 1, "det", "DET"),
            ("mayor", 2, "nsubj", "NOUN"),
            ("told", 2, "ROOT", "VERB"),
            ("reporters", 2, "dobj", "NOUN"),
            ("the", 5, "det", "DET"),
            ("risk", 6, "nsubj", "NOUN"),
            ("remained", 2, "ccomp", "VERB"),
            ("low", 6, "acomp", "ADJ"),
            (".", 2, "punct", "PUNCT"),
        ]
    )
    (s,) = extract_doc(doc)
    assert s.content == "the risk remained low"
