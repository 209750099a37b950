#!/usr/bin/env bash
# Round trip through a real word processor: `dejargon annotate` adds review
# comments to .docx files, LibreOffice (headless) opens each reviewed copy and
# converts it to flat OpenDocument (.fodt, plain XML), and we check that
#   - every comment dejargon added is there as an annotation by "dejargon",
#     with the same text, anchored on exactly the matched term;
#   - the document's text is the same as LibreOffice reads from the original.
#
# Installs LibreOffice Writer from Debian's packages when `soffice` is missing.
# Called from .ci/run; takes about a minute once LibreOffice is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  echo "== installing LibreOffice Writer (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null \
    || apt-get install -y -qq --no-install-recommends libreoffice-writer >/dev/null
fi
soffice --version

# .ci/run passes the release binary it has just built; alone, build it.
bin=${DEJARGON_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet
  bin=target/release/dejargon
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A profile of our own: never touch (or wait on) the user's LibreOffice.
profile="file://$work/lo-profile"
to_fodt() { # FILE OUTDIR
  timeout 180 soffice "-env:UserInstallation=$profile" --headless \
    --convert-to fodt --outdir "$2" "$1" >/dev/null 2>&1
  test -s "$2/$(basename "${1%.docx}").fodt" || { echo "LibreOffice did not convert $1"; exit 1; }
}
passed=0
# The fixture with the small test dictionary; the example with the bundled
# ones (more terms, some of several words).
for source in tests/fixtures/docx/annual-report.docx examples/annual-report.docx; do
  case "$source" in
    tests/*) dict=(--no-config --no-builtin --dictionary tests/fixtures/dict/mini-en.json) ;;
    *) dict=(--no-config) ;;
  esac
  name=$(echo "$source" | tr '/' '-')
  name=${name%.docx}
  mkdir -p "$work/original" "$work/reviewed"
  cp "$source" "$work/original/$name.docx"
  "$bin" check "${dict[@]}" --format json --fail-on never "$work/original/$name.docx" > "$work/$name.json"
  "$bin" annotate "${dict[@]}" "$work/original/$name.docx" -o "$work/reviewed/$name.docx"
  cmp -s "$source" "$work/original/$name.docx" || { echo "annotate changed its input"; exit 1; }
  to_fodt "$work/original/$name.docx" "$work/original"
  to_fodt "$work/reviewed/$name.docx" "$work/reviewed"
  python3 - "$work/reviewed/$name.docx" "$work/original/$name.fodt" "$work/reviewed/$name.fodt" "$work/$name.json" <<'PY'
import json, sys, zipfile
import xml.etree.ElementTree as ET

reviewed_docx, original_fodt, reviewed_fodt, findings_json = sys.argv[1:]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"

# What dejargon wrote: the comments in word/comments.xml.
with zipfile.ZipFile(reviewed_docx) as z:
    comments = ET.fromstring(z.read("word/comments.xml"))
added = [
    "".join(t.text or "" for t in c.iter(W + "t"))
    for c in comments.iter(W + "comment")
    if c.get(W + "author") == "dejargon"
]

def events(node, out):
    """The body as a stream: text, annotation starts (with their own text),
    annotation ends, in document order."""
    tag = node.tag
    if tag == OFFICE + "annotation":
        creator = node.find(DC + "creator")
        body = "\n".join("".join(p.itertext()) for p in node.iter(TEXT + "p"))
        out.append(("start", node.get(OFFICE + "name"),
                    creator.text if creator is not None else None, body))
        if node.tail:
            out.append(("text", node.tail))
        return
    if tag == OFFICE + "annotation-end":
        out.append(("end", node.get(OFFICE + "name")))
    elif tag == TEXT + "s":
        out.append(("text", " " * int(node.get(TEXT + "c", "1"))))
    elif tag == TEXT + "tab":
        out.append(("text", "\t"))
    elif tag == TEXT + "line-break":
        out.append(("text", "\n"))
    elif node.text:
        out.append(("text", node.text))
    for child in node:
        events(child, out)
    if tag in (TEXT + "p", TEXT + "h"):
        out.append(("text", "\n"))
    if node.tail and tag != OFFICE + "annotation":
        out.append(("text", node.tail))

def read(path):
    body = ET.parse(path).getroot().find(OFFICE + "body")
    out = []
    events(body, out)
    return out

def plain(stream):
    return "".join(e[1] for e in stream if e[0] == "text")

original = read(original_fodt)
reviewed = read(reviewed_fodt)
failures = []

# Every comment dejargon added is an annotation by dejargon, same text.
annotations = [e for e in reviewed if e[0] == "start" and e[2] == "dejargon"]
found = [e[3] for e in annotations]
if sorted(found) != sorted(added):
    failures.append(f"comments differ:\n  added {added}\n  found {found}")

# Each is anchored on the matched text of a finding in the body.
anchored = []
for start in annotations:
    name, text, inside = start[1], [], False
    for e in reviewed:
        if e is start:
            inside = True
        elif inside and e[0] == "end" and e[1] == name:
            break
        elif inside and e[0] == "text":
            text.append(e[1])
    anchored.append("".join(text))
with open(findings_json) as f:
    findings = json.load(f)["findings"]
matched = [f["matched"] for f in findings if f["location"]["part"] == "word/document.xml"]
if sorted(anchored) != sorted(matched):
    failures.append(f"anchors differ:\n  findings {matched}\n  anchored {anchored}")
if len(added) != len(matched) or not added:
    failures.append(f"{len(added)} comments for {len(matched)} findings in the body")

# The text LibreOffice reads is unchanged.
if plain(original) != plain(reviewed):
    import difflib
    diff = difflib.unified_diff(plain(original).splitlines(), plain(reviewed).splitlines(), lineterm="")
    failures.append("document text changed:\n" + "\n".join(diff))

if failures:
    print(f"FAILED {reviewed_docx}:\n" + "\n".join(failures))
    sys.exit(1)
print(f"ok: {len(added)} comments round-tripped through LibreOffice, anchored on "
      f"{', '.join(anchored)}; document text unchanged ({len(plain(original))} characters)")
PY
  passed=$((passed + 1))
done
echo "libreoffice round trip: $passed passed, 0 failed"
