"""Unit tests of the TIMEX3 / news conventions of the temporal tagger: reporting periods in earnings
stories, names that contain temporal words, extents (possessive, fractions), vague durations, and
the tense cues that place a weekday before or after the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.timex import find_timexes

D = dt.date
DCT = D(2025, 4, 18)  # a Friday
OCT = D(2025, 10, 28)  # a Tuesday in the fourth quarter
NOV = D(2025, 11, 4)


def values(text: str, dct: dt.date = DCT) -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, dct)}


# ------------------------------------------------------------------ reporting periods

PERIODS = [
    (
        "year-ago quarter",
        "Acme reported a 20% gain in third-quarter profit. Net rose to $5 million from $4 million a year earlier.",
        OCT,
        "a year earlier",
        "2024-Q3",
    ),
    (
        "an indefinite quarter is a digression",
        "Acme posted higher third-quarter profit. After a weak second quarter, sales recovered. "
        "Sales in the latest period rose 8%.",
        OCT,
        "the latest period",
        "2025-Q3",
    ),
    (
        "fiscal quarter reported ahead of the calendar",
        "Acme reported a 40% drop in fourth-quarter earnings. Sales in the latest period were $2 billion.",
        NOV,
        "the latest period",
        "2025-Q4",
    ),
    (
        "a quarter still to come is not the report's",
        "Acme's third-quarter profit rose. The storm will cut fourth-quarter results. "
        "In the latest quarter, sales grew.",
        OCT,
        "the latest quarter",
        "2025-Q3",
    ),
    (
        "history is not the report's quarter",
        "Acme reported third-quarter net of $6 million. It stopped paying a dividend in the third quarter "
        "of 2019. Net was up from $5 million a year ago.",
        OCT,
        "a year ago",
        "2024-Q3",
    ),
    (
        "nine months compare years",
        "Acme's third-quarter profit rose 5%. For the nine months, net was $9 million, compared with "
        "$8 million a year earlier.",
        OCT,
        "a year earlier",
        "2024",
    ),
    (
        "the year period in a quarterly report",
        "Acme's third-quarter profit fell. In the 2024 period, it had a one-time gain.",
        OCT,
        "the 2024 period",
        "2024-Q3",
    ),
    ("the latest fiscal year", "Sales in the latest fiscal year rose 4%.", OCT, "the latest fiscal year", "2024"),
]


@pytest.mark.parametrize(("text", "dct", "span", "value"), [c[1:] for c in PERIODS], ids=[c[0] for c in PERIODS])
def test_reporting_periods(text: str, dct: dt.date, span: str, value: str) -> None:
    assert values(text, dct).get(span) == value, find_timexes(text, dct)


# ------------------------------------------------------------------ names and extents

NAMES = [
    "China Daily reported the talks.",
    "The People's Daily said the visit was a success.",
    "He told USA Today the plan had failed.",
    'Baker said on ABC\'s "This Week" that sanctions would stay.',
    "He spoke on CBS's \"60 Minutes\" about the case.",
    "The Communist Party daily Granma printed the letter.",
    "Protesters gathered at the annual March for Life in Washington.",
]


@pytest.mark.parametrize("text", NAMES)
def test_temporal_words_inside_names_are_not_tagged(text: str) -> None:
    assert find_timexes(text, DCT) == []


def test_capitals_at_sentence_start_and_in_headlines_are_still_tagged() -> None:
    assert values("Daily flights to Delhi resume.") == {"Daily": "P1D"}
    assert values("Leaders To Resume Talks Next Week\nThe talks stalled.") == {"Next Week": "2025-W17"}
    assert values('"Now we must act," he said.') == {"Now": "PRESENT_REF"}


def test_possessive_is_outside_the_extent() -> None:
    (t,) = find_timexes("Last year's harvest was poor.", DCT)
    assert (t.text, t.value, t.end) == ("Last year", "2024", 9)
    (t,) = find_timexes("Friday's vote was close.", DCT)
    assert (t.text, t.value) == ("Friday", "2025-04-18")


@pytest.mark.parametrize(
    "text", ["A quarter of the voters stayed home.", "It holds more than a quarter of the market."]
)
def test_fractions_are_not_quarters(text: str) -> None:
    assert find_timexes(text, DCT) == []


DURATIONS = [
    ("trading days", "Eight trading days later, shares had fallen 4%.", "Eight trading days", "P8D"),
    ("in years", "Exports grew for the first time in years.", "years", "PXY"),
    ("lowest in decades", "Turnout hit its lowest level in decades.", "decades", "PXY"),
    ("recent months", "Prices have climbed in recent months.", "recent months", "PXM"),
]


@pytest.mark.parametrize(("text", "span", "value"), [c[1:] for c in DURATIONS], ids=[c[0] for c in DURATIONS])
def test_vague_and_qualified_durations(text: str, span: str, value: str) -> None:
    (t,) = find_timexes(text, DCT)
    assert (t.text, t.type, t.value) == (span, "DURATION", value)


# ------------------------------------------------------------------ tense of weekdays and times

WEEKDAYS = [
    ("scheduled present", "He and the prime minister meet separately Monday.", "Monday", "2025-04-21"),
    ("past tense", "The two leaders met Monday in Geneva.", "Monday", "2025-04-14"),
    ("headline present is past", "Leaders Meet In Geneva Monday\nThe talks ended.", "Monday", "2025-04-14"),
    ("opener then future verb", "On Tuesday, the league plans to hold a news conference.", "Tuesday", "2025-04-22"),
    ("opener then past verb", "On Tuesday, the government planned to pay the first claims.", "Tuesday", "2025-04-15"),
    (
        "second predicate is not the clause's tense",
        "Protesters planned a rally on Saturday and were planning to march.",
        "Saturday",
        "2025-04-19",
    ),
    (
        "clock time with its day after a parenthesis",
        "The blast occurred at about 10:35 a.m. (0735 GMT) Thursday.",
        "10:35 a.m.",
        "2025-04-17T10:35",
    ),
]


@pytest.mark.parametrize(("text", "span", "value"), [c[1:] for c in WEEKDAYS], ids=[c[0] for c in WEEKDAYS])
def test_weekday_tense(text: str, span: str, value: str) -> None:
    assert values(text).get(span) == value, find_timexes(text, DCT)


def test_day_before_an_event_is_not_resolved_against_the_dct() -> None:
    assert "the day before" not in values("He was last seen the day before the election.")
    assert values("He had arrived the day before.") == {"the day before": "2025-04-17"}


# ------------------------------------------------------------------ months without a year

MONTHS_NEAR = [
    ("next month with no tense cue", "First shipments for November go out from the port.", OCT, "November", "2025-11"),
    ("next month in the past tense", "Orders placed for November rose 4%.", OCT, "November", "2025-11"),
    ("month before, future cue", "The index will be revised through September.", OCT, "September", "2025-09"),
    ("month two back stays past", "Sales fell in August.", OCT, "August", "2025-08"),
    ("ten months ahead is the one past", "Fund sales this year through August were flat.", OCT, "August", "2025-08"),
    ("nine months ahead with a future cue", "The plant will reopen in July.", OCT, "July", "2026-07"),
]


@pytest.mark.parametrize(
    ("text", "dct", "span", "value"), [c[1:] for c in MONTHS_NEAR], ids=[c[0] for c in MONTHS_NEAR]
)
def test_month_next_to_the_dct_month(text: str, dct: dt.date, span: str, value: str) -> None:
    assert values(text, dct).get(span) == value, find_timexes(text, dct)


# ------------------------------------------------------------------ extents of durations

@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The hearing lasted only four hours.", "four hours"),
        ("The ceasefire held for just a week.", "a week"),
        ("Rebels took the town just a decade ago.", "a decade ago"),
        ("The talks lasted nearly six hours.", "nearly six hours"),
        ("Right now the talks are stalled.", "now"),
    ],
    ids=["only", "just", "just before ago", "nearly stays", "right now"],
)
def test_focus_particles_are_outside_the_extent(text: str, span: str) -> None:
    (t,) = find_timexes(text, DCT)
    assert t.text == span


# ------------------------------------------------------------------ sets and anaphoric days

SETS = [
    ("rate after an amount", "The mill turns out 9,000 tonnes a year.", "a year", "SET", "P1Y"),
    ("rate after money", "The deal saves the city $3 million a year.", "a year", "SET", "P1Y"),
    ("rate after a counted noun", "The airline adds six flights a week.", "a week", "SET", "P1W"),
    ("not a rate", "The strike lasted a week.", "a week", "DURATION", "P1W"),
    ("times a day is daily", "Patients are checked four times a day.", "four times a day", "SET", "P1D"),
    ("plural day part", "The market opens on Thursday evenings.", "Thursday evenings", "SET", "XXXX-WXX-4TEV"),
]


@pytest.mark.parametrize(("text", "span", "type_", "value"), [c[1:] for c in SETS], ids=[c[0] for c in SETS])
def test_rates_and_recurrences(text: str, span: str, type_: str, value: str) -> None:
    found = {t.text: (t.type, t.value) for t in find_timexes(text, DCT)}
    assert found.get(span) == (type_, value), found


def test_next_day_counts_from_the_story_day() -> None:
    text = "The dam burst on March 3. The next day, rescuers arrived. The following morning they left."
    assert values(text) == {"March 3": "2025-03-03", "The next day": "2025-03-04",
                            "The following morning": "2025-03-05TMO"}
    assert values("Officials will meet the next day.") == {"the next day": "2025-04-19"}


def test_a_count_after_the_past_is_not_past_ref() -> None:
    assert "the past" not in values("Riots broke out in each of the past three summers.")
    assert values("Such riots belong to the past.") == {"the past": "PAST_REF"}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("They boarded a 12-hour flight to Lima.", "12-hour"),
        ("The 90-day truce expired.", "90-day"),
        ("Acme said its second-quarter loss widened.", "second-quarter"),
        ("Analysts cheered robust fourth-quarter sales.", "fourth-quarter"),
        ("Acme said its second quarter was weak.", "second quarter"),
        ("Sales fell in the second quarter.", "the second quarter"),
    ],
    ids=["a N-hour", "the N-day", "its Q-adjective", "adjective Q-adjective", "its quarter", "the quarter stays"],
)
def test_determiners_of_the_modified_noun_are_outside_the_extent(text: str, span: str) -> None:
    (t,) = find_timexes(text, OCT)
    assert t.text == span and text[t.start:t.end] == span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trading was halted at mid-afternoon yesterday.", {"mid-afternoon yesterday": "2025-04-17TAF"}),
        ("By mid morning the crowd had gone.", {"mid morning": "2025-04-18TMO"}),
        ("The ballots arrived late evening today.", {"late evening today": "2025-04-18TEV"}),
        ("Early morning patrols are routine.", {}),
    ],
    ids=["mid with a day", "mid alone", "late with a day", "generic early morning"],
)
def test_parts_of_the_news_day(text: str, expected: dict[str, str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The firm bought the plant from Acme Corp. last June.", "last June"),
        ("Launched last May, the satellite failed.", "last May"),
    ],
    ids=["after a name", "after a capitalised participle"],
)
def test_last_month_after_a_capitalised_word_is_whole(text: str, span: str) -> None:
    (t,) = find_timexes(text, OCT)
    assert t.text == span


@pytest.mark.parametrize(
    ("text", "dct", "span", "value"),
    [
        ("The family fled last Christmas.", D(2025, 2, 3), "last Christmas", "2024-12-25"),
        ("The store will reopen next Thanksgiving.", D(2025, 2, 3), "next Thanksgiving", "2025-11-27"),
        ("Rebels crossed the border a month or so ago.", D(2025, 2, 3), "a month or so ago", "2025-01"),
    ],
    ids=["last holiday", "next holiday", "or so ago"],
)
def test_holidays_with_a_determiner_and_approximate_ago(text: str, dct: dt.date, span: str, value: str) -> None:
    assert values(text, dct) == {span: value}


def test_some_day_and_quarter_to_quarter() -> None:
    assert values("Rail will one day link the two ports.") == {"one day": "FUTURE_REF"}
    assert values("The strike lasted one day.") == {"one day": "P1D"}
    assert values("The quarter-to-quarter change was small.", OCT) == {}


def test_clock_time_takes_the_day_named_after_on() -> None:
    found = values("The vote was held at 9 p.m. on Wednesday.")
    assert found == {"9 p.m.": "2025-04-16T21:00", "Wednesday": "2025-04-16"}
    assert values("He spoke at 9 p.m. on the radio.") == {"9 p.m.": "2025-04-18T21:00"}


def test_fiscal_year_with_its_number_is_one_expression() -> None:
    assert values("Spending for fiscal year 2026 was cut.") == {"fiscal year 2026": "2026"}


def test_the_week_of_a_day_is_that_week() -> None:
    assert values("A hearing is set for the week of May 5.") == {"the week of May 5": "2025-W19"}
