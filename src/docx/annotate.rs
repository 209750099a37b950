//! Writing findings back into a .docx as Word review comments.
//!
//! Each finding in the main document becomes a comment anchored on the
//! matched text: `w:commentRangeStart` before it, `w:commentRangeEnd` and a
//! run with `w:commentReference` after it. Where a boundary falls inside a
//! `w:t`, the run is split there and the split-off run gets a copy of the
//! run's properties (`w:rPr`), so the text looks exactly as before. The
//! comments go into `word/comments.xml` (created, or extended), with the
//! relationship and content type Word needs to find it.
//!
//! Nothing else changes: the XML outside the edited places is copied byte for
//! byte, and every other zip entry is copied with its compressed data as it
//! is (no recompression). The result is built in memory; writing it to disk
//! atomically is the caller's job.
//!
//! Comments are anchored in the body (with its tables and text boxes). Word
//! allows no comments in page headers and footers, and findings there or in
//! footnotes are counted in [`Annotated::not_anchored`] instead.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Write};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::package::{parse_relationships, rels_name_for, Limits, Package};
use super::{DocxError, DocxLayout, Segment, REL_COMMENTS, W_NS};
use crate::lint::Finding;

const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Who the comments are from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotateOptions {
    pub author: String,
    pub initials: String,
}

impl Default for AnnotateOptions {
    fn default() -> Self {
        AnnotateOptions {
            author: "dejargon".to_string(),
            initials: "DJ".to_string(),
        }
    }
}

/// An annotated copy of a document.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// The bytes of the new .docx.
    pub bytes: Vec<u8>,
    /// Comments added.
    pub comments: usize,
    /// Findings that got no comment (page headers and footers, footnotes).
    pub not_anchored: usize,
}

/// The text of the comment for a finding: what is wrong, what the term means,
/// and what to write instead.
pub fn comment_text(finding: &Finding) -> String {
    let mut text = format!("{}.", finding.message());
    if finding.entry().is_some() {
        if !finding.explanation().is_empty() {
            text.push(' ');
            text.push_str(finding.explanation());
        }
        if !finding.suggestions().is_empty() {
            let quoted: Vec<String> = finding
                .suggestions()
                .iter()
                .map(|s| format!("\u{201c}{s}\u{201d}"))
                .collect();
            text.push_str(&format!(" Write instead: {}.", quoted.join(", ")));
        }
    } else if !finding.suggestions().is_empty() {
        let mut advice = finding.suggestions().join("; or ");
        if let Some(first) = advice.get(..1) {
            advice = first.to_ascii_uppercase() + &advice[1..];
        }
        text.push_str(&format!(" {advice}."));
    }
    text
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Markup in the part's WordprocessingML prefix.
struct Markup<'a> {
    prefix: &'a str,
}

impl Markup<'_> {
    fn tag(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}:{name}", self.prefix)
        }
    }

    /// An empty element with a `w:id` attribute.
    fn marker(&self, name: &str, id: u64) -> String {
        if self.prefix.is_empty() {
            // The part uses WordprocessingML as its default namespace, which
            // does not apply to attributes: bind a prefix here.
            let w_ns = String::from_utf8_lossy(W_NS);
            format!("<{name} xmlns:w=\"{w_ns}\" w:id=\"{id}\"/>")
        } else {
            format!("<{p}:{name} {p}:id=\"{id}\"/>", p = self.prefix)
        }
    }

    fn range_start(&self, id: u64) -> String {
        self.marker("commentRangeStart", id)
    }

    fn range_end(&self, id: u64) -> String {
        format!(
            "{}<{r}>{}</{r}>",
            self.marker("commentRangeEnd", id),
            self.marker("commentReference", id),
            r = self.tag("r")
        )
    }
}

/// Where comment markers go at one place of the XML.
#[derive(Debug, Default)]
struct Group {
    ends: Vec<u64>,
    starts: Vec<u64>,
    /// Set when the place is inside a `w:t`: the run is split there. The
    /// value is the index of that `w:t`.
    split: Option<usize>,
}

/// Adds a comment on each finding in the main document of `original` (the
/// bytes the `text` and `layout` were read from).
pub fn annotate(
    original: &[u8],
    text: &str,
    layout: &DocxLayout,
    findings: &[Finding],
    options: &AnnotateOptions,
    limits: &Limits,
) -> Result<Annotated, DocxError> {
    let mut package = Package::open(original, *limits)?;
    let part = layout
        .parts
        .first()
        .ok_or_else(|| DocxError::Unsupported("the document has no main part".to_string()))?;
    let main = part.name.clone();
    let xml = package
        .read_part(&main)?
        .ok_or_else(|| DocxError::NotWord(format!("the zip archive has no {main}")))?;
    let rels_name = rels_name_for(&main);
    let rels_xml = package.read_part(&rels_name)?;
    let rels = match &rels_xml {
        Some(x) => parse_relationships(x, &rels_name, &main)?,
        None => Vec::new(),
    };
    let existing = rels
        .iter()
        .find(|r| r.kind == REL_COMMENTS && !r.external)
        .map(|r| r.target.clone());
    let comments_name = existing
        .clone()
        .unwrap_or_else(|| free_name(&package, &main));
    let comments_xml = match &existing {
        Some(name) => package.read_part(name)?,
        None => None,
    };
    let content_types = package.read_part("[Content_Types].xml")?.ok_or_else(|| {
        DocxError::NotWord("the zip archive has no [Content_Types].xml".to_string())
    })?;

    let mut next_id = max_comment_id(&xml, "document")?
        .max(match &comments_xml {
            Some(c) => max_comment_id(c, "comments")?,
            None => None,
        })
        .map_or(0, |m| m + 1);

    // Where each comment starts and ends in the XML.
    let markup = Markup {
        prefix: &part.w_prefix,
    };
    let mut groups: BTreeMap<(usize, bool), Group> = BTreeMap::new();
    let mut preserve: BTreeSet<usize> = BTreeSet::new();
    let mut comments: Vec<(u64, String)> = Vec::new();
    let mut not_anchored = 0;
    for finding in findings {
        let in_body = layout
            .paragraph_at(finding.span.start)
            .is_some_and(|p| layout.paragraphs[p].part == 0);
        let start = layout.segment_at(finding.span.start, false);
        let end = layout.segment_at(finding.span.end, true);
        let (true, Some(start), Some(end)) = (in_body, start, end) else {
            not_anchored += 1;
            continue;
        };
        let id = next_id;
        next_id += 1;
        for (segment, offset, is_end) in [
            (&layout.segments[start], finding.span.start, false),
            (&layout.segments[end], finding.span.end, true),
        ] {
            let pos = raw_offset(&xml, text, segment, offset);
            let t = &part.texts[segment.text];
            let run = &part.runs[t.run];
            let only_space =
                |range: std::ops::Range<usize>| xml.get(range).is_some_and(|s| s.trim().is_empty());
            // Splitting the run closes `w:t` and `w:r` at `pos`, which is
            // well-formed only when the `w:t` is a direct child of the run.
            // Otherwise the comment covers the whole run (found by the
            // docx_xml fuzz target: a `w:t` wrapped in an unknown element).
            let direct = balanced(xml.get(run.first_child..t.start_tag.start))
                && balanced(xml.get(t.end..run.close));
            let (place, split) = if !direct {
                (if is_end { run.end } else { run.start }, false)
            } else if !is_end
                && pos == t.content.start
                && only_space(run.first_child..t.start_tag.start)
            {
                (run.start, false)
            } else if is_end && pos == t.content.end && only_space(t.end..run.close) {
                (run.end, false)
            } else {
                (pos, true)
            };
            let group = groups.entry((place, split)).or_default();
            if split {
                group.split = Some(segment.text);
                if !t.preserve {
                    preserve.insert(segment.text);
                }
            }
            if is_end {
                group.ends.push(id);
            } else {
                group.starts.push(id);
            }
        }
        comments.push((id, comment_text(finding)));
    }

    // The edits, applied front to back.
    let mut edits: Vec<(usize, String)> = Vec::new();
    for index in preserve {
        let tag = &part.texts[index].start_tag;
        edits.push((tag.end - 1, " xml:space=\"preserve\"".to_string()));
    }
    for ((place, _), group) in groups {
        let mut insert = String::new();
        if let Some(index) = group.split {
            let run = &part.runs[part.texts[index].run];
            insert.push_str(&format!("</{}></{}>", markup.tag("t"), markup.tag("r")));
            push_markers(&mut insert, &markup, &group);
            insert.push_str(&format!("<{}>", markup.tag("r")));
            if let Some(rpr) = &run.rpr {
                insert.push_str(&xml[rpr.clone()]);
            }
            insert.push_str(&format!("<{} xml:space=\"preserve\">", markup.tag("t")));
        } else {
            push_markers(&mut insert, &markup, &group);
        }
        edits.push((place, insert));
    }
    edits.sort_by_key(|(pos, _)| *pos);
    let mut new_xml =
        String::with_capacity(xml.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut copied = 0;
    for (pos, insert) in &edits {
        new_xml.push_str(&xml[copied..*pos]);
        new_xml.push_str(insert);
        copied = *pos;
    }
    new_xml.push_str(&xml[copied..]);

    // The parts that change.
    let mut replaced: HashMap<String, Vec<u8>> = HashMap::new();
    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    if !comments.is_empty() {
        replaced.insert(main.clone(), new_xml.into_bytes());
        let new_comments = match &comments_xml {
            Some(existing) => extend_comments(existing, &comments, options)?,
            None => new_comments_part(&comments, options),
        };
        if existing.is_some() {
            replaced.insert(comments_name.clone(), new_comments.into_bytes());
        } else {
            added.push((comments_name.clone(), new_comments.into_bytes()));
            let target = relative_target(&main, &comments_name);
            match &rels_xml {
                Some(rels_text) => {
                    let id = free_relationship_id(&rels);
                    let rel = format!(
                        "<Relationship Id=\"{id}\" Type=\"{REL_COMMENTS}\" Target=\"{}\"/>",
                        escape(&target)
                    );
                    let with = insert_before_root_end(rels_text, &rel, &rels_name)?;
                    replaced.insert(rels_name.clone(), with.into_bytes());
                }
                None => added.push((
                    rels_name.clone(),
                    format!(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"{RELS_NS}\"><Relationship Id=\"rId1\" Type=\"{REL_COMMENTS}\" Target=\"{}\"/></Relationships>",
                        escape(&target)
                    )
                    .into_bytes(),
                )),
            }
        }
        let part_name = format!("/{comments_name}");
        if !has_override(&content_types, &part_name)? {
            let over = format!(
                "<Override PartName=\"{}\" ContentType=\"{COMMENTS_CONTENT_TYPE}\"/>",
                escape(&part_name)
            );
            let with = insert_before_root_end(&content_types, &over, "[Content_Types].xml")?;
            replaced.insert("[Content_Types].xml".to_string(), with.into_bytes());
        }
    }

    let bytes = write_zip(&mut package, replaced, added)?;
    Ok(Annotated {
        bytes,
        comments: comments.len(),
        not_anchored,
    })
}

/// Whether a piece of XML is a sequence of complete elements: nothing left
/// open, nothing closed that was opened before it.
fn balanced(xml: Option<&str>) -> bool {
    let Some(xml) = xml else {
        return false;
    };
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Ok(Event::Eof) => return depth == 0,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

fn push_markers(out: &mut String, markup: &Markup<'_>, group: &Group) {
    for &id in &group.ends {
        out.push_str(&markup.range_end(id));
    }
    for &id in &group.starts {
        out.push_str(&markup.range_start(id));
    }
}

/// The XML offset of virtual-text offset `offset`, inside `segment`.
fn raw_offset(xml: &str, text: &str, segment: &Segment, offset: usize) -> usize {
    if segment.reference {
        return if offset <= segment.virt.start {
            segment.raw.start
        } else {
            segment.raw.end
        };
    }
    let chars = text[segment.virt.start..offset].chars().count();
    let raw = &xml[segment.raw.clone()];
    segment.raw.start + raw.char_indices().nth(chars).map_or(raw.len(), |(i, _)| i)
}

/// The highest `w:id` of the comment elements and markers in a part.
fn max_comment_id(xml: &str, part: &str) -> Result<Option<u64>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut max: Option<u64> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if matches!(
                    e.local_name().as_ref(),
                    b"comment" | b"commentRangeStart" | b"commentRangeEnd" | b"commentReference"
                ) =>
            {
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref() == b"id" {
                        if let Some(id) = std::str::from_utf8(&a.value)
                            .ok()
                            .and_then(|v| v.trim().parse::<u64>().ok())
                        {
                            max = Some(max.map_or(id, |m| m.max(id)));
                        }
                    }
                }
            }
            Ok(Event::Eof) => return Ok(max),
            Ok(_) => {}
            Err(err) => {
                return Err(DocxError::Xml {
                    part: part.to_string(),
                    message: err.to_string(),
                })
            }
        }
    }
}

fn comment_elements(prefix: &str, comments: &[(u64, String)], options: &AnnotateOptions) -> String {
    let p = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}:")
    };
    let mut out = String::new();
    for (id, text) in comments {
        out.push_str(&format!(
            "<{p}comment {p}id=\"{id}\" {p}author=\"{}\" {p}initials=\"{}\"><{p}p><{p}r><{p}t xml:space=\"preserve\">{}</{p}t></{p}r></{p}p></{p}comment>",
            escape(&options.author),
            escape(&options.initials),
            escape(text)
        ));
    }
    out
}

fn new_comments_part(comments: &[(u64, String)], options: &AnnotateOptions) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{}\">{}</w:comments>",
        String::from_utf8_lossy(W_NS),
        comment_elements("w", comments, options)
    )
}

/// Appends comments to an existing `comments.xml`.
fn extend_comments(
    xml: &str,
    comments: &[(u64, String)],
    options: &AnnotateOptions,
) -> Result<String, DocxError> {
    let root = root_element(xml, "comments.xml")?;
    if root.prefix.is_empty() {
        // A default namespace would not cover our prefixed attributes; Word
        // never writes this, so keep it simple and refuse.
        return Err(DocxError::Unsupported(
            "comments.xml uses a default namespace".to_string(),
        ));
    }
    let elements = comment_elements(&root.prefix, comments, options);
    insert_before_root_end(xml, &elements, "comments.xml")
}

struct Root {
    /// The root's qualified name.
    qname: String,
    prefix: String,
    /// Offset of the root's end tag; for an empty root element, of its `/>`.
    end: usize,
    empty: bool,
}

fn root_element(xml: &str, part: &str) -> Result<Root, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut root: Option<(String, String)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| DocxError::Xml {
            part: part.to_string(),
            message: err.to_string(),
        })?;
        match event {
            Event::Start(e) => {
                if depth == 0 {
                    let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let prefix = qname.split_once(':').map_or("", |(p, _)| p).to_string();
                    root = Some((qname, prefix));
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 0 => {
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let prefix = qname.split_once(':').map_or("", |(p, _)| p).to_string();
                let after = reader.buffer_position() as usize;
                return Ok(Root {
                    qname,
                    prefix,
                    end: after - 2,
                    empty: true,
                });
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let (qname, prefix) = root.take().unwrap_or_default();
                    return Ok(Root {
                        qname,
                        prefix,
                        end: before,
                        empty: false,
                    });
                }
            }
            Event::Eof => {
                return Err(DocxError::Xml {
                    part: part.to_string(),
                    message: "no root element".to_string(),
                })
            }
            _ => {}
        }
    }
}

/// Inserts `content` as the last children of the root element.
fn insert_before_root_end(xml: &str, content: &str, part: &str) -> Result<String, DocxError> {
    let root = root_element(xml, part)?;
    let mut out = String::with_capacity(xml.len() + content.len() + root.qname.len() + 3);
    if root.empty {
        out.push_str(xml[..root.end].trim_end());
        out.push('>');
        out.push_str(content);
        out.push_str(&format!("</{}>", root.qname));
        out.push_str(&xml[root.end + 2..]);
    } else {
        out.push_str(&xml[..root.end]);
        out.push_str(content);
        out.push_str(&xml[root.end..]);
    }
    Ok(out)
}

/// Whether `[Content_Types].xml` has an override for `part_name`.
fn has_override(xml: &str, part_name: &str) -> Result<bool, DocxError> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Override" => {
                let matches = e.attributes().flatten().any(|a| {
                    a.key.as_ref() == b"PartName"
                        && String::from_utf8_lossy(&a.value).eq_ignore_ascii_case(part_name)
                });
                if matches {
                    return Ok(true);
                }
            }
            Ok(Event::Eof) => return Ok(false),
            Ok(_) => {}
            Err(err) => {
                return Err(DocxError::Xml {
                    part: "[Content_Types].xml".to_string(),
                    message: err.to_string(),
                })
            }
        }
    }
}

/// `comments.xml` next to the main part, or `comments2.xml`… if taken.
fn free_name(package: &Package<'_>, main: &str) -> String {
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let join = |file: &str| {
        if dir.is_empty() {
            file.to_string()
        } else {
            format!("{dir}/{file}")
        }
    };
    let mut name = join("comments.xml");
    let mut n = 2;
    while package.contains(&name) {
        name = join(&format!("comments{n}.xml"));
        n += 1;
    }
    name
}

/// The target of `part` as written in `source`'s relationships.
fn relative_target(source: &str, part: &str) -> String {
    let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
    if dir.is_empty() {
        return part.to_string();
    }
    match part.strip_prefix(&format!("{dir}/")) {
        Some(rest) => rest.to_string(),
        None => format!("/{part}"),
    }
}

fn free_relationship_id(rels: &[super::package::Relationship]) -> String {
    let max = rels
        .iter()
        .filter_map(|r| r.id.strip_prefix("rId")?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let mut n = max + 1;
    while rels.iter().any(|r| r.id == format!("rId{n}")) {
        n += 1;
    }
    format!("rId{n}")
}

/// Writes the new archive: replaced entries recompressed, new entries at the
/// end, everything else copied with its compressed bytes as they are.
fn write_zip(
    package: &mut Package<'_>,
    mut replaced: HashMap<String, Vec<u8>>,
    added: Vec<(String, Vec<u8>)>,
) -> Result<Vec<u8>, DocxError> {
    let write_error = |err: zip::result::ZipError| {
        DocxError::Unsupported(format!("cannot write the new archive: {err}"))
    };
    let archive = &mut package.archive;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|err| DocxError::Corrupt(err.to_string()))?;
        match replaced.remove(entry.name()) {
            Some(data) => {
                let name = entry.name().to_string();
                let mut options = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .large_file(data.len() as u64 >= u32::MAX as u64);
                if let Some(time) = entry.last_modified() {
                    options = options.last_modified_time(time);
                }
                drop(entry);
                writer.start_file(name, options).map_err(write_error)?;
                writer
                    .write_all(&data)
                    .map_err(|err| write_error(err.into()))?;
            }
            None => writer.raw_copy_file(entry).map_err(write_error)?,
        }
    }
    for (name, data) in added {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        writer.start_file(name, options).map_err(write_error)?;
        writer
            .write_all(&data)
            .map_err(|err| write_error(err.into()))?;
    }
    writer.set_raw_comment(archive.comment().into());
    Ok(writer.finish().map_err(write_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets() {
        assert_eq!(
            relative_target("word/document.xml", "word/comments.xml"),
            "comments.xml"
        );
        assert_eq!(
            relative_target("word/document.xml", "other/c.xml"),
            "/other/c.xml"
        );
        assert_eq!(
            relative_target("document.xml", "comments.xml"),
            "comments.xml"
        );
    }

    #[test]
    fn insert_into_empty_and_full_roots() {
        assert_eq!(
            insert_before_root_end("<?xml?><a:r x=\"1\" />", "<b/>", "p").unwrap(),
            "<?xml?><a:r x=\"1\"><b/></a:r>"
        );
        assert_eq!(
            insert_before_root_end("<r><c/></r>\n", "<b/>", "p").unwrap(),
            "<r><c/><b/></r>\n"
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot; ");
    }
}
