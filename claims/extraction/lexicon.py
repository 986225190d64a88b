"""Word lists the rules share: reporting verbs, honorifics, role and organisation nouns."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemma -> how the verb introduces what was said. "clause": a reported clause (ccomp);
# "object": the accusation/description pattern, content is the object and its complement.
# Verbs of belief count as reporting ("he thinks the square will help"): ANNOTATION.md lists
# "believes" among the cues, and a stated opinion is attributed to its holder like speech.
_CLAUSE_CUES = _words(
    """
    accept acknowledge add admit affirm agree allege announce answer argue assert believe boast
    caution claim complain concede conclude confirm contend counter declare deny disclose emphasise
    emphasize estimate explain fear feel find forecast hint indicate insist maintain mention note
    observe pledge point post predict promise put recall reckon reiterate remark repeat reply report
    respond retort reveal say shout show signal speculate state stress suggest tell testify think
    tweet urge vow warn write yell
    """
)
_OBJECT_CUES = _words("accuse blame call criticise criticize describe")
CUE_VERBS: dict[str, str] = dict.fromkeys(_CLAUSE_CUES, "clause") | dict.fromkeys(_OBJECT_CUES, "object")

# Cues that report only when a document, poll or study is their subject ("the poll found ...",
# "documents seen by this newspaper show ..."); with a person as subject they describe an action.
DOCUMENT_ONLY_CUES = frozenset({"find", "show", "indicate", "signal"})

# "pointed out that ...": a particle the verb needs before it reports anything.
PARTICLE_CUES = {"point": "out"}
# "put it to him that ...": the object and preposition a verb needs before it reports anything.
FRAME_CUES = {"put": ("it", "to")}

# Inflections for parses without a lemmatizer (hand-built test parses, a model without one);
# with spaCy's lemmatizer present, token.lemma_ is used instead. Every value is a key of CUE_VERBS
# (tests/extraction/test_lexicon.py checks it).
IRREGULAR_LEMMAS = {
    "said": "say",
    "says": "say",
    "saying": "say",
    "told": "tell",
    "tells": "tell",
    "telling": "tell",
    "wrote": "write",
    "written": "write",
    "writes": "write",
    "writing": "write",
    "thought": "think",
    "thinks": "think",
    "thinking": "think",
    "felt": "feel",
    "found": "find",
    "shown": "show",
    "denied": "deny",
    "denies": "deny",
    "replied": "reply",
    "replies": "reply",
    "testified": "testify",
    "testifies": "testify",
    "emphasised": "emphasise",
    "agreed": "agree",
}

# Verbs that only count when they report a clause from a person or body (not "figures confirm").
NON_SOURCE_SUBJECTS = {
    "figures",
    "figure",
    "data",
    "records",
    "record",
    "statistics",
    "numbers",
    "results",
    "evidence",
    "documents",
    "images",
    "footage",
    "video",
    "photos",
    "analysis",
    "tests",
    "this",
    "that",
}

HONORIFICS = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dr": None,
    "prof": None,
    "professor": None,
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "rev": None,
    "mx": None,
    "fr": "m",
    "cllr": None,
}

# Abbreviated titles written before a name ("Sen. Maria Alvarado"); stripped like honorifics and,
# with their full stop, one token that never ends a sentence (see engine.load_pipeline).
TITLE_ABBREVIATIONS = _words(
    """
    adm amb atty capt cllr cmdr col cpl det dr gen gov hon insp lt maj mr mrs ms pres prof rep rev
    sen sgt supt
    """
)
# The office an abbreviated title names, so "the governor" later finds "Gov. Okafor-Stiles".
TITLE_OFFICES = {
    "adm": "admiral",
    "amb": "ambassador",
    "atty": "attorney",
    "capt": "captain",
    "cllr": "councillor",
    "cmdr": "commander",
    "col": "colonel",
    "cpl": "corporal",
    "det": "detective",
    "dr": "doctor",
    "gen": "general",
    "gov": "governor",
    "insp": "inspector",
    "lt": "lieutenant",
    "maj": "major",
    "pres": "president",
    "prof": "professor",
    "rep": "representative",
    "sen": "senator",
    "sgt": "sergeant",
    "supt": "superintendent",
}
# Honours and offices written after a name ("Beatrix Ondaatje KC"): not part of the name.
POST_NOMINALS = frozenset({"kc", "qc", "mp", "mep", "msp", "td", "obe", "cbe", "mbe", "kbe", "dbe", "phd"})
# Suffixes after a name ("Harold Becker Sr."): part of the name, never a surname of their own.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Nouns naming a person by office; used to strip titles off names and to resolve "the minister".
ROLE_NOUNS = _words(
    """
    activist administrator admiral adviser advisor ambassador analyst archbishop assistant associate boss
    attorney auditor author barrister bishop campaigner captain cardinal chair chairman chairperson
    chairwoman chancellor chief coach colonel commander commissioner congressman congresswoman constable
    controller councillor councilor counsel dean defender deputy detective diplomat director doctor
    economist editor emir engineer envoy executive expert forward founder general goalkeeper governor
    head headteacher inspector judge king lawyer leader lieutenant major manager marshal master mayor mep
    midfielder minister mp negotiator neighbor neighbour nurse officer official ombudsman owner pilot
    player pope premier president prince princess principal professor prosecutor queen rector
    representative researcher resident scientist secretary senator sergeant sheikh sheriff solicitor
    spokesman spokesperson spokeswoman striker student superintendent survivor teacher treasurer
    undersecretary vice victim warden witness worker
    """
)

# Role nouns that also serve as ordinary unnamed sources ("an official said").
UNNAMED_PERSON_NOUNS = ROLE_NOUNS | _words(
    """
    aide aides analysts campaigners citizen citizens colleague colleagues critics customer customers
    diplomats doctors employees experts families family fans friend friends guest guests insider
    insiders investigators lawmakers legislators man member members men ministers nurses observers
    officials opponents parents passenger passengers patient patients people person pilots police
    prosecutors protesters pupil pupils relative relatives researchers residents scientists source
    sources staff supporters teachers tenant tenants voters witnesses woman women workers
    """
)

ORG_NOUNS = _words(
    """
    administration agency airline airport alliance army assembly association authority bank board
    broadcaster bureau cabinet campaign charity club coalition college commission committee company
    congress consulate corp corporation council court department developer directorate embassy
    federation firm force forces foundation gmbh government group guild holdings hospital inc industries
    inspectorate institute insurer kremlin league lender llc ltd maker manufacturer media ministry
    mission movement museum navy network newspaper office operator organisation organization parliament
    party plc police prison provider publisher regulator retailer school secretariat senate service
    services society staff supermarket systems team treasury tribunal trust union united university watchdog
    wanderers rovers athletic albion fc
    """
)

# Nouns that only say what kind of body a proper name is ("the Save Holloway Bay group"); other
# org nouns name a distinct body ("the Tarvel interior ministry", "the UN mission") and stay.
GENERIC_ORG_NOUNS = _words(
    "alliance campaign charity coalition company firm group movement network organisation organization"
)

# Org descriptors that may name a body whose name uses another word ("the union" -> "... Association").
ORG_SYNONYMS = {
    "union": {"union", "association", "federation", "guild"},
    "agency": {"agency", "authority", "office", "service", "commission", "executive"},
    "authority": {"authority", "agency", "office", "commission"},
    "ministry": {"ministry", "department"},
    "department": {"department", "ministry"},
    "charity": {"charity", "trust", "foundation"},
    "company": {"company", "systems", "holdings", "group", "ltd", "plc", "inc", "corporation"},
    "firm": {"firm", "company", "systems", "holdings", "group", "ltd", "plc", "inc", "corporation"},
    "airline": {"air", "airline", "airlines", "airways"},
    "group": {"group", "network", "campaign", "alliance", "coalition"},
    "council": {"council"},
    "court": {"court", "tribunal"},
}
COMPANY_NOUNS = {
    "company",
    "firm",
    "airline",
    "group",
    "business",
    "developer",
    "manufacturer",
    "maker",
    "operator",
    "provider",
    "bank",
    "carrier",
    "insurer",
    "retailer",
    "lender",
    "supermarket",
    "chain",
}

DOCUMENT_NOUNS = _words(
    """
    accounts analysis assessment audit census data decision document documents email estimate estimates figures
    filing findings forecast inquiry investigation judgment letter memo minutes note numbers paper papers
    poll polling press projections records release report research results review ruling statement
    statistics studies study survey tally
    """
)

PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
PERSON_PRONOUNS = {"he", "she", "they", "we", "i"}
