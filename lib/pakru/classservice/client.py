"""Reading a class from the service (for the gradebook and the instructor's own scripts).

Only the standard library: the gradebook runs wherever the instructor runs it, with an instructor's hub
token (``custom:pakru-class:read``; a group-filtered one reads that group).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request


class ServiceError(RuntimeError):
    """The service refused or could not be reached; the message says which and why."""


def fetch_progress(url: str, token: str, group: str | None = None, timeout: float = 60.0) -> dict[str, bytes]:
    """Per hub username, that learner's answers as a ``pakru-progress/1`` document (bytes, as a file would hold).

    ``url`` is the service's address (``https://HUB/services/pakru-class/``). Each document reads with
    ``pakru.progress.parse`` exactly like a learner's own progress file; learner and hub user are the hub
    user whose kernel sent the answers.
    """
    address = url.rstrip("/") + "/api/progress" + (f"?group={urllib.parse.quote(group)}" if group else "")
    request = urllib.request.Request(address, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read()).get("message", exc.reason)
        except ValueError:
            message = exc.reason
        raise ServiceError(f"{address}: {exc.code} {message}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise ServiceError(f"{address}: could not connect ({exc})") from None
    learners = data.get("learners") if isinstance(data, dict) else None
    if not isinstance(learners, dict):
        raise ServiceError(f"{address}: not a class service answer")
    return {user: json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") for user, doc in learners.items()}
