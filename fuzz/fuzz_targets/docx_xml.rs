//! Word documents from fuzzed XML: the input is the body of
//! `word/document.xml` (the first byte picks extra parts), zipped into a
//! valid package, so the fuzzer works on the XML reader and the annotator
//! rather than on zip headers.
#![no_main]

use std::io::{Cursor, Write};

use dejargon::document::{Document, DocumentError};
use dejargon::docx::Limits;
use dejargon_fuzz::{check_docx, MINI};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

fn package(body: &str, extra: u8) -> Vec<u8> {
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut overrides = format!(
        r#"<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>"#
    );
    let mut rels = String::from(
        r#"<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/" TargetMode="External"/>"#,
    );
    let para =
        |text: &str| format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#);
    if extra & 1 != 0 {
        overrides.push_str(&format!(
            r#"<Override PartName="/word/footnotes.xml" ContentType="{CT}.footnotes+xml"/>"#
        ));
        rels.push_str(r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
        parts.push((
            "word/footnotes.xml".into(),
            format!(
                r#"<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1">{}</w:footnote></w:footnotes>"#,
                para("The IDC note.")
            ),
        ));
    }
    if extra & 2 != 0 {
        overrides.push_str(&format!(
            r#"<Override PartName="/word/comments.xml" ContentType="{CT}.comments+xml"/>"#
        ));
        rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#);
        parts.push((
            "word/comments.xml".into(),
            format!(
                r#"<w:comments xmlns:w="{W_NS}"><w:comment w:id="7" w:author="A">{}</w:comment></w:comments>"#,
                para("An old comment.")
            ),
        ));
    }
    if extra & 4 != 0 {
        overrides.push_str(&format!(
            r#"<Override PartName="/word/header1.xml" ContentType="{CT}.header+xml"/>"#
        ));
        rels.push_str(r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
        parts.push((
            "word/header1.xml".into(),
            format!(
                r#"<w:hdr xmlns:w="{W_NS}">{}</w:hdr>"#,
                para("Header with ERP")
            ),
        ));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable=""><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    parts.push(("word/document.xml".into(), document));
    parts.push((
        "[Content_Types].xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#
        ),
    ));
    parts.push((
        "_rels/.rels".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/></Relationships>"#
        ),
    ));
    parts.push((
        "word/_rels/document.xml.rels".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    ));
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, xml) in &parts {
        writer
            .start_file(
                name.as_str(),
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
            )
            .unwrap();
        writer.write_all(xml.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&extra, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let bytes = package(body, extra);
    match Document::from_docx("fuzz.docx", &bytes, &Limits::default()) {
        Ok(doc) => check_docx(&MINI, &bytes, &doc),
        Err(DocumentError::Failed(message) | DocumentError::Skipped(message)) => {
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{message:?}"
            );
        }
    }
});
