"""Who a speaker is when the article names them indirectly: relatives, offices, pronouns, documents.

Each example is written here for its rule; none is a sentence of the dev, held-out or fresh sets.
"""

from claims.extraction import extract

from .scoring import speaker_of


def test_a_relative_named_by_first_name_takes_the_family_name(nlp):
    text = (
        "Oskar Brandvik, 81, opened the bakery in 1969. He says the ovens are older than he is.\n\n"
        "His daughter Liv runs it now. Ms Brandvik says the queue starts before six.\n\n"
        "Her brother Anders, 50, bakes the bread. Mr Brandvik says he has never missed a morning."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the queue starts") == "Liv Brandvik"
    assert speaker_of(found, "he has never missed") == "Anders Brandvik"


def test_her_father_is_the_man_whose_daughter_she_is(nlp):
    text = (
        "Oskar Brandvik, 81, handed the bakery to his daughter Liv in 2015.\n\n"
        "Liv Brandvik says the shop now sells more cake than bread. "
        "Her father says the shop has betrayed the trade."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the shop has betrayed") == "Oskar Brandvik"


def test_an_unnamed_relative_stays_as_written(nlp):
    found = extract("Mira Kallas finished second. Her mother said the result was a surprise.", nlp)
    assert speaker_of(found, "the result was") == "her mother"


def test_whose_relative_belongs_to_the_clause_antecedent(nlp):
    text = (
        "Rosa Quintal, whose husband Mateus is the ship's cook, said she had heard nothing since Friday.\n\n"
        '"Every hour without news is a year," she said.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "Every hour") == "Rosa Quintal"


def test_a_generic_noun_inside_a_report_is_no_antecedent(nlp):
    text = (
        "Hedda Lorne became the first female pilot at the airline in 1971. The airline, according to her "
        'own account, told her that a woman "could not be trusted with a jet".\n\n'
        '"I asked them to watch me land," she told an interviewer in 1999.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "I asked them") == "Hedda Lorne"


def test_the_one_addressed_is_not_the_questioner(nlp):
    text = (
        "Under cross-examination, Corinna Vael KC put it to him that he had hidden the losses. "
        "Mr Dorsey denied it.\n\n"
        '"You knew exactly what the accounts showed," she said.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "You knew") == "Corinna Vael"


def test_a_mention_inside_a_question_is_no_antecedent(nlp):
    text = (
        "Coach Imelda Sarrat said her side had been outplayed.\n\n"
        "Asked whether striker Jonas Pell would start on Sunday, she replied: "
        '"He will train, and then we will see."'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "He will train") == "Imelda Sarrat"


def test_a_woman_is_never_he(nlp):
    text = (
        "Dev Kapoor has owned the corner shop since 1998. A woman who lives nearby said it had been shut "
        "for weeks. He said it opened every morning."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "it opened every morning") == "Dev Kapoor"


def test_an_office_asked_about_is_the_holder_named_later(nlp):
    text = (
        "Q: The interior minister has said he wants the border closed.\n\n"
        "A: He is entitled to his view.\n\n"
        "The interior minister, Pavel Roskov, joined the call later.\n\n"
        "Mr Roskov said the border would stay open."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "he wants the border") == "Pavel Roskov"


def test_an_abbreviated_title_names_the_office(nlp):
    text = "Gov. Marisa Trell signed the order on Monday. The governor said the state could not wait."
    found = extract(text, nlp)
    assert speaker_of(found, "the state could not wait") == "Marisa Trell"


def test_the_agent_of_a_passive_report_is_the_source(nlp):
    (s,) = extract("Investigators were told by two neighbours that the driver had fled on foot.", nlp)
    assert (s.speaker, s.content) == ("two neighbours", "the driver had fled on foot")


def test_quoted_as_saying_belongs_to_the_one_quoted(nlp):
    (s,) = extract(
        "The port director, Alma Geller, was quoted by a local paper as saying that the cranes would be sold.",
        nlp,
    )
    assert s.speaker == "Alma Geller"
    assert s.content == "the cranes would be sold"
    assert s.cue == "quoted by a local paper as saying"


def test_a_that_clause_hung_on_a_later_noun_is_still_reported(nlp):
    found = extract(
        "Finance chief Oren Vale told investors on a call that the company would cut 300 jobs. "
        "Mila Stroud of Baxter Partners wrote in a note to clients that the cuts came too late.",
        nlp,
    )
    assert [(s.speaker, s.content) for s in found] == [
        ("Oren Vale", "the company would cut 300 jobs"),
        ("Mila Stroud", "the cuts came too late"),
    ]


def test_figures_speak_for_whoever_published_them(nlp):
    text = (
        "Unemployment rose to 6.1 per cent in May, according to figures published on Friday by the "
        "Kessian Statistics Office. Exports fell for a third month, according to the office's provisional "
        "estimates. Support for the government stands at 29 per cent, according to a Verano Research poll."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "Unemployment rose") == "Kessian Statistics Office"
    assert speaker_of(found, "Exports fell") == "Kessian Statistics Office"
    assert speaker_of(found, "Support for the government") == "Verano Research"


def test_a_family_statement_is_never_she(nlp):
    text = (
        "Dara Melk, the singer, has died aged 88. She died at home, her family said.\n\n"
        '"I sang for the back row," she told an interviewer in 2001.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "She died at home") == "her family"
    assert speaker_of(found, "I sang") == "Dara Melk"


def test_a_party_and_its_government_are_two_bodies(nlp):
    text = (
        "The prime minister claimed a Unity Party government would double fuel duty. "
        "The Unity Party said the figure was invented."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the figure was invented") == "Unity Party"


def test_a_name_ner_took_for_a_body_is_a_person_once_titled(nlp):
    text = (
        "For many commuters the strike meant a long walk. Petra Holloway, whose office is across the river, "
        "walked for two hours.\n\n"
        '"My shoes did not survive," said Ms Holloway, 41.'
    )
    found = extract(text, nlp)
    speaker = speaker_of(found, "My shoes")
    assert speaker == "Petra Holloway"
    assert next(s for s in found if s.speaker == speaker).speaker_kind == "person"


def test_who_after_an_apposition_is_the_person_not_the_employer(nlp):
    text = (
        "The flaw was found by Idris Bakker, an engineer at Tolvane University, who told the Herald that "
        "he had reported it in March."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "he had reported it") == "Idris Bakker"


def test_a_description_past_the_lede_is_not_the_next_person_named(nlp):
    text = (
        "The ferry has run since 1952.\n\nIt carries 400 cars a day.\n\nFares rose in May.\n\n"
        "The timetable changed in June.\n\n"
        "The harbour master says the ferry is the last of its kind.\n\n"
        "Nadia Ferrante, who drives a delivery van, says the crossing saves her an hour."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the ferry is the last").removeprefix("the ") == "harbour master"
    assert speaker_of(found, "the crossing saves") == "Nadia Ferrante"


def test_a_spouse_named_by_first_name_takes_the_family_name(nlp):
    text = (
        "Dr Lina Sorel died in the crash.\n\n"
        "In a statement, Dr Sorel's husband, Tomas, said the family was devastated.\n\n"
        "Speaking outside court, Mr Sorel said he would campaign for safer roads."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the family was devastated") == "Tomas Sorel"
    assert speaker_of(found, "he would campaign") == "Tomas Sorel"


def test_a_body_named_with_and_and_commas_stays_whole(nlp):
    found = extract(
        "The Port, Canal and River Workers' Union said 200 jobs were at risk. "
        "The Food and Drink Standards Agency said the recall was complete.",
        nlp,
    )
    assert [s.speaker for s in found] == ["Port, Canal and River Workers' Union", "Food and Drink Standards Agency"]


def test_a_comma_alone_does_not_join_a_person_to_a_body(nlp):
    (s,) = extract("Mara Quill, Safe Roads Now, said 40 crossings were unsafe.", nlp)
    assert s.speaker in ("Mara Quill", "Safe Roads Now")


def test_a_peers_territorial_title_is_part_of_the_name(nlp):
    (s,) = extract("Lord Ashby of Wendell said the minister had misled the house.", nlp)
    assert s.speaker == "Ashby of Wendell"


def test_a_word_before_the_name_is_not_the_speaker(nlp):
    (s,) = extract('Mitigating, Aldo Venn KC said his client was "deeply sorry".', nlp)
    assert s.speaker == "Aldo Venn"


def test_a_lower_case_noun_is_never_a_name(nlp):
    text = (
        "Prosecutor Ruth Anand told the court the driver had been speeding. His van was doing 50mph.\n\n"
        '"He had every chance to stop," she said.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "He had every chance") == "Ruth Anand"


def test_an_office_before_an_apposition_names_the_holder(nlp):
    text = (
        "Kessia's Prime Minister, Lotte Varga, who chaired the talks, called the deal a start.\n\n"
        "The prime minister rejected that, saying the war had taken one hour of the talks."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the war had taken") == "Lotte Varga"


def test_a_name_particle_is_not_an_office(nlp):
    text = (
        "Ostmark's chancellor, Renate von Adlersberg, opposed the levy.\n\n"
        '"We are not against the idea," the chancellor said.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "We are not against") == "Renate von Adlersberg"


def test_a_title_goes_to_the_relative_who_was_given_it(nlp):
    text = (
        "Their son, Emrys Talbot-Hughes, said his father had planned the funeral himself.\n\n"
        "His daughter, Dr Nia Talbot-Hughes, said he had kept writing until the end.\n\n"
        '"He wanted the last word," Dr Talbot-Hughes said.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "He wanted the last word") == "Nia Talbot-Hughes"


def test_a_descriptive_clause_subject_is_no_antecedent(nlp):
    text = (
        "Gareth Morlais has died aged 80. He left school at 15 to work at the mill where his father "
        "had been injured.\n\n"
        '"I never forgot the noise," he told this newspaper in 2001.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "I never forgot") == "Gareth Morlais"


def test_the_supermarket_is_a_company_not_the_farmers_guild(nlp):
    text = (
        "The Dairy Farmers' Guild said the cut would close farms. Its president, Aled Price, said prices "
        "were too low. The guild claimed Greenmarket's margin had doubled. The supermarket denied this, "
        "saying its margin was among the lowest in the store."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "its margin was").removeprefix("the ") in ("Greenmarket", "supermarket")


def test_it_never_falls_back_to_a_person(nlp):
    text = (
        "One man, who did not want to be named, said the queue was six hours long.\n\n"
        "According to the airport, 9,000 people slept in the terminal. It said it had handed out blankets."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "it had handed out").removeprefix("the ") == "airport"


def test_each_bullet_of_a_summary_is_its_own_sentence(nlp):
    text = (
        "Election night: what we know\n\n"
        "- With 90% counted, the Greens have 30%\n"
        "- Prime Minister Ola Brenn says his party will not be the largest\n"
        "- Turnout was 68%, according to the Electoral Commission"
    )
    found = extract(text, nlp)
    assert [(s.speaker, s.content) for s in found] == [
        ("Ola Brenn", "his party will not be the largest"),
        ("Electoral Commission", "Turnout was 68%"),
    ]


def test_a_that_clause_the_parser_lost_is_the_rest_of_the_sentence(nlp):
    text = (
        "He claimed that most of the complaints involved fake chargers bought online, "
        "a claim the Consumer Safety Office rejected."
    )
    (s,) = extract("Ivo Danes runs the shop. " + text, nlp)
    assert s.content == "most of the complaints involved fake chargers bought online"


def test_a_closing_attribution_covers_its_own_sentence(nlp):
    found = extract("Our reporter, Kaia Lund, is at the count. Two ministers left early, she says.", nlp)
    assert [(s.speaker, s.content) for s in found] == [("Kaia Lund", "Two ministers left early")]


def test_put_it_to_her_reports(nlp):
    (s,) = extract("The family's barrister, Owen Price, put it to her that the delay broke the rules.", nlp)
    assert (s.speaker, s.content) == ("Owen Price", "the delay broke the rules")


def test_a_patient_is_a_source(nlp):
    (s,) = extract("Another patient on the ward said she had heard shouting in the night.", nlp)
    assert s.speaker == "another patient on the ward"


def test_a_captain_named_in_apposition_is_the_captain(nlp):
    text = (
        "Hollin lost their captain, Niall Ferris, to the sin bin after an hour.\n\n"
        '"That one is on me," the Hollin captain said.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "That one is on me") == "Niall Ferris"


def test_the_boss_is_whoever_leads_the_company(nlp):
    text = (
        "Brakwell's chief executive, Dame Ottoline Reyes, rejected the bid on Monday.\n\n"
        "The Brakwell boss insisted the company's own plan would deliver more value."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "the company's own plan") == "Ottoline Reyes"


def test_the_minister_after_a_quotation_is_the_minister(nlp):
    text = (
        "Schools Minister Hedda Brun said she had written to the head teacher.\n\n"
        "\u201cSchools are there to teach, not to shield,\u201d the minister said."
    )
    found = extract(text, nlp)
    assert speaker_of(found, "Schools are there") == "Hedda Brun"


def test_a_club_is_a_body_and_a_person_ner_took_for_one_is_a_person(nlp):
    text = (
        "On Saturday Jonna Vikstrom will referee her last game, the meeting of Arden Town and Kestle "
        "United.\n\n"
        '"My knees disagree," Vikstrom says. She says the crowd once booed her for a correct penalty.'
    )
    found = extract(text, nlp)
    assert speaker_of(found, "My knees") == "Jonna Vikstrom"
    assert speaker_of(found, "the crowd once booed") == "Jonna Vikstrom"
    assert all(s.speaker_kind == "person" for s in found)


def test_a_welsh_patronymic_is_one_name(nlp):
    text = 'Its president, Gwion ap Dafydd, said prices were too low.\n\n"It is a slow eviction," Mr ap Dafydd said.'
    found = extract(text, nlp)
    assert {s.speaker for s in found} == {"Gwion ap Dafydd"}


def test_he_makes_a_name_ner_took_for_a_body_a_person(nlp):
    text = (
        "After 19 seasons, Lennart Oakes will referee his last game on Saturday. He is 47.\n\n"
        '"My knees disagree," he says.'
    )
    found = extract(text, nlp)
    (s,) = [s for s in found if s.content.startswith("My knees")]
    assert (s.speaker, s.speaker_kind) == ("Lennart Oakes", "person")
