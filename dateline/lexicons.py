"""The lexicons (countries, organisations, roles, leaders) as data files, loaded and validated.

Rules are data: the TSV files under ``dateline/lexicon/`` are parsed and checked on load, and a
problem in one raises :class:`LexiconError` naming the file and line. ``rules_version`` hashes every
file in that folder (also the ones this module does not read) so a dataset can say which rules made it.
Matching on names is accent- and case-insensitive through :func:`fold`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pathlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "KINDS",
    "Country",
    "Leader",
    "Lexicon",
    "LexiconError",
    "Organisation",
    "Role",
    "fold",
    "load_lexicon",
]

LEXICON_DIR = pathlib.Path(__file__).resolve().parent / "lexicon"

KINDS = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "minister",
    "royal",
    "official",
    "diplomat",
    "military",
    "party_leader",
)

COUNTRY_CODE = re.compile(r"[A-Z]{3}")
ORG_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,11}")

_COLUMNS: dict[str, tuple[str, ...]] = {
    "countries.tsv": ("code", "name", "aliases", "demonyms", "capital", "cities", "status"),
    "organisations.tsv": ("code", "name", "aliases"),
    "roles.tsv": ("phrase", "role", "kind"),
    "leaders.tsv": ("name", "variants", "country", "role", "start", "end"),
}
COUNTRY_STATUSES = ("member", "observer", "other")

# Typographic punctuation becomes ASCII; letters that NFKD does not decompose get their base letter.
_PUNCT = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ı": "i",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
    }
)
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)  # names and places repeat: a hit costs ~0.1 us, a miss ~20 us
def fold(text: str) -> str:
    """Text for accent- and case-insensitive comparison: NFKD, combining marks dropped, casefolded.

    Typographic apostrophes and dashes become ASCII and runs of white space one space,
    so "Vučić", "VUCIC" and "vucic" fold alike, and so do "Côte d’Ivoire" and "Cote d'Ivoire".
    """
    folded = _strip_marks(_strip_marks(text.translate(_PUNCT)).casefold()).translate(_PUNCT)  # "ꟹ" -> "œ" -> "oe"
    return _SPACE.sub(" ", folded).strip()


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class LexiconError(ValueError):
    """A lexicon file is missing or malformed; the message starts with ``file:line:``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-3 (XKX for Kosovo, a user-assigned code)
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    cities: tuple[str, ...]
    status: str = "member"  # member (UN member state), observer (UN observer state), other


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Role:
    phrase: str  # lower case surface phrase, e.g. "minister of foreign affairs"
    role: str  # canonical role, e.g. "foreign minister"
    kind: str  # one of KINDS


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    variants: tuple[str, ...]
    country: str  # country or organisation code
    role: str  # canonical role (a `role` value of roles.tsv)
    start: dt.date
    end: dt.date | None  # None: in office as far as the lexicon knows

    def in_office(self, on: dt.date | None) -> bool:
        """Whether this term covers ``on`` (both ends inclusive); an unknown date excludes nobody."""
        if on is None:
            return True
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Lexicon:
    countries: Mapping[str, Country]
    organisations: Mapping[str, Organisation]
    roles: tuple[Role, ...]
    leaders: tuple[Leader, ...]
    rules_version: str
    _places: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _demonyms: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _by_surface: Mapping[str, tuple[Leader, ...]] = field(init=False, repr=False, compare=False)
    _kind_of_role: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        places: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        for country in self.countries.values():
            for demonym in country.demonyms:
                demonyms.setdefault(fold(demonym), country.code)
            for place in (country.name, *country.aliases, *filter(None, [country.capital]), *country.cities):
                places.setdefault(fold(place), country.code)
        by_surface: dict[str, list[Leader]] = {}
        for leader in self.leaders:
            for surface in {fold(s) for s in (leader.name, *leader.variants)}:
                by_surface.setdefault(surface, []).append(leader)
        kinds: dict[str, str] = {}
        for role in self.roles:
            kinds.setdefault(role.role, role.kind)
        object.__setattr__(self, "_places", MappingProxyType(places))
        object.__setattr__(self, "_demonyms", MappingProxyType(demonyms))
        surfaces = {key: tuple(terms) for key, terms in by_surface.items()}
        object.__setattr__(self, "_by_surface", MappingProxyType(surfaces))
        object.__setattr__(self, "_kind_of_role", MappingProxyType(kinds))

    def codes(self) -> frozenset[str]:
        """Every valid participant code: the countries' ISO3 codes and the organisations' codes."""
        return frozenset(self.countries) | frozenset(self.organisations)

    def leaders_named(self, surface: str) -> tuple[Leader, ...]:
        """Every term of every leader whose name or a variant folds like ``surface``."""
        return self._by_surface.get(fold(surface), ())

    def leader_at(self, surface: str, on: dt.date | None, country: str | None = None) -> Leader | None:
        """The term of the leader named ``surface`` that covers ``on`` (optionally of ``country``).

        With ``on`` None the most recent term is returned. When one person holds several offices on that
        date the higher-ranked kind wins (head of state before head of government before foreign
        minister …); when the surface names several different people in office, the answer is None.
        """
        terms = [t for t in self.leaders_named(surface) if country is None or t.country == country]
        if on is not None:
            terms = [t for t in terms if t.in_office(on)]
            if len({t.name for t in terms}) > 1:
                return None
        if not terms:
            return None
        return min(terms, key=lambda t: (-t.start.toordinal() if on is None else 0, self._rank(t), t.start))

    def holders(self, country: str, role: str, on: dt.date | None) -> tuple[Leader, ...]:
        """Who held ``role`` (canonical) for ``country`` on ``on`` (every term if ``on`` is None)."""
        return tuple(t for t in self.leaders if t.country == country and t.role == role and t.in_office(on))

    def place_country(self, name: str) -> str | None:
        """The ISO3 code of a country named by its name, an alias, its capital or one of its cities."""
        return self._places.get(fold(name))

    def demonym_country(self, word: str) -> str | None:
        """The ISO3 code of the country a demonym or adjective ("Emirati", "Saudis") refers to."""
        return self._demonyms.get(fold(word))

    def role_kind(self, role: str) -> str | None:
        """The kind (one of KINDS) of a canonical role."""
        return self._kind_of_role.get(role)

    def _rank(self, leader: Leader) -> int:
        kind = self._kind_of_role.get(leader.role)
        return KINDS.index(kind) if kind in KINDS else len(KINDS)


# ----------------------------------------------------------------------------------------------------
# Parsing


def _rows(path: pathlib.Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each data row, after checking the header row."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(name, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(name, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    expected = _COLUMNS[name]
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            if tuple(cells) != expected:
                raise LexiconError(name, number, f"header must be {'<TAB>'.join(expected)!r}, got {line!r}")
            header_seen = True
            continue
        if len(cells) != len(expected):
            message = f"expected {len(expected)} tab-separated columns, got {len(cells)}"
            raise LexiconError(name, number, message)
        yield number, cells
    if not header_seen:
        raise LexiconError(name, None, "no header row")


def _many(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _date(cell: str, file: str, line: int, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        raise LexiconError(file, line, f"{column}: unparseable date {cell!r} (want YYYY-MM-DD)") from None


def _claim(owners: dict[str, tuple[str, int]], surface: str, owner: str, file: str, line: int) -> None:
    """Record that ``surface`` names ``owner``; two owners for one surface is an error."""
    key = fold(surface)
    previous = owners.get(key)
    if previous is not None and previous[0] != owner:
        raise LexiconError(
            file, line, f"{surface!r} is claimed by {owner} and by {previous[0]} (line {previous[1]})"
        )
    owners.setdefault(key, (owner, line))


def _load_countries(path: pathlib.Path) -> dict[str, Country]:
    file = path.name
    countries: dict[str, Country] = {}
    lines: dict[str, int] = {}
    owners: dict[str, tuple[str, int]] = {}
    for line, (code, name, aliases, demonyms, capital, cities, status) in _rows(path):
        if not COUNTRY_CODE.fullmatch(code):
            raise LexiconError(file, line, f"bad country code {code!r} (want 3 upper-case letters)")
        if code in countries:
            raise LexiconError(file, line, f"duplicate country code {code} (first on line {lines[code]})")
        if not name:
            raise LexiconError(file, line, "empty name")
        if status not in COUNTRY_STATUSES:
            raise LexiconError(file, line, f"status {status!r} not one of {', '.join(COUNTRY_STATUSES)}")
        country = Country(code, name, _many(aliases), _many(demonyms), capital or None, _many(cities), status)
        for surface in (
            name,
            *country.aliases,
            *country.demonyms,
            *filter(None, [country.capital]),
            *country.cities,
        ):
            _claim(owners, surface, code, file, line)
        countries[code] = country
        lines[code] = line
    return countries


def _load_organisations(path: pathlib.Path, countries: Mapping[str, Country]) -> dict[str, Organisation]:
    file = path.name
    orgs: dict[str, Organisation] = {}
    owners: dict[str, tuple[str, int]] = {}
    for line, (code, name, aliases) in _rows(path):
        if not ORG_CODE.fullmatch(code):
            raise LexiconError(file, line, f"bad organisation code {code!r} (want upper case, digits, _)")
        if code in orgs or code in countries:
            raise LexiconError(file, line, f"duplicate code {code}")
        if not name:
            raise LexiconError(file, line, "empty name")
        org = Organisation(code, name, _many(aliases))
        for surface in (name, *org.aliases):
            _claim(owners, surface, code, file, line)
        orgs[code] = org
    return orgs


def _is_acronym(phrase: str) -> bool:
    """An upper-case title of 2-5 letters ("EAM", "PM"): the matcher takes it in that case only."""
    return phrase.isalpha() and phrase.isupper() and 2 <= len(phrase) <= 5


def _load_roles(path: pathlib.Path) -> tuple[Role, ...]:
    file = path.name
    roles: list[Role] = []
    seen: dict[str, int] = {}
    kinds: dict[str, tuple[str, int]] = {}
    for line, (phrase, role, kind) in _rows(path):
        if not phrase or phrase != phrase.lower() and not _is_acronym(phrase):
            raise LexiconError(file, line, f"phrase {phrase!r} must be non-empty lower case, or an acronym")
        if not role:
            raise LexiconError(file, line, "empty role")
        if kind not in KINDS:
            raise LexiconError(file, line, f"kind {kind!r} not one of {', '.join(KINDS)}")
        if phrase in seen:
            raise LexiconError(file, line, f"duplicate phrase {phrase!r} (first on line {seen[phrase]})")
        seen[phrase] = line
        first_kind = kinds.setdefault(role, (kind, line))
        if first_kind[0] != kind:
            raise LexiconError(
                file, line, f"role {role!r} is {first_kind[0]} on line {first_kind[1]}, here {kind}"
            )
        roles.append(Role(phrase, role, kind))
    return tuple(roles)


def _load_leaders(path: pathlib.Path, codes: frozenset[str], roles: frozenset[str]) -> tuple[Leader, ...]:
    file = path.name
    leaders: list[Leader] = []
    seen: dict[tuple[str, str, str, dt.date], int] = {}
    for line, (name, variants, country, role, start_cell, end_cell) in _rows(path):
        if not name:
            raise LexiconError(file, line, "empty name")
        if country not in codes:
            raise LexiconError(file, line, f"unknown country or organisation code {country!r}")
        if role not in roles:
            raise LexiconError(file, line, f"role {role!r} is not a canonical role of roles.tsv")
        start = _date(start_cell, file, line, "start")
        end = _date(end_cell, file, line, "end") if end_cell else None
        if end is not None and start > end:
            raise LexiconError(file, line, f"start {start} is after end {end}")
        key = (name, country, role, start)
        if key in seen:
            raise LexiconError(file, line, f"duplicate term of {name} (first on line {seen[key]})")
        seen[key] = line
        leaders.append(Leader(name, _many(variants), country, role, start, end))
    return tuple(leaders)


def rules_version_of(directory: pathlib.Path) -> str:
    """sha256 (first 12 hex) over the names and bytes of every file in ``directory``, sorted by name."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")):
        data = path.read_bytes()
        digest.update(path.name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()[:12]


def _load(directory: pathlib.Path) -> Lexicon:
    if not directory.is_dir():
        raise LexiconError(str(directory), None, "lexicon directory not found")
    countries = _load_countries(directory / "countries.tsv")
    organisations = _load_organisations(directory / "organisations.tsv", countries)
    roles = _load_roles(directory / "roles.tsv")
    codes = frozenset(countries) | frozenset(organisations)
    leaders = _load_leaders(directory / "leaders.tsv", codes, frozenset(r.role for r in roles))
    return Lexicon(
        countries=MappingProxyType(countries),
        organisations=MappingProxyType(organisations),
        roles=roles,
        leaders=leaders,
        rules_version=rules_version_of(directory),
    )


@functools.lru_cache(maxsize=1)
def _load_default() -> Lexicon:
    return _load(LEXICON_DIR)


def load_lexicon(directory: pathlib.Path | None = None) -> Lexicon:
    """Load and validate the lexicons; the package's own (``directory`` None) are loaded once and cached.

    Files of the folder this module does not know (e.g. triggers.tsv) are not parsed but do count
    towards ``rules_version``.
    """
    if directory is None:
        return _load_default()
    return _load(pathlib.Path(directory))
