//! Markdown: prose is the text of paragraphs, headings, lists, tables, block
//! quotes, footnotes and image alt text. Code (fenced, indented, inline), HTML,
//! link destinations, autolinks, bare URLs, front matter, math and Hugo
//! shortcodes are not.
//!
//! pulldown-cmark reports a source range for every event; only `Text` events
//! outside code and metadata are copied into the prose view, so everything
//! else is blanked by construction rather than by a list of exceptions.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Comment, Heading, Masker, Prose};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_MATH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Extracts the prose of a Markdown document.
pub fn extract(text: &str) -> Prose {
    let mut masker = Masker::blank_all(text);
    let mut headings = Vec::new();
    let mut comments = Vec::new();
    // Depth of constructs whose text is not prose (code blocks, front matter,
    // autolinks whose text is the URL itself).
    let mut opaque_depth = 0usize;
    let mut heading: Option<Heading> = None;

    // The parser would read a byte-order mark as text and miss a heading on
    // line 1, so it sees the text after it; ranges are shifted back.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    for (event, range) in Parser::new_ext(&text[bom..], options()).into_offset_iter() {
        let range = range.start + bom..range.end + bom;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => opaque_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                opaque_depth = opaque_depth.saturating_sub(1)
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => opaque_depth += 1,
            Event::End(TagEnd::Link) if opaque_depth > 0 => {
                // Only autolinks raise the depth inside prose; code blocks cannot
                // contain links, so a link end inside opaque text closes an autolink.
                opaque_depth -= 1
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(Heading {
                    offset: range.start,
                    level: level as u8,
                    title: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = heading.take() {
                    h.title = h.title.trim().to_string();
                    headings.push(h);
                }
            }
            Event::Text(content) if opaque_depth == 0 => {
                masker.keep(range);
                if let Some(h) = heading.as_mut() {
                    h.title.push_str(&content);
                }
            }
            Event::Code(content) => {
                if let Some(h) = heading.as_mut() {
                    h.title.push_str(&content);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                collect_comments(&html, range.start, text, &mut comments);
            }
            _ => {}
        }
    }
    masker.blank_urls_and_emails();
    masker.blank_templates();
    Prose {
        masked: masker.finish(),
        headings,
        comments,
    }
}

/// Finds `<!-- … -->` comments in an HTML event that starts at `offset`.
fn collect_comments(html: &str, offset: usize, source: &str, out: &mut Vec<Comment>) {
    // The event text is a slice of the source for HTML, so offsets line up; check.
    if source.get(offset..offset + html.len()) != Some(html) {
        return;
    }
    let mut rest = 0;
    while let Some(open) = html[rest..].find("<!--") {
        let start = rest + open;
        let Some(close) = html[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        out.push(Comment {
            span: offset + start..offset + end,
            body: html[start + 4..end - 3].trim().to_string(),
        });
        rest = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> String {
        extract(text).masked
    }

    fn kept_words(text: &str) -> Vec<String> {
        prose(text).split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn fenced_and_indented_code_are_not_prose() {
        assert_eq!(
            kept_words("Text\n\n```\nAPI call\n```\n\n    IDC code\n"),
            vec!["Text"]
        );
    }

    #[test]
    fn inline_code_html_and_link_destinations_are_not_prose() {
        assert_eq!(
            kept_words("Use `API` and <b>IDC</b> [the docs](https://x.io/API)."),
            vec!["Use", "and", "IDC", "the", "docs", "."]
        );
        assert_eq!(kept_words("<div>\nAPI\n</div>\n"), Vec::<String>::new());
    }

    #[test]
    fn autolinks_bare_urls_and_emails_are_not_prose() {
        assert_eq!(
            kept_words("See <https://x.io/API> or https://y.io/IDC or a@b.com ok"),
            vec!["See", "or", "or", "ok"]
        );
    }

    #[test]
    fn front_matter_shortcodes_and_math_are_not_prose() {
        assert_eq!(
            kept_words("---\ntitle: API\n---\n\nBody {{< ref \"IDC\" >}} and $ERP$.\n"),
            vec!["Body", "and", "."]
        );
        assert_eq!(
            kept_words("+++\ntitle = \"API\"\n+++\n\nBody\n"),
            vec!["Body"]
        );
        // Template expressions, tags and comments, in a table cell too.
        assert_eq!(
            kept_words("| Go | {{ $data.kotlin.status }} |\n|---|---|\n\n{% include api.html %}\n\n{{/*\nFIXME: OTLP\n*/}} End\n"),
            vec!["Go", "End"]
        );
    }

    #[test]
    fn tables_quotes_lists_and_alt_text_are_prose() {
        let words = kept_words(
            "| a | API |\n|---|---|\n| IDC | b |\n\n> ERP\n\n- CRM\n\n![SaaS chart](x.png)\n",
        );
        for w in ["API", "IDC", "ERP", "CRM", "SaaS", "chart"] {
            assert!(words.iter().any(|k| k == w), "{w} missing from {words:?}");
        }
        assert!(!words.iter().any(|k| k.contains("png")));
    }

    #[test]
    fn offsets_are_preserved() {
        let text = "# Title\n\nWe use the **API** here.\n";
        let masked = prose(text);
        assert_eq!(masked.len(), text.len());
        let at = text.find("API").unwrap();
        assert_eq!(&masked[at..at + 3], "API");
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_first_heading() {
        let text = "\u{feff}# Plan for IDC\n\nBody `code`.\n";
        let p = extract(text);
        assert_eq!(p.headings.len(), 1);
        assert_eq!(p.headings[0].offset, 3);
        let at = text.find("IDC").unwrap();
        assert_eq!(&p.masked[at..at + 3], "IDC");
        assert!(!p.masked.contains("code"));
    }

    #[test]
    fn headings_and_comments_are_collected() {
        let p = extract("# Plan for `ERP`\n\n<!-- dejargon-disable API -->\ntext\n");
        assert_eq!(p.headings.len(), 1);
        assert_eq!(p.headings[0].title, "Plan for ERP");
        assert_eq!(p.comments.len(), 1);
        assert_eq!(p.comments[0].body, "dejargon-disable API");
    }
}
