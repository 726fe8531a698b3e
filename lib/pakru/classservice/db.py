"""The class service's database: every answer a learner's kernel sent, once, under the hub user who sent it.

One table, one row per answer as given (each Check is a record with its own timestamp). A unique key of
(hub user, session, activity, question, timestamp) makes sending idempotent: a kernel that resends after a
timeout, or after the service restarted, never makes a second row. SQLite (one file, write-ahead log) by
default; PostgreSQL by URL for a larger hub; both through SQLAlchemy, whose dialects give the
insert-or-ignore each needs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from sqlalchemy import Boolean, Float, Integer, String, Text, UniqueConstraint, create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from pakru.progress import FORMAT, MAX_NAME, Record


class _Base(DeclarativeBase):
    pass


class Answer(_Base):
    """One answer as a kernel sent it; ``user`` is the hub user its token belongs to."""

    __tablename__ = "pakru_answers"
    __table_args__ = (UniqueConstraint("user", "session", "activity", "question", "timestamp",
                                       name="pakru_answers_once"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user: Mapped[str] = mapped_column(String(MAX_NAME), index=True)
    learner: Mapped[str] = mapped_column(String(MAX_NAME))
    """The record's own learner field (``$PAKRU_LEARNER`` if the learner set it); identity is ``user``."""
    session: Mapped[str] = mapped_column(String(MAX_NAME))
    activity: Mapped[str] = mapped_column(String(MAX_NAME), index=True)
    question: Mapped[str] = mapped_column(String(MAX_NAME))
    kind: Mapped[str] = mapped_column(String(20))
    answer: Mapped[str] = mapped_column(Text)
    """The answer as JSON text."""
    correct: Mapped[bool] = mapped_column(Boolean)
    attempts: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    timestamp: Mapped[str] = mapped_column(String(32))
    """When the kernel saved it (the record's timestamp, ISO UTC)."""
    received: Mapped[str] = mapped_column(String(32))
    """When the service stored it (the service's clock): an answer sent as it was given has the two close."""

    def record(self) -> Record:
        """The answer as a progress record, with the hub user as learner and hub user."""
        return Record(self.user, self.activity, self.question, self.kind, json.loads(self.answer), self.correct,
                      self.attempts, self.score, self.max_score, self.timestamp, self.user, self.session)


@dataclass(frozen=True)
class Added:
    """What one ``add`` did."""

    stored: int
    duplicates: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a killed writer loses nothing
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; with WAL, no corruption on a kill
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class AnswerDB:
    """The service's store: ``add`` answers for a user, read them back per user set."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        _Base.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self):
        name = self.engine.dialect.name
        if name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            raise ValueError(f"the class service supports SQLite and PostgreSQL, not {name}")
        return insert(Answer).on_conflict_do_nothing(index_elements=["user", "session", "activity", "question",
                                                                     "timestamp"])

    def add(self, user: str, records: Iterable[Record]) -> Added:
        """Store ``records`` as ``user``'s, each once: a record already stored is counted as a duplicate."""
        rows = [{"user": user, "learner": r.learner, "session": r.session or "-", "activity": r.activity,
                 "question": r.question, "kind": r.kind, "answer": json.dumps(r.answer, ensure_ascii=False),
                 "correct": r.correct, "attempts": r.attempts, "score": r.score, "max_score": r.max_score,
                 "timestamp": r.timestamp, "received": _now()} for r in records]
        if not rows:
            return Added(0, 0)
        stored = 0
        with Session(self.engine) as session, session.begin():
            for row in rows:  # one statement per row: a new row returns its id, a duplicate nothing
                stored += session.execute(self._insert().values(**row).returning(Answer.id)).first() is not None
        return Added(stored, len(rows) - stored)

    def answers(self, users: set[str] | None = None, activity: str | None = None) -> list[Answer]:
        """Every stored answer (of ``users``, of ``activity``, when given), oldest first."""
        query = select(Answer).order_by(Answer.id)
        if users is not None:
            query = query.where(Answer.user.in_(sorted(users)))
        if activity is not None:
            query = query.where(Answer.activity == activity)
        with Session(self.engine, expire_on_commit=False) as session:
            return list(session.scalars(query))

    def last_id(self) -> int:
        """The newest row's id (0 when empty): the live view recomputes only when it changed."""
        with Session(self.engine) as session:
            return session.scalar(select(func.max(Answer.id))) or 0

    def count(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count(Answer.id))) or 0

    def progress_documents(self, users: set[str] | None = None) -> dict[str, bytes]:
        """Per hub user, their answers as a ``pakru-progress/1`` document (latest per question, as the store keeps).

        The gradebook reads these exactly as a learner's own progress file; ``learner`` and ``hub_user`` are the
        hub user the answers came from (the token's owner), whatever the records said.
        """
        latest: dict[str, dict[tuple[str, str], Answer]] = {}
        for row in self.answers(users):
            mine = latest.setdefault(row.user, {})
            key = (row.activity, row.question)
            if key not in mine or row.timestamp >= mine[key].timestamp:
                mine[key] = row
        documents = {}
        for user, rows in sorted(latest.items()):
            records = [asdict(r.record()) for r in sorted(rows.values(), key=lambda r: (r.activity, r.question))]
            document = {"format": FORMAT, "learner": user, "session": f"class-service-{user}", "hub_user": user,
                        "records": records}
            documents[user] = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        return documents
