"""Reporting verbs and their sources: which words are cues, what they are called, who is speaking.

A cue is named by spaCy's lemmatizer (with IRREGULAR_LEMMAS as a fallback for forms the small model
mislabels); its source is the verb's subject, or the subject it shares with the verb it hangs on.
"""

from spacy.tokens import Token

from .lexicon import CUE_VERBS, FRAME_CUES, IRREGULAR_LEMMAS, PARTICLE_CUES

RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}


def cue_lemma(token: Token) -> str | None:
    """The reporting verb (a key of CUE_VERBS) this token is a form of, or None.

    spaCy's lemmatizer gives the lemma when it ran ("thought" -> "think"); parses without one
    (hand-built test docs) fall back to IRREGULAR_LEMMAS and regular English inflection.
    """
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return None
    lemma = token.lemma_.lower()
    if lemma in CUE_VERBS:
        return _usable(token, lemma)
    word = token.lower_
    fallback = IRREGULAR_LEMMAS.get(word) or next((c for c in _lemma_candidates(word) if c in CUE_VERBS), None)
    return _usable(token, fallback) if fallback else None


def _usable(token: Token, lemma: str) -> str | None:
    """The lemma if it is a cue in this use: "pointed out", not "pointed at"; "put it to her", not "put it down"."""
    if lemma not in CUE_VERBS:
        return None
    particle = PARTICLE_CUES.get(lemma)
    if particle is not None and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return None
    frame = FRAME_CUES.get(lemma)
    if frame is not None:
        obj, prep = frame
        if not (
            any(c.dep_ == "dobj" and c.lower_ == obj for c in token.children)
            and any(c.dep_ in ("prep", "dative") and c.lower_ == prep for c in token.children)
        ):
            return None
    return lemma


def cue_pattern(lemma: str) -> str:
    """How a cue verb introduces its content: "clause" or "object" (see lexicon.CUE_VERBS)."""
    return CUE_VERBS.get(lemma, "clause")


def _lemma_candidates(word: str) -> list[str]:
    c = [word]
    if word.endswith("ied"):
        c.append(word[:-3] + "y")
    if word.endswith("ies"):
        c.append(word[:-3] + "y")
    if word.endswith("ed"):
        c += [word[:-2], word[:-1], word[:-3] if len(word) > 4 and word[-3] == word[-4] else word[:-2]]
    if word.endswith("ing"):
        c += [word[:-3], word[:-3] + "e"]
    if word.endswith("es"):
        c.append(word[:-2])
    if word.endswith("s"):
        c.append(word[:-1])
    return c


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The source of a reporting verb: its subject, or the subject it shares ("... and said", "telling")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        # "A campaign group, Parents for Choice, claimed": the parser may give two subjects
        child = min(subjects, key=lambda c: abs(verb.i - c.i))
        if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            antecedent = verb.head
            while (
                antecedent.pos_ == "NUM"
                and antecedent.dep_ in ("appos", "npadvmod", "amod", "nummod")
                and antecedent.head.i != antecedent.i
            ):
                antecedent = antecedent.head  # "Peter Okafor, 44, who says": the age is not the speaker
            if child.lower_ == "who":
                antecedent = _human_antecedent(antecedent)
            return antecedent
        return child
    if any(c.dep_ == "nsubjpass" for c in verb.children) and any(c.dep_ == "ccomp" for c in verb.children):
        # "Police have been told by several witnesses that ...": the agent is the source
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if any(c.dep_ in ("nsubjpass", "csubj") for c in verb.children):
        return None
    quoted = _quoted_as(verb)
    if quoted is not None:
        return next((c for c in quoted.children if c.dep_ == "nsubjpass"), None)
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        head = verb.head
        if depth == 0 and head.dep_ == "ccomp" and not cue_lemma(head) and cue_lemma(head.head):
            # "said the strike was X and accused ...": the second report is the reporter's, not the clause's
            head = head.head
        return subject_of(head, depth + 1)
    return None


def _human_antecedent(tok: Token) -> Token:
    """ "Tomás Ferreira-Lund, a researcher at Saltmere University, who told ...": "who" is the person,
    not the body the parser attached the clause to. Climbs out of prepositions and appositions."""
    if tok.ent_type_ == "PERSON":
        return tok
    node = tok
    for _ in range(4):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            node = node.head.head
        elif node.dep_ == "appos":
            node = node.head
        else:
            break
        if node.ent_type_ == "PERSON":
            return node
    return tok


def _quoted_as(verb: Token) -> Token | None:
    """ "quoted" in "X was quoted (by the agency) as saying that ...": the speaker is the passive subject."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.lower_ != "as" or prep.head.lemma_ != "quote":
        return None
    return prep.head


def cue_phrase(verb: Token) -> tuple[int, int]:
    """Character span of the cue as written: "said", "has claimed", "went on to say", "quoted as saying"."""
    quoted = _quoted_as(verb)
    if quoted is not None:
        return quoted.idx, verb.idx + len(verb.text)
    start = verb.idx
    for child in verb.children:
        if child.dep_ == "aux" and child.i < verb.i and child.lower_ in ("has", "have", "had"):
            start = min(start, child.idx)
    head = verb.head
    if verb.dep_ == "xcomp" and head.lower_ in ("went", "go", "goes", "going") and head.i < verb.i:
        start = head.idx
    return start, verb.idx + len(verb.text)
