"""Command line: `python -m pakru check | timeline | export | exercises | gradebook | links | labsettings |
labextension | site | warm | config`; every command takes `--course DIR`, `--set NAME=VALUE` and `--config FILE`
(pakru.settings)."""

from __future__ import annotations

import argparse
import functools
import os
import sys
import warnings

from pakru.paths import CourseNotFound, use_course
from pakru.problems import ProblemError, errors


def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything and print every problem at once; non-zero exit on any error."""
    from pakru.checks import run_all
    from pakru.sources import SeedChanged

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeedChanged)  # check reports a changed seed itself, as an error
        problems = run_all()
    for problem in problems:
        print(problem)
    count = len(errors(problems))
    warned = sum(p.severity == "warning" for p in problems)
    if count:
        print(f"check: {count} error(s), {warned} warning(s)", file=sys.stderr)
        return 1
    print(f"check: no errors ({warned} warning(s)): seeds, catalogue, curated data, banks and exercises are valid")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    """Print the merged, cited timeline."""
    from pakru.corpus import load
    from pakru.sources import SeedChanged
    from pakru.timeline import describe

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeedChanged)  # said below as one line each, without Python's decoration
        corpus = load()
    for problem in corpus.problems:
        if problem.severity == "warning":
            print(f"⚠ {problem}", file=sys.stderr)
    print(describe(corpus))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the learner's quiz and exercise results as CSV for handing in."""
    from pakru.progress import main_export

    return main_export(args.out, force=args.force, learner=args.learner)


def cmd_exercises(args: argparse.Namespace) -> int:
    """Exercise tools for instructors (``build`` writes the student versions)."""
    from pakru.exercises.build import main

    return main(args.rest)


def cmd_notebooks(args: argparse.Namespace) -> int:
    """Notebooks as text: ``sync`` writes each lesson/exercise-source .ipynb from its MyST .md."""
    from pakru.notebooks import main

    return main(args.rest)


def cmd_links(args: argparse.Namespace) -> int:
    """Binder and JupyterHub links for every notebook (pakru.links)."""
    from pakru.links import main

    return main(args.repo, args.branch, args.hub)


def cmd_labsettings(args: argparse.Namespace) -> int:
    """The JupyterLab shortcut setting pakru installs (pakru.labsettings); ``--install`` also installs the
    question-group extension (pakru.labextension), so the README's one lesson command sets up both."""
    from pakru import labextension
    from pakru.labsettings import main
    from pakru.paths import PROJECT_ROOT

    status = main(PROJECT_ROOT, check=args.check, install_it=args.install)
    if status == 0 and args.install:
        try:
            where = labextension.install(PROJECT_ROOT)
        except OSError as exc:
            print(f"could not install the JupyterLab extension: {exc}", file=sys.stderr)
            return 1
        print(f"installed {where} (each quiz question is one group named by its question, for screen readers)")
    return status


def cmd_labextension(args: argparse.Namespace) -> int:
    """Rebuild the committed JupyterLab extension from lab-extension/ (pakru.labextension)."""
    from pakru.labextension import main
    from pakru.paths import PROJECT_ROOT

    return main(PROJECT_ROOT, check=args.check)


def cmd_site(args: argparse.Namespace) -> int:
    """The static course site (pakru.site)."""
    from pakru.site import main

    return main(args.out, args.repo, args.branch, args.hub, args.lesson)


def cmd_warm(args: argparse.Namespace) -> int:
    """Run each lesson once so its figures, validated files and templates are in the user cache (pakru.warm)."""
    from pakru.warm import main

    return main(args.lesson, shared=args.shared)


def cmd_gradebook(args: argparse.Namespace) -> int:
    """Re-grade handed-in results and write an LMS import file (pakru.gradebook.cli)."""
    from pakru.gradebook.cli import run

    return run(args)


def cmd_config(args: argparse.Namespace) -> int:
    """Print every setting in force and where it came from (pakru.settings)."""
    from pakru.settings import main

    return main(show_docs=args.docs)


def _course_option() -> argparse.ArgumentParser:
    """``--course DIR``, ``--set NAME=VALUE`` and ``--config FILE``, accepted before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                        help="the course folder to use (default: the current folder or the nearest one above it)")
    common.add_argument("--set", metavar="NAME=VALUE", action="append", dest="settings", default=argparse.SUPPRESS,
                        help="a setting for this command and the kernels it starts (`python -m pakru config` "
                        "lists them); repeatable")
    common.add_argument("--config", metavar="FILE", action="append", dest="config_files", default=argparse.SUPPRESS,
                        help="a pakru_config.py or .json to read after Jupyter's config folders")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _course_option()
    parser = argparse.ArgumentParser(prog="python -m pakru", description=__doc__, parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser = functools.partial(sub.add_parser, parents=[common])  # every command takes --course
    sub.add_parser("check", help="validate seeds, catalogue, curated data, banks and exercises").set_defaults(
        func=cmd_check)
    sub.add_parser("timeline", help="print the cited timeline of all sources").set_defaults(func=cmd_timeline)
    export = sub.add_parser("export", help="write your quiz and exercise results as CSV")
    export.add_argument("--out", default=None, help="CSV file to write (default: pakru-results-<learner>.csv, "
                        "the file the notebooks' 'Download my results' button saves)")
    export.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    export.add_argument("--learner", default=None,
                        help="whose answers (default: $PAKRU_LEARNER, else $JUPYTERHUB_USER, else the login name)")
    export.set_defaults(func=cmd_export)
    exercises = sub.add_parser("exercises", help="instructor tools: `exercises build` writes student versions")
    exercises.add_argument("rest", nargs=argparse.REMAINDER)
    exercises.set_defaults(func=cmd_exercises)
    notebooks = sub.add_parser("notebooks", help="`notebooks sync` writes each .ipynb from its MyST .md source")
    notebooks.add_argument("rest", nargs=argparse.REMAINDER)
    notebooks.set_defaults(func=cmd_notebooks)
    from pakru.gradebook_options import USAGE, add_arguments  # no course needed to show the options

    gradebook = sub.add_parser("gradebook", help="re-grade learners' results; write a Canvas or Moodle import file",
                               epilog=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(gradebook)
    gradebook.set_defaults(func=cmd_gradebook)
    links = sub.add_parser("links", help="print Binder and JupyterHub (nbgitpuller) links and badges per notebook")
    links.add_argument("--repo", help="published repository URL (default: git remote origin)")
    links.add_argument("--branch", help="branch or tag to launch (default: HEAD on Binder, main on a hub)")
    links.add_argument("--hub", help="JupyterHub address, e.g. https://hub.example.edu")
    links.set_defaults(func=cmd_links)
    labsettings = sub.add_parser("labsettings", help="write lab-settings/overrides.d/pakru.json from the installed "
                                 "JupyterLab's shortcuts (keys in a focused answer list stay in the list)")
    labsettings.add_argument("--check", action="store_true", help="only say whether the committed file is stale")
    labsettings.add_argument("--install", action="store_true",
                             help="copy it into JupyterLab's settings folder, and pakru's JupyterLab extension "
                             "into its extensions folder (what `pip install .` does)")
    labsettings.set_defaults(func=cmd_labsettings)
    labextension = sub.add_parser("labextension", help="rebuild lab-extension/pakru-question-groups (needs Node.js "
                                  "and `npm ci --prefix lab-extension`)")
    labextension.add_argument("--check", action="store_true",
                              help="only say whether the committed build is stale")
    labextension.set_defaults(func=cmd_labextension)
    site = sub.add_parser("site", help="build the static course site from the executed lessons")
    site.add_argument("--out", required=True, help="folder to write the site into")
    site.add_argument("--repo", help="published repository URL for the launch buttons (default: git remote origin)")
    site.add_argument("--branch", help="branch to launch (default: main)")
    site.add_argument("--hub", help="JupyterHub address for the 'Open on a JupyterHub' buttons")
    site.add_argument("--lesson", action="append", help="build only this lesson's page (repeatable)")
    site.set_defaults(func=cmd_site)
    warm = sub.add_parser("warm", help="run each lesson once so later first runs find its figures in the user "
                          "cache (Binder's postBuild)")
    warm.add_argument("lesson", nargs="*", help="lesson ids (default: all)")
    warm.add_argument("--shared", action="store_true", help="fill the read-only layer every user of this "
                      "environment reads (<prefix>/share/pakru/cache): for image builds")
    warm.set_defaults(func=cmd_warm)
    config = sub.add_parser("config", help="print every setting in force and where its value came from")
    config.add_argument("--docs", action="store_true", help="print the settings table of docs/settings.md instead")
    config.set_defaults(func=cmd_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pakru.settings import SettingError, from_command_line

    try:
        if getattr(args, "settings", None) or getattr(args, "config_files", None):
            from_command_line(getattr(args, "settings", None) or [], getattr(args, "config_files", None))
        if getattr(args, "course", None):
            use_course(args.course)  # before any module reads a folder
        return args.func(args)
    except (CourseNotFound, SettingError) as exc:
        print(f"pakru: {exc}", file=sys.stderr)
        return 1
    except ProblemError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: one line and the shell's usual code, no traceback
        print(f"pakru {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` that stopped reading: nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 1
    except OSError as exc:  # a read-only or full disk, a file where a folder is expected, ...
        print(f"pakru {args.command}: {os_message(exc)}", file=sys.stderr)
        return 1


def os_message(exc: OSError) -> str:
    """One line for a file-system error: what failed, where, and the fix when it is a common one."""
    where = f"{exc.filename}" + (f" → {exc.filename2}" if exc.filename2 else "") if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    hint = {"FileExistsError": " (a file is in the way: choose another --out or remove it)",
            "NotADirectoryError": " (a file is where a folder is needed: choose another --out)",
            "IsADirectoryError": " (that is a folder: give a file name)",
            "PermissionError": " (no permission to write there: choose a folder of your own)"}.get(
        type(exc).__name__, "")
    return f"{reason}: {where}{hint}" if where else f"{reason}{hint}"


if __name__ == "__main__":
    sys.exit(main())
