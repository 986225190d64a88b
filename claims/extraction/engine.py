"""The spaCy side of the extractor: loading the pipeline and running texts through it in batches."""

import dataclasses
import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from claims.matching.features import features_from_doc
from newstext.boilerplate import split_paragraphs

from . import MAX_CHARS, pipeline
from .checkworthiness import score_span
from .faults import ExtractionWarning, Faults
from .lexicon import NAME_SUFFIXES, TITLE_ABBREVIATIONS
from .statement import ExtractedStatement

CHUNK_CHARS = 10_000
BATCH_CHARS = 100_000


_BULLETS = frozenset({"-", "•", "*", "–", "—", "·"})
_TITLE_TOKENS = frozenset(w.capitalize() + "." for w in TITLE_ABBREVIATIONS)


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence; the parser keeps boundaries set before it.

    A single line break counts after closing punctuation or before a list item ("- ", "• ", "* "),
    so hard-wrapped text still parses and each bullet of a live blog's summary is its own sentence.
    A title before a name ("Sen.", "Gov.") never ends a sentence.
    """
    for tok in doc[1:-1]:
        if tok.is_space and "\n" in tok.text:
            prev = doc[tok.i - 1].text
            bullet = doc[tok.i + 1].text in _BULLETS and doc[tok.i + 1].whitespace_
            if tok.text.count("\n") >= 2 or prev[-1:] in ".!?”\"’'" or bullet:
                doc[tok.i + 1].is_sent_start = True
        elif tok.text in _TITLE_TOKENS and tok.whitespace_ and doc[tok.i + 1].text[:1].isupper():
            doc[tok.i + 1].is_sent_start = False
    return doc


def _add_abbreviations(nlp: Language) -> None:
    """ "Sgt.", "Sr." and the like stay one token with their full stop, as "Dr." already does."""
    for word in TITLE_ABBREVIATIONS | NAME_SUFFIXES:
        for form in (word.capitalize() + ".", word.upper() + "." if word in ("ii", "iii", "iv") else None):
            if form:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@functools.lru_cache(maxsize=4)
def load_pipeline(model_name: str) -> Language:
    """Load an installed spaCy package once per process, without the components the rules do not use."""
    nlp = spacy.load(model_name)  # the rules read tags, the parse, entities and lemmas: every component
    _add_abbreviations(nlp)
    if "paragraph_sentences" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def _prepare(text: str) -> tuple[str, str, list, list]:
    text = text[:MAX_CHARS]
    paragraphs = split_paragraphs(text)
    masked, skipped = pipeline.mask_text(text, paragraphs)
    return text, masked, paragraphs, skipped


def _chunks(masked: str) -> list[str]:
    """Pieces of at most ~CHUNK_CHARS, cut after paragraph breaks, that concatenate back to the text.

    One huge Doc makes the model hold arrays for every token at once (gigabytes at MAX_CHARS);
    parsing pieces and joining the Docs keeps memory flat and offsets unchanged.
    """
    if len(masked) <= CHUNK_CHARS:
        return [masked]
    out, start = [], 0
    while len(masked) - start > CHUNK_CHARS:
        limit = start + CHUNK_CHARS
        cut = masked.rfind("\n\n", start, limit)
        if cut <= start:
            cut = masked.rfind("\n", start, limit)
        if cut <= start:
            cut = masked.rfind(" ", start, limit)
        cut = cut + 1 if cut > start else limit
        while cut < len(masked) and masked[cut].isspace():
            cut += 1
        out.append(masked[start:cut])
        start = cut
    out.append(masked[start:])
    return out


def extract(
    text: str,
    nlp: Language,
    warnings: list[ExtractionWarning] | None = None,
    *,
    check_worthiness: bool = False,
    match_features: bool = False,
) -> list[ExtractedStatement]:
    """Statements attributed in `text`, sorted by start; offsets index the text given (capped at MAX_CHARS).

    A rule that fails on one candidate drops it and, when `warnings` is given, appends an
    ExtractionWarning there; an exception escapes only when the text cannot be parsed at all.
    `check_worthiness` also scores each statement from the article's own parse (see checkworthiness);
    `match_features` reads the claim matcher's features from it (claims.matching.features), so
    storing the statements needs no second parse.
    """
    found = []
    result = next(
        extract_many([text], nlp, warnings=found, check_worthiness=check_worthiness, match_features=match_features)
    )
    if warnings is not None:
        warnings.extend(found[0])
    return result


def extract_many(
    texts: Iterable[str],
    nlp: Language,
    batch_size: int = 16,
    warnings: list[list[ExtractionWarning]] | None = None,
    *,
    check_worthiness: bool = False,
    match_features: bool = False,
) -> Iterator[list[ExtractedStatement]]:
    """`extract` over many texts, parsed in batches with nlp.pipe; yields one list per text, in order.

    With `warnings`, one list of ExtractionWarning per text is appended to it as each text is yielded.
    """
    parts: list[Doc] = []
    for group in _batches(texts, batch_size):
        chunks = [chunk for chunk, _ in group]
        for doc, (_, (prepared, last)) in zip(nlp.pipe(chunks, batch_size=len(chunks)), group, strict=True):
            parts.append(doc)
            if last:
                text, _, paragraphs, skipped = prepared
                whole = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
                parts = []
                faults = Faults()
                found = pipeline.statements(text, whole, paragraphs, skipped, faults)
                if check_worthiness:  # a scoring failure leaves that statement unscored, never lost
                    found = [faults.guard("check-worthiness", s.start, s.end, _scored, whole, s) or s for s in found]
                if match_features:  # a statement without them is parsed again when stored
                    found = [faults.guard("match-features", s.start, s.end, _featured, whole, s) or s for s in found]
                if warnings is not None:
                    warnings.append(faults.warnings)
                yield found


def _scored(doc: Doc, statement: ExtractedStatement) -> ExtractedStatement:
    # The parse is of the masked text, which has the text's length: statement offsets index both.
    return dataclasses.replace(statement, check_worthiness=score_span(doc, statement.start, statement.end))


def _featured(doc: Doc, statement: ExtractedStatement) -> ExtractedStatement:
    span = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    if span is None or not len(span):
        raise ValueError(f"No tokens between characters {statement.start} and {statement.end}.")
    return dataclasses.replace(statement, match_features=features_from_doc(span))


def _batches(texts: Iterable[str], batch_size: int) -> Iterator[list[tuple[str, tuple]]]:
    """Pieces to parse, grouped by count and by size: the model's memory grows with a batch's characters."""
    group: list[tuple[str, tuple]] = []
    size = 0
    for text in texts:
        prepared = _prepare(text)
        chunks = _chunks(prepared[1])
        for n, chunk in enumerate(chunks):
            if group and (len(group) >= batch_size or size + len(chunk) > BATCH_CHARS):
                yield group
                group, size = [], 0
            group.append((chunk, (prepared, n == len(chunks) - 1)))
            size += len(chunk)
    if group:
        yield group
