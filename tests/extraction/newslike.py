"""Hypothesis strategies that compose news-like text from parts, for the extractor's robustness suite.

Each strategy draws whole paragraphs of the shapes real articles have (attributed quotes in every
quotation-mark style, reported speech, dashes, lists, transcripts, headlines, very long paragraphs),
plus the damage real text carries (unbalanced and nested quotes, control characters, names in many
scripts), so a failure shrinks to a short article a person can read.
"""

from hypothesis import strategies as st

# (open, close) pairs as newspapers print them, including the German „…“ and reversed »…«.
QUOTE_PAIRS = [
    ('"', '"'),
    ("'", "'"),
    ("“", "”"),
    ("‘", "’"),
    ("«", "»"),
    ("‹", "›"),
    ("„", "“"),
    ("„", "”"),
    ("»", "«"),
    ("« ", " »"),
]
QUOTE_MARKS = sorted({mark.strip() for pair in QUOTE_PAIRS for mark in pair})

GIVEN = ["Ann", "Pieter", "María", "Yusuf", "Rana", "Chen", "Olena", "J. R.", "Dale P.", "Ngozi", "Søren", "Zoë"]
FAMILY = [
    "Lee",
    "van der Berg",
    "de la Cruz",
    "bin Hadi",
    "Al-Hashimi",
    "Okafor-Stiles",
    "O'Shaughnessy",
    "St. Clair",
    "Whitcombe Jr.",
    "Wiśniewska",
    "Hämmerle",
    "MacAskill",
]
OTHER_SCRIPTS = ["Олена Коваленко", "Γιώργος Παπαδόπουλος", "محمد الهاشمي", "王小明", "अनिल कुमार", "김민준", "יוסי כהן"]
TITLES = ["", "", "Mr ", "Ms ", "Dr. ", "Sen. ", "Gov. ", "Rep. ", "Prof. ", "Chair ", "the minister, "]
ORGS = [
    "the Estonian defence ministry",
    "Halden Transit Board",
    "the ministry",
    "Northfield Midstream",
    "the UN mission",
    "police",
    "the poll",
    "documents seen by this newspaper",
]
CUES = ["said", "told reporters", "added", "claimed", "warned", "insisted", "wrote", "tweeted", "denied", "replied"]
WORDS = [
    "the",
    "council",
    "budget",
    "would",
    "rise",
    "by",
    "four",
    "per",
    "cent",
    "next",
    "year",
    "and",
    "the",
    "bridge",
    "will",
    "close",
    "in",
    "March",
    "because",
    "nobody",
    "had",
    "checked",
    "the",
    "figures",
    "before",
    "the",
    "vote",
    "residents",
    "were",
    "never",
    "told",
    "about",
    "plans",
    "for",
    "new",
    "homes",
    "ministers",
    "insisted",
    "that",
    "prices",
    "were",
    "falling",
    "while",
    "hospitals",
    "reported",
    "record",
    "numbers",
    "of",
    "patients",
]
# Reporting and thinking verbs in every inflection, outside quotation marks as news writes them.
VERB_FORMS = [
    "said",
    "says",
    "saying",
    "thought",
    "thinks",
    "thinking",
    "believed",
    "believes",
    "told",
    "tells",
    "was told by",
    "wrote",
    "written",
    "denies",
    "denied",
    "accused",
    "described",
    "blamed",
    "replied",
    "testified",
    "agreed",
    "emphasised",
    "went on to say",
    "has said",
    "had claimed",
]
CONTROL = [
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u202e",
    "\r",
]


@st.composite
def person(draw) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(OTHER_SCRIPTS))
    return draw(st.sampled_from(TITLES)) + draw(st.sampled_from(GIVEN)) + " " + draw(st.sampled_from(FAMILY))


source = st.one_of(person(), st.sampled_from(ORGS), st.sampled_from(["residents", "local people", "officials"]))


SUBJECTS = [
    "the council",
    "the van",
    "prices",
    "the bridge",
    "nobody",
    "the minister",
    "residents",
    "it",
    "they",
    "she",
]
PREDICATES = [
    "had left",
    "would rise by four per cent next year",
    "will close in March",
    "were falling",
    "had never been checked before the vote",
    "was not told about the plans",
    "could not afford new homes",
    "had reported record numbers of patients",
]


@st.composite
def clause(draw, min_words: int = 3, max_words: int = 14) -> str:
    """Mostly a grammatical clause (the rules read the parse), sometimes a salad of words and symbols."""
    if draw(st.integers(0, 3)):
        text = f"{draw(st.sampled_from(SUBJECTS))} {draw(st.sampled_from(PREDICATES))}"
        if draw(st.booleans()):
            text += f" and {draw(st.sampled_from(SUBJECTS))} {draw(st.sampled_from(PREDICATES))}"
        return text
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(st.text(min_size=1, max_size=8)))
    return " ".join(words)


@st.composite
def sentence(draw) -> str:
    text = draw(clause())
    text = text[:1].upper() + text[1:]
    return text + draw(st.sampled_from([".", ".", "?", "!", "...", "…", " —", ""]))


@st.composite
def quoted(draw) -> str:
    """A quotation, sometimes nested, unbalanced or broken by an ellipsis."""
    open_, close = draw(st.sampled_from(QUOTE_PAIRS))
    body = " ".join(draw(st.lists(sentence(), min_size=1, max_size=3)))
    shape = draw(st.integers(0, 5))
    if shape == 1:
        inner_open, inner_close = draw(st.sampled_from(QUOTE_PAIRS))
        body = f"{body} {inner_open}{draw(clause())}{inner_close} {draw(sentence())}"
    elif shape == 2:
        return open_ + body  # never closed
    elif shape == 3:
        return body + close  # never opened
    elif shape == 4:
        body = body.replace(" ", " ... ", 1)
    return open_ + body + close


@st.composite
def paragraph(draw) -> str:
    who, q = draw(source), draw(quoted())
    cue = draw(st.sampled_from(CUES))
    shapes = [
        lambda: f"{q}, {who} {cue}.",
        lambda: f"{who} {cue}: {q}",
        lambda: f"{who} {cue} that {draw(clause())} and that {draw(clause())}.",
        lambda: f"{draw(clause()).capitalize()}, {who} {cue}.",
        lambda: f"According to {who}, {draw(clause())}.",
        lambda: f"{q} —{who}",
        lambda: f"{q} – {who}, {draw(clause(1, 4))}",
        lambda: f"From {who}:\n\n{q}",
        lambda: f"{draw(clause()).capitalize()} ({who} {cue}).",
        lambda: f"{q[: len(q) // 2]}, {who} {cue}, {q[len(q) // 2 :]}",
        lambda: f"{draw(sentence())} {draw(sentence())} {draw(sentence())}, {who} {cue}.",
        lambda: f"He added that {draw(clause())}. She went on to say {draw(clause())}.",
        lambda: f"{who} {draw(st.sampled_from(VERB_FORMS))} {draw(clause())}.",
        lambda: f"{draw(clause()).capitalize()}, {draw(st.sampled_from(VERB_FORMS))} {who}.",
        lambda: (
            f"{draw(st.sampled_from(QUOTE_MARKS))}{draw(st.sampled_from(WORDS))}"
            f"{draw(st.sampled_from(QUOTE_MARKS))} {draw(clause())}."
        ),
        lambda: "\n".join(
            f"{draw(st.sampled_from(['-', '•', '*', '1.', '2)', '–']))} {draw(sentence())}" for _ in range(3)
        ),
        lambda: f"Q: {draw(clause())}?\n\nA: {draw(sentence())}",
        lambda: f"{who.upper()}: {draw(sentence())}\n{draw(person()).upper()}: {q}",
        lambda: draw(sentence()).upper(),
        lambda: " ".join(draw(st.lists(sentence(), min_size=40, max_size=120))),
        lambda: draw(st.text(min_size=0, max_size=120)),
    ]
    return shapes[draw(st.integers(0, len(shapes) - 1))]()


@st.composite
def damaged(draw, text: str) -> str:
    """`text` with control and invisible characters inserted at drawn places."""
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(CONTROL)) + text[at:]
    return text


@st.composite
def article(draw) -> str:
    """A whole article: paragraphs joined as pages and pastes join them, sometimes damaged."""
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=8))
    text = ""
    for p in paragraphs:
        text += p + draw(st.sampled_from(["\n\n", "\n\n", "\n", "\r\n\r\n", "\n \n", " "]))
    if draw(st.booleans()):
        text = draw(damaged(text))
    return text
