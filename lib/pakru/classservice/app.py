"""The class service as a tornado application behind JupyterHub (``python -m pakru.classservice``).

Endpoints (under the service's prefix, ``/services/pakru-class/``):

- ``POST api/answers`` (send scope, token only): the sender's records; stored as the token's hub user.
- ``GET api/class[?group=G]`` (read scope): the live view's numbers, per lesson and question and per learner.
- ``GET api/progress[?group=G]`` (read scope): per hub user, a ``pakru-progress/1`` document (the gradebook).
- ``GET api/health`` (anyone): the service is up and its database answers.
- ``GET ./[?group=G]`` (read scope, logged in through the hub): the live view page, ``static/`` its script.

Who sent or reads is the hub's answer about the token (``HubOAuthenticated``), never the request's body.
Handlers allow any hub user through the hub check and test the scopes themselves (``scopes.py``), because
JupyterHub's own check does not let a group-filtered custom scope satisfy its unfiltered name.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import signal
import time
import urllib.parse
from importlib import resources
from typing import Any

import jinja2
from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.web import Application, HTTPError, RequestHandler, StaticFileHandler, authenticated

from pakru.classservice import SERVICE_NAME, scopes
from pakru.classservice.db import AnswerDB
from pakru.classservice.summary import class_summary
from pakru.progress import Record

MAX_BODY = 2_000_000
"""Largest request body accepted (a batch of answers; each answer is at most 10,000 characters)."""
MAX_BATCH = 500
GROUP_CACHE_SECONDS = 10.0


class _Handler(HubOAuthenticated, RequestHandler):
    """Every endpoint: authenticated by the hub, scopes checked by the handler."""

    allow_all = True  # scopes are checked per request below (scopes.py), not by JupyterHub's unfiltered check

    @property
    def db(self) -> AnswerDB:
        return self.settings["pakru_db"]

    def user(self) -> dict:
        """The hub user (or service) behind the request's token or cookie; 403 when there is none."""
        model = self.current_user
        if not model:
            raise HTTPError(403, "a JupyterHub token or login is needed")
        return model

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None))[1]
        if isinstance(exc, HTTPError) and exc.log_message:
            reason = exc.log_message
        self.set_header("Content-Type", "application/json")
        self.finish({"error": status_code, "message": reason})

    async def readable_users(self) -> tuple[str | None, set[str] | None]:
        """(group, its members) this request may read; (None, None) for everyone. 403 when not allowed."""
        try:
            group = scopes.group_to_read(self.user().get("scopes", []), self.get_argument("group", None) or None)
        except scopes.ScopeError as exc:
            raise HTTPError(403, str(exc)) from None
        if group is None:
            return None, None
        return group, await self.settings["pakru_groups"].members(group)


class Groups:
    """Members of hub groups, asked of the hub with the service's own token and kept a few seconds."""

    def __init__(self, api_url: str, token: str):
        self.api_url, self.token = api_url, token
        self.cache: dict[str, tuple[float, set[str]]] = {}

    async def members(self, group: str) -> set[str]:
        hit = self.cache.get(group)
        if hit and time.monotonic() - hit[0] < GROUP_CACHE_SECONDS:
            return hit[1]
        url = url_path_join(self.api_url, "groups", urllib.parse.quote(group, safe=""))
        try:
            response = await AsyncHTTPClient().fetch(url, headers={"Authorization": f"token {self.token}"})
        except HTTPClientError as exc:
            if exc.code == 404:
                raise HTTPError(404, f"the hub has no group {group!r}") from None
            raise HTTPError(502, f"the hub did not say who is in {group!r} ({exc.code})") from None
        users = set(json.loads(response.body).get("users", []))
        self.cache[group] = (time.monotonic(), users)
        return users


class AnswersHandler(_Handler):
    """Answers from a learner's kernel, stored under the token's owner."""

    def check_xsrf_cookie(self) -> None:
        return  # token-only endpoint: a cookie-carrying browser request is refused in post()

    def post(self) -> None:
        if not self.request.headers.get("Authorization", "").lower().startswith("token "):
            raise HTTPError(403, "answers are sent with the kernel's hub token, not from a browser")
        model = self.user()
        if model.get("kind", "user") != "user":
            raise HTTPError(403, "only a hub user's server may send answers")
        if not scopes.can_send(model.get("scopes", [])):
            raise HTTPError(403, f"this token lacks {scopes.SEND_SCOPE}")
        if len(self.request.body) > MAX_BODY:
            raise HTTPError(413, f"at most {MAX_BODY} bytes per request")
        try:
            body = json.loads(self.request.body)
            items = body["records"]
            if not isinstance(items, list) or len(items) > MAX_BATCH:
                raise ValueError(f"records must be a list of at most {MAX_BATCH}")
        except (ValueError, KeyError, TypeError) as exc:
            raise HTTPError(400, f"expected {{'records': [...]}}: {exc}") from None
        user, good, refused = model["name"], [], []
        for index, item in enumerate(items):
            try:
                record = Record.from_dict(item)
            except ValueError as exc:
                refused.append({"index": index, "reason": str(exc)})
                continue
            if record.hub_user not in (None, user):
                refused.append({"index": index, "reason": f"saved by hub user {record.hub_user!r}, sent by {user!r}"})
                continue
            good.append(record)
        added = self.db.add(user, good)
        self.finish({"user": user, "stored": added.stored, "duplicates": added.duplicates, "refused": refused})


class ClassHandler(_Handler):
    """The live view's numbers (JSON), recomputed only when an answer arrived since."""

    async def get(self) -> None:
        group, users = await self.readable_users()
        names = self.get_argument("names", "0") == "1"
        key = (group, frozenset(users) if users is not None else None, names)
        last = self.db.last_id()
        cache = self.settings["pakru_summaries"]
        if key not in cache or cache[key][0] != last:
            rows = self.db.answers(users)
            cache[key] = (last, class_summary(rows, users, with_names=names, prompts=self.settings["pakru_prompts"]))
        self.set_header("Cache-Control", "no-store")
        self.finish({**cache[key][1], "group": group, "last_id": last,
                     "server_time": time.time()})


class ProgressHandler(_Handler):
    """Per hub user, their answers as one ``pakru-progress/1`` document (what the gradebook reads)."""

    async def get(self) -> None:
        _group, users = await self.readable_users()
        documents = self.db.progress_documents(users)
        self.set_header("Cache-Control", "no-store")
        self.finish({"format": "pakru-class-progress/1",
                     "learners": {user: json.loads(doc) for user, doc in documents.items()}})


class HealthHandler(RequestHandler):
    def get(self) -> None:
        self.finish({"ok": True, "answers": self.settings["pakru_db"].count()})


class LiveViewHandler(_Handler):
    """The instructor's page; its script polls ``api/class`` every second."""

    @authenticated
    async def get(self) -> None:
        group, _users = await self.readable_users()
        template = self.settings["pakru_templates"].get_template("live.html.j2")
        prefix = self.settings["pakru_prefix"]
        self.finish(template.render(group=group, prefix=prefix, api=url_path_join(prefix, "api/class"),
                                    static=url_path_join(prefix, "static/"),
                                    names=self.get_argument("names", "0") == "1",
                                    # the page's script sends it back: the hub's cookie counts for fetch() only so
                                    xsrf=self.xsrf_token.decode() if isinstance(self.xsrf_token, bytes)
                                    else self.xsrf_token))


def templates() -> jinja2.Environment:
    """The service's own templates, autoescaped: learner text reaches the page only as text."""
    return jinja2.Environment(loader=jinja2.PackageLoader("pakru.classservice", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def make_app(db: AnswerDB, prefix: str, api_url: str, token: str, prompts: dict | None = None) -> Application:
    """The tornado application, under ``prefix`` (``/services/pakru-class/``); ``prompts`` label the questions
    (default: the course's, read once here, ``classservice.prompts``)."""
    from pakru.classservice.prompts import course_prompts

    static = str(resources.files("pakru.classservice") / "static")
    return Application([
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        (url_path_join(prefix, "api/answers"), AnswersHandler),
        (url_path_join(prefix, "api/class"), ClassHandler),
        (url_path_join(prefix, "api/progress"), ProgressHandler),
        (url_path_join(prefix, "api/health"), HealthHandler),
        (url_path_join(prefix, "static/(.*)"), StaticFileHandler, {"path": static}),
        (prefix, LiveViewHandler),
        (prefix.rstrip("/"), LiveViewHandler),
    ], pakru_db=db, pakru_prefix=prefix, pakru_groups=Groups(api_url, token), pakru_summaries={},
        pakru_templates=templates(), pakru_prompts=course_prompts() if prompts is None else prompts,
        # stable across restarts (a killed and restarted service keeps instructors logged in), secret as the token
        cookie_secret=hashlib.sha256(f"pakru-class-cookie:{token}".encode()).digest() if token else os.urandom(32))


def default_db_url() -> str:
    """The ``class_db_url`` setting (``$PAKRU_CLASS_DB``), else an SQLite file in the working directory."""
    from pakru import settings

    return settings.current().class_db_url or f"sqlite:///{os.path.abspath('pakru-class.sqlite')}"


async def serve(db_url: str) -> None:
    """Run the service with the settings JupyterHub gives a service in its environment."""
    db = AnswerDB(db_url)
    bind = urllib.parse.urlsplit(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    app = make_app(db, prefix, os.environ.get("JUPYTERHUB_API_URL", "http://127.0.0.1:8081/hub/api"),
                   os.environ.get("JUPYTERHUB_API_TOKEN", ""))
    app.listen(bind.port or 80, bind.hostname or "")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):  # the hub stops a managed service with SIGTERM
        loop.add_signal_handler(signum, stop.set)
    logging.getLogger("pakru.classservice").info("class service on %s%s, database %s", bind.geturl(), prefix,
                                                 db.engine.url.render_as_string(hide_password=True))
    await stop.wait()
    db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pakru.classservice",
                                     description="The pakru class service (run by JupyterHub as a service).")
    parser.add_argument("--db", default=None, help="SQLAlchemy URL (default: the class_db_url setting, "
                        "$PAKRU_CLASS_DB, else sqlite:///pakru-class.sqlite); postgresql+psycopg://user@host/db")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[%(levelname).1s %(asctime)s %(name)s] %(message)s")
    asyncio.run(serve(args.db or default_db_url()))
    return 0
