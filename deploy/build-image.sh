#!/usr/bin/env bash
# Build the learners' single-user image from the student edition, the same way Binder builds the
# repository (repo2docker reads runtime.txt, requirements.txt and pyproject.toml), plus nbgitpuller.
#
#   deploy/build-image.sh registry.example.org/pakru-course:2026-11 [--push]
#
# Needs Docker and jupyter-repo2docker (pinned in requirements-dev.txt). Set PAKRU_EDITION to choose
# where the student edition is written (default: build/student-edition, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
image="${1:?usage: deploy/build-image.sh IMAGE[:TAG] [extra repo2docker options, e.g. --push]}"
shift
edition="${PAKRU_EDITION:-build/student-edition}"
rm -rf "$edition"
python -m pakru exercises release --out "$edition"
exec jupyter-repo2docker --no-run --user-name jovyan --user-id 1000 --image-name "$image" \
  --appendix "$(cat deploy/image/appendix.Dockerfile)" "$@" "$edition"
