//! The zip container of a .docx, opened with limits, and its relationships.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use super::{DocxError, REL_OFFICE_DOCUMENT};

/// The start of an OLE compound file (Word 97–2003, and encrypted .docx).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Bounds on what a .docx may make us decompress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Zip entries in the archive.
    pub max_entries: usize,
    /// Decompressed bytes of one XML part.
    pub max_part_size: u64,
    /// Decompressed bytes of all parts read together.
    pub max_total_size: u64,
}

impl Default for Limits {
    /// Far above any real document (a 500-page report's `document.xml` is
    /// about 10 MB), far below what hurts a machine.
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_part_size: 64 * 1024 * 1024,
            max_total_size: 256 * 1024 * 1024,
        }
    }
}

/// An opened .docx archive.
pub(crate) struct Package<'a> {
    pub archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Decompressed bytes read so far.
    total: u64,
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relationship {
    pub id: String,
    pub kind: String,
    /// The target as a zip entry name (resolved against the source part).
    pub target: String,
    pub external: bool,
}

/// Recognises what the bytes are before trying to unzip them, for a clear
/// error: an encrypted document, an old binary Word file, or not a zip.
fn sniff(bytes: &[u8]) -> Result<(), DocxError> {
    if bytes.starts_with(&OLE_MAGIC) {
        // An encrypted OOXML package is an OLE file with an "EncryptedPackage"
        // stream; the directory stores stream names in UTF-16LE.
        let needle: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        return Err(if memchr::memmem::find(bytes, &needle).is_some() {
            DocxError::Encrypted
        } else {
            DocxError::LegacyBinary
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(DocxError::NotZip);
    }
    Ok(())
}

fn zip_error(err: ZipError) -> DocxError {
    match err {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => DocxError::Encrypted,
        ZipError::Io(e) => DocxError::Corrupt(e.to_string()),
        other => DocxError::Corrupt(other.to_string()),
    }
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Package<'a>, DocxError> {
        sniff(bytes)?;
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if archive.len() > limits.max_entries {
            return Err(DocxError::TooLarge(format!(
                "{} zip entries, more than the limit of {}",
                archive.len(),
                limits.max_entries
            )));
        }
        Ok(Package {
            archive,
            limits,
            total: 0,
        })
    }

    pub fn contains(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Reads a part as UTF-8 text, within the limits. `None` if there is no
    /// such entry.
    pub fn read_part(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let limit = self
            .limits
            .max_part_size
            .min(self.limits.max_total_size.saturating_sub(self.total));
        let mut entry = self.archive.by_index(index).map_err(zip_error)?;
        // The header's claim is checked first, and then the real output, in
        // case the header lies.
        if entry.size() > limit {
            return Err(DocxError::TooLarge(format!(
                "{name} would expand to {}, more than the limit of {} (a zip bomb?)",
                describe_size(entry.size()),
                describe_size(limit)
            )));
        }
        let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| DocxError::Corrupt(format!("{name}: {err}")))?;
        if bytes.len() as u64 > limit {
            return Err(DocxError::TooLarge(format!(
                "{name} expands to more than the limit of {} (a zip bomb?)",
                describe_size(limit)
            )));
        }
        self.total += bytes.len() as u64;
        let text = String::from_utf8(bytes).map_err(|err| DocxError::Xml {
            part: name.to_string(),
            message: format!("not UTF-8 at byte {}", err.utf8_error().valid_up_to()),
        })?;
        Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }

    /// The relationships of `part` (from `dir/_rels/name.rels`); empty if it
    /// has none.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, DocxError> {
        let rels_name = rels_name_for(part);
        let Some(xml) = self.read_part(&rels_name)? else {
            return Ok(Vec::new());
        };
        parse_relationships(&xml, &rels_name, part)
    }

    /// The main document part: the target of the package's officeDocument
    /// relationship, or `word/document.xml`.
    pub fn main_document(&mut self) -> Result<String, DocxError> {
        let rels = self.relationships("")?;
        let name = rels
            .iter()
            .find(|r| r.kind == REL_OFFICE_DOCUMENT && !r.external)
            .map_or_else(|| "word/document.xml".to_string(), |r| r.target.clone());
        if name.starts_with("xl/") {
            return Err(DocxError::NotWord(
                "it is an Excel workbook renamed .docx".to_string(),
            ));
        }
        if name.starts_with("ppt/") {
            return Err(DocxError::NotWord(
                "it is a PowerPoint presentation renamed .docx".to_string(),
            ));
        }
        if !self.contains(&name) {
            return Err(DocxError::NotWord(format!("the zip archive has no {name}")));
        }
        Ok(name)
    }
}

/// `word/document.xml` -> `word/_rels/document.xml.rels`; `""` (the package)
/// -> `_rels/.rels`.
pub(crate) fn rels_name_for(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against the part that holds it.
pub(crate) fn resolve_target(source_part: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return normalize(absolute.split('/').collect());
    } else {
        match source_part.rsplit_once('/') {
            Some((dir, _)) => dir.split('/').collect(),
            None => Vec::new(),
        }
    };
    segments.extend(target.split('/'));
    normalize(segments)
}

fn normalize(segments: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for s in segments {
        match s {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn attr_value(e: &quick_xml::events::BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

pub(crate) fn parse_relationships(
    xml: &str,
    rels_name: &str,
    source_part: &str,
) -> Result<Vec<Relationship>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let external = attr_value(&e, b"TargetMode").is_some_and(|m| m == "External");
                let target = attr_value(&e, b"Target").unwrap_or_default();
                out.push(Relationship {
                    id: attr_value(&e, b"Id").unwrap_or_default(),
                    kind: attr_value(&e, b"Type").unwrap_or_default(),
                    target: if external {
                        target
                    } else {
                        resolve_target(source_part, &target)
                    },
                    external,
                });
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => {
                return Err(DocxError::Xml {
                    part: rels_name.to_string(),
                    message: err.to_string(),
                })
            }
        }
    }
    Ok(out)
}

/// A size for people: "64 MiB", "1.5 KiB", "12 bytes".
pub(crate) fn describe_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64).replace(".0 ", " ")
    } else if bytes >= KIB {
        format!("{:.1} KiB", bytes as f64 / KIB as f64).replace(".0 ", " ")
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_part() {
        assert_eq!(
            resolve_target("word/document.xml", "header1.xml"),
            "word/header1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("word/document.xml", "/word/styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(
            rels_name_for("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_name_for(""), "_rels/.rels");
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(describe_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(describe_size(1536), "1.5 KiB");
        assert_eq!(describe_size(12), "12 bytes");
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut encrypted = OLE_MAGIC.to_vec();
        encrypted.extend(vec![0u8; 100]);
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&encrypted), Err(DocxError::Encrypted));
        let mut legacy = OLE_MAGIC.to_vec();
        legacy.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&legacy), Err(DocxError::LegacyBinary));
        assert_eq!(sniff(b"Hello, world"), Err(DocxError::NotZip));
    }
}
