"""The lexicon files load, cover what they promise, and the loader rejects malformed files by file:line."""

from __future__ import annotations

import collections
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.lexicons import KINDS, LEXICON_DIR, Leader, Lexicon, LexiconError, fold, load_lexicon
from dateline.matcher import compile_matcher

D = dt.date

# The 193 UN member states (un.org, "Member States"), by ISO 3166-1 alpha-3 code.
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS
MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN
PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP
SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE
GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()

# CONTRACT.md ("Country codes") and the organisations the lexicon promises.
ORGANISATION_CODES = """
EUU UNO NATO ASEAN AU SCO BRICS G20 G7 OPEC NDB WTO WHO IMF OSCE APEC CSTO EAEU GCC LAS OAS CELAC
MERCOSUR IAEA ICC UNSC ECOWAS SAARC QUAD AUKUS CIS OIC WB
""".split()


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


# ---------------------------------------------------------------------------------------------------
# The shipped files


def test_un_members_are_193_distinct_codes() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_every_un_member_observer_and_extra_state_is_present(lexicon: Lexicon) -> None:
    expected = set(UN_MEMBERS) | {"PSE", "VAT", "XKX", "TWN"}
    assert set(lexicon.countries) == expected
    members = {c.code for c in lexicon.countries.values() if c.status == "member"}
    assert members == set(UN_MEMBERS)
    assert {lexicon.countries[c].status for c in ("PSE", "VAT")} == {"observer"}


def test_every_promised_organisation_code_is_present(lexicon: Lexicon) -> None:
    assert set(ORGANISATION_CODES) <= set(lexicon.organisations)
    assert lexicon.codes() == set(lexicon.countries) | set(lexicon.organisations)


def test_sizes(lexicon: Lexicon) -> None:
    assert len(lexicon.roles) >= 60
    assert len(lexicon.leaders) >= 300


@pytest.mark.parametrize("name", ["countries.tsv", "organisations.tsv", "roles.tsv", "leaders.tsv"])
def test_files_start_with_a_provenance_header(name: str) -> None:
    lines = (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    header = [line for line in lines if line.startswith("#")]
    assert any("Provenance" in line or "provenance" in line.lower() for line in header)


def test_every_country_has_a_demonym_or_capital(lexicon: Lexicon) -> None:
    bare = [c.code for c in lexicon.countries.values() if not c.demonyms and not c.capital]
    assert bare == []


def test_leader_roles_have_kinds_and_terms_of_one_office_do_not_overlap(lexicon: Lexicon) -> None:
    offices: dict[tuple[str, str], list[Leader]] = collections.defaultdict(list)
    for leader in lexicon.leaders:
        assert lexicon.role_kind(leader.role) in KINDS
        offices[(leader.country, leader.role)].append(leader)
    for (country, role), terms in offices.items():
        terms.sort(key=lambda t: t.start)
        for before, after in zip(terms, terms[1:], strict=False):
            # a handover day may count for both; anything longer is a data error
            assert before.end is not None, (country, role, before.name, after.name)
            assert (before.end - after.start).days <= 0, (country, role, before.name, after.name)


EXCLUDED_BARE = ["Lee", "Li", "Khan", "Ali", "Sharif", "Kim", "Lam", "King", "May", "Park", "Moon", "Wang"]


@pytest.mark.parametrize("surface", EXCLUDED_BARE)
def test_ambiguous_bare_names_name_nobody(lexicon: Lexicon, surface: str) -> None:
    assert lexicon.leaders_named(surface) == ()


# ---------------------------------------------------------------------------------------------------
# Spot checks


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Slovak", "SVK"),
        ("Slovakian", "SVK"),
        ("Emirati", "ARE"),
        ("Qatari", "QAT"),
        ("Turkish", "TUR"),
        ("Serb", "SRB"),
        ("Chinese", "CHN"),
        ("Sino", "CHN"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Filipino", "PHL"),
        ("Philippine", "PHL"),
        ("Saudis", "SAU"),
        ("Israelis", "ISR"),
        ("Palestinian", "PSE"),
        ("Kosovar", "XKX"),
        ("Taiwanese", "TWN"),
        ("Burkinabè", "BFA"),
        ("burkinabe", "BFA"),
        ("Korean", None),
        ("Congolese", None),
    ],
    ids=str,
)
def test_demonyms(lexicon: Lexicon, word: str, code: str | None) -> None:
    assert lexicon.demonym_country(word) == code


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Russian Federation", "RUS"),
        ("U.S.", "USA"),
        ("the United States", "USA"),
        ("Britain", "GBR"),
        ("DPRK", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Czech Republic", "CZE"),
        ("Burma", "MMR"),
        ("Vatican", "VAT"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("U.A.E.", "ARE"),
        ("West Bank", "PSE"),
        ("Davos", "CHE"),
        ("Crete", "GRC"),
        ("Sochi", "RUS"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Washington", "USA"),
        ("Naypyidaw", "MMR"),
        ("Łódź", "POL"),
        ("Lodz", "POL"),
        ("İstanbul", "TUR"),
        ("Nice", None),
        ("Reading", None),
        ("Congo", None),
    ],
    ids=str,
)
def test_place_country(lexicon: Lexicon, place: str, code: str | None) -> None:
    assert lexicon.place_country(place) == code


@pytest.mark.parametrize(
    ("a", "b"),
    [("Vucic", "Vučić"), ("Erdogan", "Erdoğan"), ("Diaz-Canel", "Díaz-Canel"), ("Lukashenka", "Lukashenko")],
    ids=str,
)
def test_transliterations_name_the_same_leader(lexicon: Lexicon, a: str, b: str) -> None:
    names_a = {t.name for t in lexicon.leaders_named(a)}
    assert names_a and names_a == {t.name for t in lexicon.leaders_named(b)}
    assert lexicon.leaders_named(a.upper()) == lexicon.leaders_named(a)


@pytest.mark.parametrize(
    ("surface", "on", "country", "expected"),
    [
        ("Biden", D(2022, 10, 25), None, ("Joe Biden", "USA", "president")),
        ("Trump", D(2022, 10, 25), None, None),
        ("Trump", D(2025, 3, 1), None, ("Donald Trump", "USA", "president")),
        ("Biden", D(2025, 3, 1), None, None),
        ("Biden", D(2015, 6, 1), None, ("Joe Biden", "USA", "vice president")),
        ("Liz Truss", D(2022, 10, 1), None, ("Liz Truss", "GBR", "prime minister")),
        ("Liz Truss", D(2022, 1, 1), None, ("Liz Truss", "GBR", "foreign minister")),
        ("Liz Truss", D(2022, 10, 26), None, None),
        ("Netanyahu", D(2017, 1, 1), None, ("Benjamin Netanyahu", "ISR", "prime minister")),
        ("To Lam", D(2024, 6, 1), None, ("Tô Lâm", "VNM", "president")),
        ("To Lam", D(2025, 1, 1), None, ("Tô Lâm", "VNM", "general secretary")),
        ("Tusk", D(2016, 1, 1), "POL", None),
        ("Tusk", D(2016, 1, 1), "EUU", ("Donald Tusk", "EUU", "council president")),
        ("Tusk", D(2024, 1, 1), None, ("Donald Tusk", "POL", "prime minister")),
        ("Sheikh Tamim", D(2023, 5, 1), "QAT", ("Tamim bin Hamad Al Thani", "QAT", "emir")),
        ("Min Aung Hlaing", D(2023, 1, 1), None, ("Min Aung Hlaing", "MMR", "prime minister")),
        ("Xi", D(2023, 1, 1), None, ("Xi Jinping", "CHN", "president")),
    ],
    ids=str,
)
def test_leader_at_checks_the_role_at_the_event_date(
    lexicon: Lexicon, surface: str, on: dt.date, country: str | None, expected: tuple[str, str, str] | None
) -> None:
    leader = lexicon.leader_at(surface, on, country)
    assert (None if leader is None else (leader.name, leader.country, leader.role)) == expected


def test_leader_at_without_a_date_gives_the_most_recent_term(lexicon: Lexicon) -> None:
    leader = lexicon.leader_at("Trump", None)
    assert leader is not None and leader.start == D(2025, 1, 20)


@pytest.mark.parametrize(
    ("country", "role", "on", "name"),
    [
        ("USA", "president", D(2022, 10, 25), "Joe Biden"),
        ("USA", "president", D(2025, 3, 1), "Donald Trump"),
        ("GBR", "prime minister", D(2022, 10, 26), "Rishi Sunak"),
        ("GBR", "prime minister", D(2022, 10, 20), "Liz Truss"),
        ("DEU", "chancellor", D(2023, 1, 1), "Olaf Scholz"),
        ("UNO", "secretary-general", D(2016, 6, 1), "Ban Ki-moon"),
        ("NATO", "secretary-general", D(2025, 1, 1), "Mark Rutte"),
    ],
    ids=str,
)
def test_holders_of_an_office_on_a_date(
    lexicon: Lexicon, country: str, role: str, on: dt.date, name: str
) -> None:
    assert [t.name for t in lexicon.holders(country, role, on)] == [name]


def test_in_office_with_unknown_date_excludes_nobody() -> None:
    term = Leader("A B", (), "USA", "president", D(2000, 1, 1), D(2001, 1, 1))
    assert term.in_office(None)
    assert term.in_office(D(2000, 1, 1)) and term.in_office(D(2001, 1, 1))
    assert not term.in_office(D(2001, 1, 2))


def test_the_default_lexicon_is_cached(lexicon: Lexicon) -> None:
    assert load_lexicon() is load_lexicon()


# ---------------------------------------------------------------------------------------------------
# fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Vučić", "vucic"), ("ERDOĞAN", "erdogan"), ("Đurić", "duric"), ("Côte d’Ivoire", "cote d'ivoire")],
    ids=str,
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# ---------------------------------------------------------------------------------------------------
# Malformed files

COUNTRIES = (
    "# test\ncode\tname\taliases\tdemonyms\tcapital\tcities\tstatus\n"
    "SVK\tSlovakia\tSlovak Republic\tSlovak|Slovakian\tBratislava\tKošice\tmember\n"
    "SRB\tSerbia\t\tSerbian|Serb\tBelgrade\tNovi Sad\tmember\n"
)
ORGANISATIONS = "# test\ncode\tname\taliases\nEUU\tEuropean Union\tEU\n"
ROLES = "# test\nphrase\trole\tkind\npresident\tpresident\thead_of_state\n"
LEADERS = (
    "# test\nname\tvariants\tcountry\trole\tstart\tend\n"
    "Aleksandar Vučić\tVucic\tSRB\tpresident\t2017-05-31\t\n"
)
VALID = {
    "countries.tsv": COUNTRIES,
    "organisations.tsv": ORGANISATIONS,
    "roles.tsv": ROLES,
    "leaders.tsv": LEADERS,
}


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_a_minimal_valid_lexicon_loads(tmp_path: Path) -> None:
    lexicon = load_lexicon(write(tmp_path, VALID))
    assert lexicon.leader_at("vucic", D(2020, 1, 1)) is not None
    assert lexicon.demonym_country("Slovakian") == "SVK"


def test_an_acronym_role_matches_in_upper_case_only(tmp_path: Path) -> None:
    lexicon = load_lexicon(write(tmp_path, {**VALID, "roles.tsv": ROLES + "PM\tprime minister\thead_of_government\n"}))
    assert [(m.text, m.key) for m in compile_matcher(lexicon).find("PM met, pm")] == [("PM", "prime minister")]


BAD = [
    ("wrong-column-count", "countries.tsv", COUNTRIES + "HUN\tHungary\n", "countries.tsv:5:"),
    ("bad-code", "countries.tsv", COUNTRIES + "Hu\tHungary\t\t\t\t\tmember\n", "countries.tsv:5:"),
    ("duplicate-code", "countries.tsv", COUNTRIES + "SVK\tSlovakia\t\t\t\t\tmember\n", "countries.tsv:5:"),
    (
        "demonym-twice",
        "countries.tsv",
        COUNTRIES + "HUN\tHungary\t\tSlovak\t\t\tmember\n",
        "countries.tsv:5:",
    ),
    ("bad-status", "countries.tsv", COUNTRIES + "HUN\tHungary\t\t\t\t\tmaybe\n", "countries.tsv:5:"),
    ("bad-header", "roles.tsv", "# x\nphrase\trole\n", "roles.tsv:2:"),
    ("bad-kind", "roles.tsv", ROLES + "king\tking\tmonarchy\n", "roles.tsv:4:"),
    ("upper-case-phrase", "roles.tsv", ROLES + "King\tking\thead_of_state\n", "roles.tsv:4:"),
    ("long-acronym", "roles.tsv", ROLES + "ABCDEF\tking\thead_of_state\n", "roles.tsv:4:"),
    ("role-with-two-kinds", "roles.tsv", ROLES + "head of state\tpresident\tofficial\n", "roles.tsv:4:"),
    (
        "org-alias-twice",
        "organisations.tsv",
        ORGANISATIONS + "UNO\tUnited Nations\tEU\n",
        "organisations.tsv:4:",
    ),
    (
        "bad-date",
        "leaders.tsv",
        LEADERS + "Robert Fico\tFico\tSVK\tpresident\t2023-13-01\t\n",
        "leaders.tsv:4:",
    ),
    (
        "start-after-end",
        "leaders.tsv",
        LEADERS + "Robert Fico\tFico\tSVK\tpresident\t2023-10-25\t2020-01-01\n",
        "leaders.tsv:4:",
    ),
    ("unknown-country", "leaders.tsv", LEADERS + "X Y\t\tXXX\tpresident\t2020-01-01\t\n", "leaders.tsv:4:"),
    ("unknown-role", "leaders.tsv", LEADERS + "X Y\t\tSVK\tdictator\t2020-01-01\t\n", "leaders.tsv:4:"),
    ("no-header", "leaders.tsv", "# only comments\n\n", "leaders.tsv:"),
]


@pytest.mark.parametrize(("file", "text", "where"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_malformed_files_raise_naming_file_and_line(tmp_path: Path, file: str, text: str, where: str) -> None:
    write(tmp_path, {**VALID, file: text})
    with pytest.raises(LexiconError) as raised:
        load_lexicon(tmp_path)
    assert str(raised.value).startswith(where)
    assert raised.value.file == file


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    write(tmp_path, {k: v for k, v in VALID.items() if k != "roles.tsv"})
    with pytest.raises(LexiconError, match=r"^roles\.tsv: file not found"):
        load_lexicon(tmp_path)


# ---------------------------------------------------------------------------------------------------
# rules_version


def test_rules_version_changes_with_any_file_and_counts_unknown_files(tmp_path: Path) -> None:
    directory = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, directory, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    first = load_lexicon(directory).rules_version
    assert first == load_lexicon().rules_version
    assert len(first) == 12 and int(first, 16) >= 0

    with (directory / "roles.tsv").open("a", encoding="utf-8") as handle:
        handle.write("# a comment changes the rules version too\n")
    second = load_lexicon(directory).rules_version
    assert second != first

    (directory / "triggers.tsv").write_text("phrase\tevent\nmet with\tMEET\n", encoding="utf-8")
    third = load_lexicon(directory)  # a file the loader does not know is not parsed …
    assert third.rules_version not in {first, second}  # … but is part of the version
