//! HTML: prose is the visible text between tags. Tags and their attributes,
//! comments, doctype, processing instructions, character references, and the
//! contents of `script`, `style`, `code`, `pre`, `kbd`, `samp`, `template` and
//! `noscript` are not.
//!
//! Why a small hand-written tokenizer and not an HTML parser crate: the prose
//! view must keep every byte where it is in the file, and the parsers we know
//! (html5ever, scraper, tl) build a tree of decoded text with no source
//! offsets. Masking only needs to know where each tag starts and ends, which a
//! tokenizer that honours quoted attribute values and the raw-text elements
//! (`script`, `style`) gets right; text positions then map back to the file
//! for free, as for every other format.

use super::{Comment, Heading, Masker, Prose};

/// Elements whose content is code or machinery, not prose.
const OPAQUE: [&str; 8] = [
    "script", "style", "code", "pre", "kbd", "samp", "template", "noscript",
];

/// Elements whose content is not parsed as markup at all (the HTML "raw
/// text" elements): the first `</name` closes them.
const RAW_TEXT: [&str; 3] = ["script", "style", "textarea"];

/// Extracts the prose of an HTML document.
pub fn extract(text: &str) -> Prose {
    let bytes = text.as_bytes();
    let mut masker = Masker::blank_all(text);
    let mut comments = Vec::new();
    let mut headings = Vec::new();
    // Open opaque elements, innermost last.
    let mut opaque: Vec<String> = Vec::new();
    // An open heading: (level, start offset, title so far).
    let mut heading: Option<Heading> = None;
    let mut i = 0;
    let mut text_start = 0;
    let keep_text = |range: std::ops::Range<usize>,
                     opaque: &[String],
                     heading: &mut Option<Heading>,
                     masker: &mut Masker<'_>| {
        if range.is_empty() || !opaque.is_empty() {
            return;
        }
        masker.keep(range.clone());
        if let Some(h) = heading.as_mut() {
            h.title.push_str(&text[range]);
        }
    };

    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += memchr::memchr(b'<', &bytes[i..]).unwrap_or(bytes.len() - i);
            continue;
        }
        let Some(tag) = scan_markup(text, i) else {
            // A lone `<` ("a < b") is text.
            i += 1;
            continue;
        };
        keep_text(text_start..i, &opaque, &mut heading, &mut masker);
        match tag.kind {
            TagKind::Comment { body } => comments.push(Comment {
                span: i..tag.end,
                body: text[body].trim().to_string(),
            }),
            TagKind::Other => {}
            TagKind::Start {
                ref name,
                self_closing,
            } => {
                if let Some(level) = heading_level(name) {
                    heading = Some(Heading {
                        offset: i,
                        level,
                        title: String::new(),
                    });
                }
                if !self_closing && RAW_TEXT.contains(&name.as_str()) {
                    // Skip to the closing tag without looking at what is inside.
                    let close = find_closing(text, tag.end, name);
                    if OPAQUE.contains(&name.as_str()) {
                        i = close;
                        text_start = close;
                        continue;
                    }
                    // textarea: its content is visible text, but never markup.
                    keep_text(tag.end..close, &opaque, &mut heading, &mut masker);
                    i = close;
                    text_start = close;
                    continue;
                }
                if !self_closing && OPAQUE.contains(&name.as_str()) {
                    opaque.push(name.clone());
                }
            }
            TagKind::End { ref name } => {
                if let Some(pos) = opaque.iter().rposition(|n| n == name) {
                    opaque.truncate(pos);
                }
                if heading_level(name).is_some() {
                    if let Some(mut h) = heading.take() {
                        h.title = h.title.split_whitespace().collect::<Vec<_>>().join(" ");
                        headings.push(h);
                    }
                }
            }
        }
        i = tag.end;
        text_start = i;
    }
    keep_text(text_start..bytes.len(), &opaque, &mut heading, &mut masker);
    masker.blank_char_references();
    masker.blank_urls_and_emails();
    Prose {
        masked: masker.finish(),
        headings,
        comments,
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum TagKind {
    Start {
        name: String,
        self_closing: bool,
    },
    End {
        name: String,
    },
    Comment {
        body: std::ops::Range<usize>,
    },
    /// Doctype, processing instruction, CDATA section.
    Other,
}

#[derive(Debug, PartialEq, Eq)]
struct Markup {
    kind: TagKind,
    /// Offset just after the markup.
    end: usize,
}

/// Reads the markup that starts with the `<` at `at`, or `None` if the `<` does
/// not start markup. Unterminated markup runs to the end of the text.
fn scan_markup(text: &str, at: usize) -> Option<Markup> {
    let bytes = text.as_bytes();
    let rest = &text[at..];
    let find_from = |from: usize, needle: &str| {
        text[from..]
            .find(needle)
            .map_or(text.len(), |p| from + p + needle.len())
    };
    if rest.starts_with("<!--") {
        let body_start = at + 4;
        let end = find_from(body_start, "-->");
        let body_end = if end == text.len() && !text.ends_with("-->") {
            end
        } else {
            end - 3
        };
        return Some(Markup {
            kind: TagKind::Comment {
                body: body_start..body_end.max(body_start),
            },
            end,
        });
    }
    if rest.starts_with("<![CDATA[") {
        return Some(Markup {
            kind: TagKind::Other,
            end: find_from(at + 9, "]]>"),
        });
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return Some(Markup {
            kind: TagKind::Other,
            end: find_from(at + 2, ">"),
        });
    }
    let (closing, name_start) = if rest.starts_with("</") {
        (true, at + 2)
    } else {
        (false, at + 1)
    };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut name_end = name_start;
    while name_end < bytes.len()
        && !bytes[name_end].is_ascii_whitespace()
        && !matches!(bytes[name_end], b'>' | b'/')
    {
        name_end += 1;
    }
    let name = text[name_start..name_end].to_ascii_lowercase();
    // Attributes: a `>` inside a quoted value does not end the tag.
    let mut j = name_end;
    let mut quote: Option<u8> = None;
    let mut last_significant = 0u8;
    while j < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'>' => break,
                _ => {}
            },
        }
        if !b.is_ascii_whitespace() {
            last_significant = b;
        }
        j += 1;
    }
    let end = (j + 1).min(bytes.len());
    let kind = if closing {
        TagKind::End { name }
    } else {
        TagKind::Start {
            name,
            self_closing: last_significant == b'/',
        }
    };
    Some(Markup { kind, end })
}

/// The offset of the `</name` that closes a raw-text element whose content
/// starts at `from`, or the end of the text.
fn find_closing(text: &str, from: usize, name: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(p) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + p;
        let after = lt + 2;
        if bytes.get(lt + 1) == Some(&b'/')
            && bytes
                .get(after..after + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(after + name.len())
                .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        {
            return lt;
        }
        at = lt + 1;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept_words(text: &str) -> Vec<String> {
        let prose = extract(text);
        assert_eq!(prose.masked.len(), text.len());
        prose
            .masked
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn tags_and_attributes_are_not_prose() {
        assert_eq!(
            kept_words(r#"<p class="API" title='IDC > ERP'>We moved the <b>ERP</b>.</p>"#),
            vec!["We", "moved", "the", "ERP", "."]
        );
        assert_eq!(
            kept_words(r#"<img alt="SaaS chart" src="x.png"/> done"#),
            vec!["done"]
        );
    }

    #[test]
    fn script_style_code_pre_and_friends_are_not_prose() {
        let html = "<script>var s = '</div> API';</script>\
                    <style>.IDC { color: red }</style>\
                    <p>Use <code>ERP</code> and <pre><code>CRM\n</code> SaaS</pre> ok</p>\
                    <template><p>API</p></template><noscript>IDC</noscript>\
                    <kbd>ERP</kbd><samp>CRM</samp> end";
        assert_eq!(kept_words(html), vec!["Use", "and", "ok", "end"]);
    }

    #[test]
    fn uppercase_tags_and_unclosed_raw_text_are_handled() {
        assert_eq!(
            kept_words("<SCRIPT>API</Script > after <PRE>IDC</PRE> x"),
            vec!["after", "x"]
        );
        assert_eq!(kept_words("before <script>API and IDC"), vec!["before"]);
    }

    #[test]
    fn comments_are_blanked_and_collected() {
        let p = extract("<!-- dejargon-disable API --><p>text <!--IDC--></p>");
        assert_eq!(p.masked.split_whitespace().collect::<Vec<_>>(), ["text"]);
        let bodies: Vec<&str> = p.comments.iter().map(|c| c.body.as_str()).collect();
        assert_eq!(bodies, ["dejargon-disable API", "IDC"]);
        assert_eq!(p.comments[0].span, 0..29);
    }

    #[test]
    fn doctype_entities_and_lone_angle_brackets() {
        assert_eq!(
            kept_words("<!DOCTYPE html><p>R&amp;D&nbsp;grew &#8212; 3 < 4</p>"),
            vec!["R", "D", "grew", "3", "<", "4"]
        );
    }

    #[test]
    fn positions_map_back_to_the_file() {
        let html =
            "<html>\n<body>\n  <h2 id=\"x\">Our <em>ERP</em> plan</h2>\n  <p>We use the API.</p>\n";
        let prose = extract(html);
        for needle in ["ERP", "API", "plan"] {
            let at = html.find(needle).unwrap();
            assert_eq!(&prose.masked[at..at + needle.len()], needle);
        }
        assert_eq!(prose.headings.len(), 1);
        assert_eq!(prose.headings[0].level, 2);
        assert_eq!(prose.headings[0].title, "Our ERP plan");
        assert_eq!(prose.headings[0].offset, html.find("<h2").unwrap());
    }

    #[test]
    fn textarea_content_is_text_not_markup() {
        assert_eq!(
            kept_words("<textarea><b>API</b></textarea>x"),
            vec!["<b>API</b>", "x"]
        );
    }
}
