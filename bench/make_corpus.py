"""A deterministic corpus of realistic diplomatic news articles for benchmarks and scale tests.

    python bench/make_corpus.py bench/out/corpus-10k --n 10000 --seed 1

Each article is `NNNNNN.txt` (title line, dateline, paragraphs) plus `NNNNNN.meta.json` with its
`publication_date`. Articles are assembled from templates and the lexicons: leaders in office on the
article's date with their roles and countries, capitals and cities; dates explicit ("May 7, 2025"),
weekdays ("on Tuesday"), relative ("last month"), ranges ("from 3 to 5 June"); meetings, talks, phone
calls, planned meetings, visits, summits, and noise paragraphs. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from dateline.lexicons import Leader, Lexicon, load_lexicon

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 6, 30)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
TOPICS = (
    "trade and investment", "energy security", "regional stability", "climate finance",
    "migration", "defence cooperation", "the war in Ukraine", "food security", "digital infrastructure",
    "debt relief", "maritime security", "critical minerals",
)  # fmt: skip
NOISE = (
    "Markets in the region were little changed on the day, with analysts pointing to weak demand.",
    "The national statistics office said inflation eased slightly compared with the previous quarter.",
    "Heavy rain disrupted traffic in several provinces, and officials urged residents to stay indoors.",
    "The football league announced that the final would be played in front of a full stadium.",
    "Opposition lawmakers criticised the budget, calling it unrealistic and poorly costed.",
    "A spokesperson declined to comment on reports of a cabinet reshuffle.",
    "The central bank kept its benchmark rate unchanged, citing uncertainty over energy prices.",
    "Local media reported that the new metro line would open to passengers before the end of the year.",
    "Farmers' unions said the drought had cut yields by about a fifth in the southern districts.",
    "The museum reopened after a three-year renovation, drawing long queues of visitors.",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    country: str
    country_name: str
    capital: str


def _people_on(lex: Lexicon, day: dt.date) -> list[Person]:
    out = []
    for leader in lex.leaders:
        if leader.in_office(day) and leader.country in lex.countries:
            country = lex.countries[leader.country]
            out.append(_person(leader, country.name, country.capital or country.name))
    return out


def _person(leader: Leader, country_name: str, capital: str) -> Person:
    return Person(leader.name, leader.role, leader.country, country_name, capital)


def _fmt(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _title(p: Person) -> str:
    return f"{p.country_name} {p.role} {p.name}" if p.role else p.name


class ArticleWriter:
    """Writes one article at a time from a seeded random generator."""

    def __init__(self, lex: Lexicon, rng: random.Random) -> None:
        self.lex = lex
        self.rng = rng
        self._cache: dict[dt.date, list[Person]] = {}

    def people(self, day: dt.date) -> list[Person]:
        month = day.replace(day=1)
        if month not in self._cache:
            self._cache[month] = _people_on(self.lex, day)
        return self._cache[month]

    def article(self, published: dt.date) -> tuple[str, str]:
        rng = self.rng
        people = self.people(published)
        a, b = rng.sample(people, 2)
        while b.country == a.country:
            b = rng.choice(people)
        topic = rng.choice(TOPICS)
        paragraphs = [self.lead(a, b, published, topic)]
        body = [
            self.meeting,
            self.call,
            self.planned,
            self.visit,
            self.summit,
            self.noise,
            self.noise,
            self.quote,
        ]
        for _ in range(rng.randint(4, 9)):
            c, d = rng.sample(people, 2)
            paragraphs.append(rng.choice(body)(c, d, published, topic))
        city = a.capital
        title = f"{a.name} and {b.name} discuss {topic}"
        text = f"{title}\n\n{city.upper()}, {_fmt(published)} - " + "\n\n".join(paragraphs) + "\n"
        return title, text

    def when(self, published: dt.date) -> str:
        rng = self.rng
        kind = rng.randrange(6)
        if kind == 0:
            return "on " + _fmt(published - dt.timedelta(days=rng.randint(0, 20)))
        if kind == 1:
            return "on " + WEEKDAYS[(published - dt.timedelta(days=rng.randint(1, 6))).weekday()]
        if kind == 2:
            return rng.choice(("last month", "last week", "earlier this year", "yesterday"))
        if kind == 3:
            day = published - dt.timedelta(days=rng.randint(5, 60))
            return f"from {day.day} to {day.day + 2 if day.day < 27 else day.day} {MONTHS[day.month - 1]}"
        if kind == 4:
            return f"in {MONTHS[(published.month - 2) % 12]}"
        return "on " + _fmt(published)

    def lead(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        verb = self.rng.choice(("met with", "held talks with", "met"))
        return (
            f"{_title(a)} {verb} {_title(b)} in {a.capital} {self.when(published)}, "
            f"officials said. The two discussed {topic} and agreed to deepen cooperation."
        )

    def meeting(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        return (
            f"{a.name} also met {_title(b)} {self.when(published)} on the sidelines of a conference "
            f"in {b.capital}. According to a readout, the talks focused on {topic}."
        )

    def call(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        return f"{_title(a)} spoke by phone with {b.name} {self.when(published)} about {topic}."

    def planned(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        day = WEEKDAYS[self.rng.randrange(5)]
        return f"{a.name} will meet {_title(b)} in {b.capital} on {day} to continue the talks on {topic}."

    def visit(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        return (
            f"{_title(a)} paid an official visit to {b.country_name} {self.when(published)}. "
            f"During the visit, {a.name} held bilateral meetings with {b.name}."
        )

    def summit(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        c = self.rng.choice(self.people(published))
        return (
            f"Leaders including {a.name}, {b.name} and {c.name} attended a summit in {a.capital} "
            f"{self.when(published)}, where {topic} dominated the agenda."
        )

    def noise(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        return " ".join(self.rng.sample(NOISE, 2))

    def quote(self, a: Person, b: Person, published: dt.date, topic: str) -> str:
        return (
            f'"We have a shared interest in {topic}," {a.name} told reporters, adding that '
            f"{b.country_name} remained an important partner."
        )


def make_corpus(out: Path, n: int, seed: int = 1) -> int:
    """Write `n` articles (+ sidecars) under `out` (in sub-directories of 1,000). Returns bytes written."""
    rng = random.Random(seed)
    writer = ArticleWriter(load_lexicon(), rng)
    span = (LAST_DAY - FIRST_DAY).days
    total = 0
    for i in range(n):
        published = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        title, text = writer.article(published)
        folder = out / f"{i // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{i:07d}.txt").write_bytes(data)
        meta = {"title": title, "publication_date": published.isoformat(), "source": "bench"}
        (folder / f"{i:07d}.meta.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="output directory (e.g. bench/out/corpus-10k)")
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    size = make_corpus(args.out, args.n, args.seed)
    print(f"{args.n} articles, {size / 1e6:.1f} MB of text under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
