//! From a .docx to its virtual text and layout.
//!
//! One streaming pass over each XML part with quick-xml's namespace-aware
//! reader. Elements are recognised by namespace and local name, never by
//! prefix, and byte offsets of every `w:t` and `w:r` are kept for the
//! annotator.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use super::package::{Limits, Package, Relationship};
use super::{
    virtual_char, DocxError, DocxHeading, DocxLayout, Paragraph, Part, RunInfo, Segment,
    TextElement, MC_NS, W_NS,
};

const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const REL_HEADER: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
const REL_FOOTER: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";
const REL_FOOTNOTES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";
const REL_ENDNOTES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes";

/// Paragraphs nested deeper than this (text boxes in text boxes…) are refused.
const MAX_NESTING: usize = 32;

/// Headings deeper than this level are not "the nearest heading" for people.
const MAX_HEADING_LEVEL: u8 = 3;

/// Reads a .docx: its virtual text (one line per paragraph) and its layout.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<(String, DocxLayout), DocxError> {
    let mut package = Package::open(bytes, *limits)?;
    let main = package.main_document()?;
    let rels = package.relationships(&main)?;
    let styles = match target_of(&rels, REL_STYLES) {
        Some(name) => match package.read_part(&name)? {
            Some(xml) => Styles::parse(&xml, &name)?,
            None => Styles::default(),
        },
        None => Styles::default(),
    };

    let mut parts: Vec<(String, PartKind)> = vec![(main.clone(), PartKind::Body)];
    for (kind_rel, kind) in [
        (REL_HEADER, PartKind::Header),
        (REL_FOOTER, PartKind::Footer),
        (REL_FOOTNOTES, PartKind::Notes),
        (REL_ENDNOTES, PartKind::Notes),
    ] {
        let mut names: Vec<String> = rels
            .iter()
            .filter(|r| r.kind == kind_rel && !r.external)
            .map(|r| r.target.clone())
            .collect();
        names.sort_by_key(|name| natural_key(name));
        names.dedup();
        for name in names {
            if !parts.iter().any(|(n, _)| *n == name) {
                parts.push((name, kind));
            }
        }
    }

    let mut builder = LayoutBuilder::default();
    for (index, (name, kind)) in parts.into_iter().enumerate() {
        let Some(xml) = package.read_part(&name)? else {
            if index == 0 {
                return Err(DocxError::NotWord(format!("the zip archive has no {name}")));
            }
            continue;
        };
        let parsed = parse_part(&xml, &name, kind, &styles)?;
        builder.add_part(name, parsed);
    }
    Ok(builder.finish())
}

fn target_of(rels: &[Relationship], kind: &str) -> Option<String> {
    rels.iter()
        .find(|r| r.kind == kind && !r.external)
        .map(|r| r.target.clone())
}

/// Sorts `header10.xml` after `header2.xml`.
fn natural_key(name: &str) -> (String, u64) {
    let digits: String = name
        .trim_end_matches(".xml")
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let stem = name.trim_end_matches(".xml");
    let prefix = &stem[..stem.len() - digits.len()];
    (prefix.to_string(), digits.parse().unwrap_or(0))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Body,
    Header,
    Footer,
    /// Footnotes or endnotes.
    Notes,
}

/// Paragraph styles: what makes a paragraph a heading.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleInfo>,
}

#[derive(Debug, Default, Clone)]
struct StyleInfo {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
}

fn w_attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local && a.key.prefix().is_some())
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn xml_error(part: &str, reader_pos: u64, err: impl std::fmt::Display) -> DocxError {
    DocxError::Xml {
        part: part.to_string(),
        message: format!("{err} near byte {reader_pos}"),
    }
}

impl Styles {
    fn parse(xml: &str, part: &str) -> Result<Styles, DocxError> {
        let mut reader = NsReader::from_str(xml);
        let mut styles = Styles::default();
        let mut current: Option<(String, StyleInfo)> = None;
        loop {
            let (is_w, event) = match reader.read_resolved_event() {
                Ok((ns, event)) => (
                    matches!(ns, ResolveResult::Bound(Namespace(n)) if n == W_NS),
                    event,
                ),
                Err(e) => return Err(xml_error(part, reader.error_position(), e)),
            };
            match event {
                Event::Start(e) | Event::Empty(e) if is_w => match e.local_name().as_ref() {
                    b"style" => {
                        let is_paragraph = w_attr(&e, b"type").is_none_or(|t| t == "paragraph");
                        current = is_paragraph.then(|| {
                            (
                                w_attr(&e, b"styleId").unwrap_or_default(),
                                StyleInfo::default(),
                            )
                        });
                    }
                    b"name" => {
                        if let Some((_, info)) = current.as_mut() {
                            info.name = w_attr(&e, b"val").unwrap_or_default();
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, info)) = current.as_mut() {
                            info.based_on = w_attr(&e, b"val");
                        }
                    }
                    b"outlineLvl" => {
                        if let Some((_, info)) = current.as_mut() {
                            info.outline = w_attr(&e, b"val").and_then(|v| v.parse().ok());
                        }
                    }
                    b"rPr" | b"pPrChange" => {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml_error(part, reader.error_position(), err))?;
                    }
                    _ => {}
                },
                Event::End(e) if is_w && e.local_name().as_ref() == b"style" => {
                    if let Some((id, info)) = current.take() {
                        styles.by_id.insert(id, info);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The heading level of a paragraph style: Title and "heading 1" are 1.
    fn level(&self, style_id: &str) -> Option<u8> {
        let mut id = style_id;
        for _ in 0..16 {
            let Some(info) = self.by_id.get(id) else {
                return level_from_name(id);
            };
            if let Some(level) = level_from_name(&info.name) {
                return Some(level);
            }
            if let Some(outline) = info.outline {
                return outline_level(outline);
            }
            id = info.based_on.as_deref()?;
        }
        None
    }
}

/// `w:outlineLvl` 0 is level 1; 9 means body text.
fn outline_level(value: u8) -> Option<u8> {
    (value < 9).then_some(value + 1)
}

/// Level from a style name or id: "heading 1", "Heading1", "Title".
fn level_from_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading")?.trim_start();
    rest.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

/// One paragraph being read.
#[derive(Debug, Default)]
struct ParaBuilder {
    text: String,
    segments: Vec<Segment>,
    style: Option<String>,
    outline: Option<u8>,
    /// The footnote or endnote this paragraph belongs to.
    note: Option<String>,
    /// Footnote and endnote ids referenced from this paragraph.
    note_refs: Vec<String>,
    run: Option<RunState>,
    in_ppr: bool,
}

#[derive(Debug)]
struct RunState {
    start: usize,
    first_child: usize,
    rpr_start: Option<usize>,
    rpr: Option<std::ops::Range<usize>>,
    hidden: bool,
    /// Index into the part's runs once the run holds text.
    index: Option<usize>,
    /// The `w:t` being read: (start tag, preserve).
    text: Option<(std::ops::Range<usize>, bool)>,
    in_rpr: bool,
}

/// A part's paragraphs, in document order.
#[derive(Debug, Default)]
struct ParsedPart {
    w_prefix: String,
    runs: Vec<RunInfo>,
    texts: Vec<TextElement>,
    paragraphs: Vec<ParaBuilder>,
    kind: Option<PartKind>,
    levels: Vec<Option<u8>>,
}

fn is_on(value: Option<String>) -> bool {
    value.is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

fn parse_part(
    xml: &str,
    part: &str,
    kind: PartKind,
    styles: &Styles,
) -> Result<ParsedPart, DocxError> {
    let mut reader = NsReader::from_str(xml);
    let mut out = ParsedPart {
        kind: Some(kind),
        ..ParsedPart::default()
    };
    // Open paragraphs, innermost last: (slot in out.paragraphs, builder).
    let mut stack: Vec<(usize, ParaBuilder)> = Vec::new();
    let mut note: Option<String> = None;
    let mut prefix_known = false;
    let err =
        |reader: &NsReader<&[u8]>, e: quick_xml::Error| xml_error(part, reader.error_position(), e);

    loop {
        let before = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (
                match ns {
                    ResolveResult::Bound(Namespace(n)) if n == W_NS => Ns::W,
                    ResolveResult::Bound(Namespace(n)) if n == MC_NS => Ns::Mc,
                    _ => Ns::Other,
                },
                event,
            ),
            Err(e) => return Err(err(&reader, e)),
        };
        let after = reader.buffer_position() as usize;
        let (event, empty) = match event {
            Event::Empty(e) => (Event::Start(e), true),
            other => (other, false),
        };
        match event {
            Event::Start(e) => {
                if ns == Ns::W && !prefix_known {
                    out.w_prefix = e
                        .name()
                        .prefix()
                        .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned())
                        .unwrap_or_default();
                    prefix_known = true;
                }
                if ns == Ns::Mc && e.local_name().as_ref() == b"Fallback" && !empty {
                    // The same content again for old readers (a text box as VML).
                    reader.read_to_end(e.name()).map_err(|x| err(&reader, x))?;
                    continue;
                }
                if ns != Ns::W {
                    continue;
                }
                let local = e.local_name();
                let local = local.as_ref();
                match local {
                    b"p" => {
                        if empty {
                            out.paragraphs.push(ParaBuilder {
                                note: note.clone(),
                                ..ParaBuilder::default()
                            });
                            continue;
                        }
                        if stack.len() >= MAX_NESTING {
                            return Err(DocxError::TooLarge(format!(
                                "{part} nests paragraphs more than {MAX_NESTING} deep"
                            )));
                        }
                        stack.push((
                            out.paragraphs.len(),
                            ParaBuilder {
                                note: note.clone(),
                                ..ParaBuilder::default()
                            },
                        ));
                        out.paragraphs.push(ParaBuilder::default());
                    }
                    b"footnote" | b"endnote" if kind == PartKind::Notes => {
                        let separator = w_attr(&e, b"type").is_some_and(|t| {
                            matches!(
                                t.as_str(),
                                "separator" | "continuationSeparator" | "continuationNotice"
                            )
                        });
                        if separator && !empty {
                            reader.read_to_end(e.name()).map_err(|x| err(&reader, x))?;
                            continue;
                        }
                        note = w_attr(&e, b"id").map(|id| format!("{}:{id}", local[0] as char));
                    }
                    // Deleted and moved-away text, field codes: not text.
                    b"del" | b"moveFrom" | b"instrText" | b"delText" | b"delInstrText"
                    | b"pPrChange" | b"rPrChange" | b"sectPrChange" => {
                        if !empty {
                            reader.read_to_end(e.name()).map_err(|x| err(&reader, x))?;
                        }
                    }
                    _ => {
                        let Some((_, para)) = stack.last_mut() else {
                            continue;
                        };
                        on_start_in_paragraph(para, &mut out, &e, local, empty, before, after);
                        if local == b"t" && !empty {
                            let hidden = para.run.as_ref().is_none_or(|r| r.hidden);
                            if hidden {
                                reader.read_to_end(e.name()).map_err(|x| err(&reader, x))?;
                            }
                        }
                    }
                }
            }
            Event::End(e) => {
                if ns != Ns::W {
                    continue;
                }
                let local = e.local_name();
                match local.as_ref() {
                    b"p" => {
                        if let Some((slot, para)) = stack.pop() {
                            out.paragraphs[slot] = para;
                        }
                    }
                    b"footnote" | b"endnote" => note = None,
                    other => {
                        if let Some((_, para)) = stack.last_mut() {
                            on_end_in_paragraph(para, &mut out, other, before, after);
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, para)) = stack.last_mut() {
                    if para.run.as_ref().is_some_and(|r| r.text.is_some()) {
                        let raw = &xml[before..after];
                        debug_assert_eq!(raw.as_bytes(), &*t);
                        push_text(para, &out, raw, before..after, false);
                    }
                }
            }
            Event::CData(_) => {
                if let Some((_, para)) = stack.last_mut() {
                    if para.run.as_ref().is_some_and(|r| r.text.is_some()) {
                        // `<![CDATA[` … `]]>`
                        let range = before + 9..after.saturating_sub(3).max(before + 9);
                        push_text(para, &out, &xml[range.clone()], range, false);
                    }
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, para)) = stack.last_mut() {
                    if para.run.as_ref().is_some_and(|r| r.text.is_some()) {
                        let c = resolve_reference(&r);
                        let mut buf = [0u8; 4];
                        push_text(para, &out, c.encode_utf8(&mut buf), before..after, true);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.levels = out
        .paragraphs
        .iter()
        .map(|p| {
            if kind != PartKind::Body {
                return None;
            }
            let level = match p.outline {
                Some(o) => outline_level(o),
                None => p.style.as_deref().and_then(|s| styles.level(s)),
            };
            level.filter(|&l| l <= MAX_HEADING_LEVEL && !p.text.trim().is_empty())
        })
        .collect();
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> char {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c;
    }
    match &**r {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        _ => '\u{fffd}',
    }
}

/// Appends text read from a `w:t` to the paragraph, with its segment.
fn push_text(
    para: &mut ParaBuilder,
    out: &ParsedPart,
    text: &str,
    raw: std::ops::Range<usize>,
    reference: bool,
) {
    if text.is_empty() {
        return;
    }
    let start = para.text.len();
    para.text.extend(text.chars().map(virtual_char));
    para.segments.push(Segment {
        virt: start..para.text.len(),
        raw,
        // The w:t is pushed to `out.texts` when it closes: its index is the
        // current length.
        text: out.texts.len(),
        reference,
    });
}

fn on_start_in_paragraph(
    para: &mut ParaBuilder,
    out: &mut ParsedPart,
    e: &BytesStart<'_>,
    local: &[u8],
    empty: bool,
    before: usize,
    after: usize,
) {
    if para.in_ppr {
        match local {
            b"pStyle" => para.style = w_attr(e, b"val"),
            b"outlineLvl" => para.outline = w_attr(e, b"val").and_then(|v| v.parse().ok()),
            _ => {}
        }
        return;
    }
    if let Some(run) = para.run.as_mut() {
        if run.in_rpr {
            if matches!(local, b"vanish" | b"specVanish") && is_on(w_attr(e, b"val")) {
                run.hidden = true;
            }
            return;
        }
        match local {
            b"rPr" => {
                if empty {
                    run.rpr = Some(before..after);
                    run.first_child = after;
                } else {
                    run.rpr_start = Some(before);
                    run.in_rpr = true;
                }
            }
            b"t" if !empty && !run.hidden => {
                let preserve = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.as_ref() == b"xml:space" && a.value.as_ref() == b"preserve");
                if run.index.is_none() {
                    run.index = Some(out.runs.len());
                    out.runs.push(RunInfo {
                        start: run.start,
                        end: 0,
                        close: 0,
                        first_child: run.first_child,
                        rpr: run.rpr.clone(),
                    });
                }
                run.text = Some((before..after, preserve));
            }
            b"tab" | b"ptab" if !run.hidden => para.text.push('\t'),
            b"br" | b"cr" if !run.hidden => para.text.push(' '),
            b"noBreakHyphen" if !run.hidden => para.text.push('-'),
            b"footnoteReference" | b"endnoteReference" => {
                if let Some(id) = w_attr(e, b"id") {
                    para.note_refs.push(format!("{}:{id}", local[0] as char));
                }
            }
            _ => {}
        }
        return;
    }
    match local {
        b"pPr" if !empty => para.in_ppr = true,
        b"r" if !empty => {
            para.run = Some(RunState {
                start: before,
                first_child: after,
                rpr_start: None,
                rpr: None,
                hidden: false,
                index: None,
                text: None,
                in_rpr: false,
            });
        }
        _ => {}
    }
}

fn on_end_in_paragraph(
    para: &mut ParaBuilder,
    out: &mut ParsedPart,
    local: &[u8],
    before: usize,
    after: usize,
) {
    match local {
        b"pPr" if para.in_ppr => para.in_ppr = false,
        b"rPr" => {
            if let Some(run) = para.run.as_mut() {
                if run.in_rpr {
                    run.in_rpr = false;
                    run.rpr = run.rpr_start.map(|s| s..after);
                    run.first_child = after;
                }
            }
        }
        b"t" => {
            if let Some(run) = para.run.as_mut() {
                if let (Some((start_tag, preserve)), Some(index)) = (run.text.take(), run.index) {
                    let content = start_tag.end..before;
                    out.texts.push(TextElement {
                        start_tag,
                        content,
                        end: after,
                        preserve,
                        run: index,
                    });
                }
            }
        }
        b"r" => {
            if let Some(run) = para.run.take() {
                if let Some(index) = run.index {
                    out.runs[index].end = after;
                    out.runs[index].close = before;
                }
            }
        }
        _ => {}
    }
}

/// Joins the parts' paragraphs into the virtual text and layout.
#[derive(Default)]
struct LayoutBuilder {
    text: String,
    layout: DocxLayout,
    /// Heading index for each footnote/endnote id referenced from the body.
    note_headings: HashMap<String, usize>,
}

impl LayoutBuilder {
    fn add_part(&mut self, name: String, parsed: ParsedPart) {
        let part_index = self.layout.parts.len();
        let mut heading: Option<usize> = None;
        for (number, (para, level)) in parsed
            .paragraphs
            .into_iter()
            .zip(parsed.levels.iter().copied())
            .enumerate()
        {
            if !self.layout.paragraphs.is_empty() {
                self.text.push('\n');
            }
            let start = self.text.len();
            let index = self.layout.paragraphs.len();
            if let Some(level) = level {
                self.layout.headings.push(DocxHeading {
                    paragraph: index,
                    level,
                    title: para.text.split_whitespace().collect::<Vec<_>>().join(" "),
                });
                heading = Some(self.layout.headings.len() - 1);
            }
            let this_heading = match parsed.kind {
                Some(PartKind::Body) => heading,
                Some(PartKind::Notes) => para
                    .note
                    .as_ref()
                    .and_then(|n| self.note_headings.get(n).copied()),
                _ => None,
            };
            if parsed.kind == Some(PartKind::Body) {
                for id in &para.note_refs {
                    if let Some(h) = heading {
                        self.note_headings.entry(id.clone()).or_insert(h);
                    }
                }
            }
            self.text.push_str(&para.text);
            self.layout
                .segments
                .extend(para.segments.into_iter().map(|mut s| {
                    s.virt = s.virt.start + start..s.virt.end + start;
                    s
                }));
            self.layout.paragraphs.push(Paragraph {
                part: part_index,
                number: number + 1,
                heading: this_heading,
                start,
            });
        }
        self.layout.parts.push(Part {
            name,
            w_prefix: parsed.w_prefix,
            runs: parsed.runs,
            texts: parsed.texts,
        });
    }

    fn finish(self) -> (String, DocxLayout) {
        (self.text, self.layout)
    }
}
