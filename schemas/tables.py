"""The contracts of the four output tables (CONTRACT.md v1), one pandera model each.

Columns and Arrow types mirror `dateline.tables` (the single definition of the columns; a test
checks that both agree). The models only declare what a valid row is: no I/O. Checks that need
another table (evidence offsets into `documents.text`, references between tables) live in
`dateline.validate`, which runs after these models.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

import pandas as pd
import pandera.pandas as pda
import pyarrow as pa
import pyarrow.compute as pc
from pandera.typing import Series

from dateline.model import DATE_BASES, EVENT_TYPES, MODES, PRECISIONS, PUBLICATION_BASES, STATUSES

Str = Annotated[pd.ArrowDtype, pa.string()]
Date = Annotated[pd.ArrowDtype, pa.date32()]
Int64 = Annotated[pd.ArrowDtype, pa.int64()]
Int32 = Annotated[pd.ArrowDtype, pa.int32()]
Float64 = Annotated[pd.ArrowDtype, pa.float64()]
StrList = Annotated[pd.ArrowDtype, pa.list_(pa.string())]

_CODE_SHAPE = re.compile(r"[A-Z_]{2,10}")


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str] | None:
    """All valid country (ISO3) and organisation codes from the lexicon; None when it is unavailable."""
    try:
        from dateline.lexicons import load_lexicon  # type: ignore[import-not-found, unused-ignore]

        return frozenset(load_lexicon().codes())
    except Exception:  # the lexicon module is optional until it lands: fall back to the code shape
        return None


def is_valid_code(code: object) -> bool:
    """A country or organisation code the lexicon knows (or, without a lexicon, one shaped like one)."""
    if not isinstance(code, str):
        return False
    codes = known_codes()
    return code in codes if codes is not None else _CODE_SHAPE.fullmatch(code) is not None


def _codes_valid(series: pd.Series) -> pd.Series:
    codes = known_codes()
    if codes is None:
        return series.map(is_valid_code, na_action="ignore").fillna(True).astype(bool)
    return (series.isin(codes) | series.isna()).astype(bool)


def _code_lists_valid(series: pd.Series) -> pd.Series:
    """True where every code of the row's list is valid; null lists are not valid. Vectorised in Arrow."""
    codes = known_codes()
    if codes is None or not isinstance(series.dtype, pd.ArrowDtype):
        return series.map(lambda xs: all(is_valid_code(c) for c in xs), na_action="ignore").fillna(False)
    lists = pa.chunked_array(pa.array(series.array)).combine_chunks()
    flat_ok = pc.is_in(pc.list_flatten(lists), value_set=pa.array(sorted(codes), pa.string()))
    bad_rows = pc.filter(pc.list_parent_indices(lists), pc.invert(pc.fill_null(flat_ok, False)))
    ok = pc.and_(pc.invert(pc.is_in(pa.array(range(len(lists)), pa.int64()), value_set=bad_rows)), pc.is_valid(lists))
    return pd.Series(ok.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)


def _first_occurrence(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """True for every row but the second and later occurrences of the same key (the first one stays valid)."""
    return ~df.duplicated(subset=columns, keep="first")


def _window_ordered(df: pd.DataFrame) -> pd.Series:
    both = df["date_start"].notna() & df["date_end"].notna()
    ordered = (df["date_start"] <= df["date_end"]).fillna(True).astype(bool)
    return ~both | ordered


def _span_ordered(df: pd.DataFrame) -> pd.Series:
    return ((df["char_start"] >= 0) & (df["char_start"] < df["char_end"])).fillna(False).astype(bool)


def _field(description: str, **kwargs: Any) -> Any:
    return pda.Field(description=description, **kwargs)


class _Base(pda.DataFrameModel):
    class Config:
        strict = True
        coerce = True


class DocumentsModel(_Base):
    """`documents`: one row per ingested article."""

    doc_id: Series[Str] = _field("Stable id: the same article text gives the same id.", str_length={"min_value": 1})
    source: Series[Str] = _field("Path of the input relative to --raw (`FILE#LINE` or `FILE#ID` for .jsonl).")
    title: Series[Str] = _field("Title from the metadata or the text.", nullable=True)
    url: Series[Str] = _field("URL from the metadata.", nullable=True)
    publication_date: Series[Date] = _field("Publication date of the article.", nullable=True)
    publication_date_basis: Series[Str] = _field(
        "Where the publication date came from: metadata, text, inferred or unknown.",
        isin=list(PUBLICATION_BASES),
    )
    text: Series[Str] = _field("The cleaned article text; every evidence offset points into it.")
    content_sha256: Series[Str] = _field("SHA-256 of the raw input (64 hex digits).", str_matches=r"^[0-9a-f]{64}$")
    language: Series[Str] = _field("Language of the article (from metadata), if known.", nullable=True)
    encoding: Series[Str] = _field("How the raw bytes were decoded (utf-8, cp1252, ...).", nullable=True)
    publisher: Series[Str] = _field(
        "Who published the article (metadata `source`, e.g. a news agency or ministry), if known.",
        nullable=True,
    )

    @pda.dataframe_check(name="unique_doc_id")
    def unique_doc_id(cls, df: pd.DataFrame) -> pd.Series:
        return _first_occurrence(df, ["doc_id"])


class EventsModel(_Base):
    """`events`: one row per dated event."""

    event_id: Series[Str] = _field("Stable id, the same across runs for the same input.", str_length={"min_value": 1})
    doc_id: Series[Str] = _field("The document the event was read from (documents.doc_id).")
    event_type: Series[Str] = _field(
        "MEET, VISIT, SUMMIT, AGREE, COMMEMORATE, AID, DISASTER or OTHER.", isin=list(EVENT_TYPES)
    )
    status: Series[Str] = _field("occurred or planned.", isin=list(STATUSES))
    countries: Series[StrList] = _field("Every country (ISO 3166-1 alpha-3) or organisation code taking part.")
    date_start: Series[Date] = _field("First day of the tightest window the text supports.", nullable=True)
    date_end: Series[Date] = _field("Last day of that window (inclusive).", nullable=True)
    date_precision: Series[Str] = _field(
        "day, range, week, month, season, quarter, year or unknown.", isin=list(PRECISIONS)
    )
    date_basis: Series[Str] = _field("explicit, relative, context, publication or none.", isin=list(DATE_BASES))
    date_text: Series[Str] = _field("The expression the date came from.", nullable=True)
    location: Series[Str] = _field("Where the event took place, as written.", nullable=True)
    location_country: Series[Str] = _field("ISO3 code of the location's country.", nullable=True)
    sentence: Series[Str] = _field("The evidence sentence.", str_length={"min_value": 1})
    char_start: Series[Int64] = _field("Start of the evidence span in documents.text.", ge=0)
    char_end: Series[Int64] = _field("End (exclusive) of the evidence span in documents.text.", gt=0)
    plover_type: Series[Str] = _field("PLOVER event type where one applies.", nullable=True)
    cameo_code: Series[Str] = _field("CAMEO code where one applies.", nullable=True)
    confidence: Series[Float64] = _field("Extractor confidence, 0..1.", in_range={"min_value": 0.0, "max_value": 1.0})
    trigger: Series[Str] = _field("The phrase that triggered the event.", nullable=True)

    @pda.check("countries", name="known_codes")
    def countries_known(cls, series: pd.Series) -> pd.Series:
        return _code_lists_valid(series)

    @pda.check("location_country", name="known_code")
    def location_country_known(cls, series: pd.Series) -> pd.Series:
        return _codes_valid(series)

    @pda.dataframe_check(name="unique_event_id")
    def unique_event_id(cls, df: pd.DataFrame) -> pd.Series:
        return _first_occurrence(df, ["event_id"])

    @pda.dataframe_check(name="date_start_le_date_end")
    def window_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return _window_ordered(df)

    @pda.dataframe_check(name="char_start_lt_char_end")
    def span_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ordered(df)


class EventActorsModel(_Base):
    """`event_actors`: one row per participant of an event."""

    event_id: Series[Str] = _field("The event (events.event_id).")
    position: Series[Int32] = _field("1, 2, ... in the order the actors appear.", ge=1)
    name: Series[Str] = _field("The actor's name as written.", str_length={"min_value": 1})
    role: Series[Str] = _field("The actor's role (president, foreign minister, ...).", nullable=True)
    country: Series[Str] = _field("ISO3 or organisation code the actor stands for.")

    @pda.check("country", name="known_code")
    def country_known(cls, series: pd.Series) -> pd.Series:
        return _codes_valid(series)

    @pda.dataframe_check(name="unique_event_id_position")
    def unique_key(cls, df: pd.DataFrame) -> pd.Series:
        return _first_occurrence(df, ["event_id", "position"])


class MeetingsModel(_Base):
    """`meetings`: one row per bilateral meeting, talk or call."""

    meeting_id: Series[Str] = _field("Stable id of the meeting.", str_length={"min_value": 1})
    event_id: Series[Str] = _field("The event this meeting belongs to (events.event_id).")
    doc_id: Series[Str] = _field("The document it was read from (documents.doc_id).")
    actor1_name: Series[Str] = _field("The side the sentence is about: name.")
    actor1_role: Series[Str] = _field("The side the sentence is about: role.", nullable=True)
    actor1_country: Series[Str] = _field("The side the sentence is about: ISO3 or organisation code.")
    actor2_name: Series[Str] = _field("The other side: name.")
    actor2_role: Series[Str] = _field("The other side: role.", nullable=True)
    actor2_country: Series[Str] = _field("The other side: ISO3 or organisation code.")
    mode: Series[Str] = _field("in_person, phone or video.", isin=list(MODES))
    status: Series[Str] = _field("occurred or planned.", isin=list(STATUSES))
    date_start: Series[Date] = _field("First day of the tightest window the text supports.", nullable=True)
    date_end: Series[Date] = _field("Last day of that window (inclusive).", nullable=True)
    date_precision: Series[Str] = _field(
        "day, range, week, month, season, quarter, year or unknown.", isin=list(PRECISIONS)
    )
    date_basis: Series[Str] = _field("explicit, relative, context, publication or none.", isin=list(DATE_BASES))
    date_text: Series[Str] = _field("The expression the date came from.", nullable=True)
    location: Series[Str] = _field("Where the meeting took place, as written.", nullable=True)
    location_country: Series[Str] = _field("ISO3 code of the location's country.", nullable=True)
    sentence: Series[Str] = _field("The evidence sentence.", str_length={"min_value": 1})
    char_start: Series[Int64] = _field("Start of the evidence span in documents.text.", ge=0)
    char_end: Series[Int64] = _field("End (exclusive) of the evidence span in documents.text.", gt=0)
    confidence: Series[Float64] = _field("Extractor confidence, 0..1.", in_range={"min_value": 0.0, "max_value": 1.0})

    @pda.check("actor1_country", "actor2_country", "location_country", name="known_code")
    def codes_known(cls, series: pd.Series) -> pd.Series:
        return _codes_valid(series)

    @pda.dataframe_check(name="unique_meeting_id")
    def unique_meeting_id(cls, df: pd.DataFrame) -> pd.Series:
        return _first_occurrence(df, ["meeting_id"])

    @pda.dataframe_check(name="date_start_le_date_end")
    def window_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return _window_ordered(df)

    @pda.dataframe_check(name="char_start_lt_char_end")
    def span_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ordered(df)


MODELS: dict[str, type[pda.DataFrameModel]] = {
    "documents": DocumentsModel,
    "events": EventsModel,
    "event_actors": EventActorsModel,
    "meetings": MeetingsModel,
}
