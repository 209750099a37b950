//! Helpers shared by the integration tests: a linter on the small test
//! dictionary, and a builder that zips XML parts into a .docx.

#![allow(dead_code)]

use std::io::{Cursor, Write};

use dejargon::{CommonAcronyms, Dictionary, LintOptions, Linter};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A linter with only `tests/fixtures/dict/mini-en.json`.
pub fn mini_linter() -> Linter {
    let mut dictionary = Dictionary::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dict/mini-en.json"
    ))
    .unwrap();
    dictionary.add_json("mini-en.json", &text).unwrap();
    Linter::new(
        dictionary,
        CommonAcronyms::builtin(),
        LintOptions::default(),
    )
}

/// Wraps body XML in a `w:document` with the namespaces Word declares.
pub fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" mc:Ignorable="wps"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// Wraps XML in a root element of the WordprocessingML namespace.
pub fn part(root: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{root} xmlns:w="{W_NS}">{inner}</w:{root}>"#
    )
}

/// A paragraph with one plain run.
pub fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn relationship_type(name: &str) -> Option<&'static str> {
    let file = name.strip_prefix("word/")?;
    let kind = if file == "styles.xml" {
        "styles"
    } else if file.starts_with("header") {
        "header"
    } else if file.starts_with("footer") {
        "footer"
    } else if file == "footnotes.xml" {
        "footnotes"
    } else if file == "endnotes.xml" {
        "endnotes"
    } else if file == "comments.xml" {
        "comments"
    } else {
        return None;
    };
    Some(kind)
}

fn content_type(name: &str) -> String {
    let file = name.trim_start_matches("word/").trim_end_matches(".xml");
    let kind = match relationship_type(name) {
        Some(kind) => kind.to_string(),
        None if file == "document" => "document.main".to_string(),
        None => return String::new(),
    };
    format!(
        r#"<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>"#
    )
}

/// Zips the given parts into a .docx, adding `[Content_Types].xml`,
/// `_rels/.rels` and `word/_rels/document.xml.rels` unless given.
pub fn build_docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut all: Vec<(String, String)> = Vec::new();
    let has = |name: &str| parts.iter().any(|(n, _)| *n == name);
    if !has("[Content_Types].xml") {
        let overrides: String = parts.iter().map(|(n, _)| content_type(n)).collect();
        all.push((
            "[Content_Types].xml".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>{overrides}</Types>"#
            ),
        ));
    }
    if !has("_rels/.rels") {
        all.push((
            "_rels/.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                .into(),
        ));
    }
    if !has("word/_rels/document.xml.rels") {
        let rels: String = parts
            .iter()
            .filter_map(|(n, _)| Some((n, relationship_type(n)?)))
            .enumerate()
            .map(|(i, (n, kind))| {
                format!(
                    r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{}"/>"#,
                    i + 1,
                    n.trim_start_matches("word/")
                )
            })
            .collect();
        all.push((
            "word/_rels/document.xml.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/" TargetMode="External"/></Relationships>"#
            ),
        ));
    }
    for (name, xml) in parts {
        all.push((name.to_string(), xml.to_string()));
    }
    zip_entries(all.iter().map(|(n, x)| (n.as_str(), x.as_bytes())))
}

/// Zips entries (deflated) in the order given.
pub fn zip_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        writer
            .start_file(
                name,
                SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
            )
            .unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Reads one entry of a zip as text.
pub fn entry_text(zip_bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let mut entry = archive.by_name(name).ok()?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    Some(text)
}

/// The text of an XML document with every tag removed.
pub fn strip_tags(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Sets the uncompressed size that the zip headers claim for `name`.
pub fn claim_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        // Local file header, central directory header.
        let (name_len_at, name_at, size_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (i + 26, i + 30, i + 22),
            b"PK\x01\x02" => (i + 28, i + 46, i + 24),
            _ => continue,
        };
        let len = u16::from_le_bytes([zip[name_len_at], zip[name_len_at + 1]]) as usize;
        if zip.get(name_at..name_at + len) == Some(name.as_bytes()) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "local and central headers of {name}");
}
