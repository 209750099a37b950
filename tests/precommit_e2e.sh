#!/usr/bin/env bash
# End-to-end test of the pre-commit hooks with the real pre-commit tool:
# a temporary git repository uses this checkout (at HEAD) as its hook
# repository; a commit with jargon is blocked, the fixed commit passes, and the
# dejargon-fix hook rewrites a file and then lets the commit through.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/precommit-e2e"
rm -rf "$work"
mkdir -p "$work"

# The real pre-commit, from PyPI, in a private virtual environment.
if [ ! -x "$root/target/precommit-venv/bin/pre-commit" ]; then
  python3 -m venv "$root/target/precommit-venv"
  "$root/target/precommit-venv/bin/pip" install --quiet pre-commit
fi
export PATH="$root/target/precommit-venv/bin:$PATH"
export PRE_COMMIT_HOME="$root/target/precommit-cache"
pre-commit --version

rev=$(git -C "$root" rev-parse HEAD)
dict="$root/tests/fixtures/dict/mini-en.json"
repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q
git config user.name "e2e"
git config user.email "e2e@example.com"
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: dejargon
        args: [--no-builtin, --dictionary, "$dict", --color, never]
YAML
git add .pre-commit-config.yaml
git commit -q --no-verify -m "config"
pre-commit install

echo "We will move the ERP to the IDC next year." > report.md
git add report.md
if git commit -q -m "report with jargon" > "$work/blocked.log" 2>&1; then
  cat "$work/blocked.log"
  echo "FAIL: a commit with jargon was not blocked"; exit 1
fi
grep -q 'ERP' "$work/blocked.log" || { cat "$work/blocked.log"; echo "FAIL: hook output does not name ERP"; exit 1; }
echo "ok: commit with jargon blocked"

echo "We will move the business software to our data center next year." > report.md
git add report.md
git commit -q -m "plain report" > "$work/passed.log" 2>&1 || { cat "$work/passed.log"; echo "FAIL: clean commit blocked"; exit 1; }
echo "ok: clean commit passed"

# The fixing hook: rewrites IDC to its safe replacement, pre-commit reports the
# modification and stops the commit; after re-adding, the commit passes.
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: dejargon-fix
        args: [--no-builtin, --dictionary, "$dict", --color, never]
YAML
git add .pre-commit-config.yaml
git commit -q --no-verify -m "use the fixing hook"
echo "Our IDC is full." > notes.md
git add notes.md
if git commit -q -m "notes" > "$work/fix.log" 2>&1; then
  cat "$work/fix.log"; echo "FAIL: the fixing hook did not stop the commit"; exit 1
fi
grep -qx "Our data center is full." notes.md || { cat notes.md; echo "FAIL: notes.md was not fixed"; exit 1; }
git add notes.md
git commit -q -m "notes, fixed" > "$work/fix2.log" 2>&1 || { cat "$work/fix2.log"; echo "FAIL: fixed commit blocked"; exit 1; }
echo "ok: dejargon-fix rewrote the file and the second commit passed"
echo "pre-commit end-to-end: 3 passed, 0 failed"
