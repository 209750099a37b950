//! The review page: one self-contained HTML file for the person who reads the
//! result rather than fixes it.
//!
//! It holds a header with the jargon density and a verdict, two bar charts
//! (findings per section, top terms), the documents with every finding
//! highlighted by severity (click or hover for the meaning and suggestions),
//! filters by severity and category, and the glossary.
//!
//! Self-contained means: CSS, script and charts (SVG) are inline, nothing has
//! an external `src` or `href`, and a Content-Security-Policy of
//! `default-src 'none'` tells the browser to refuse any request anyway. The
//! page works from a `file://` URL and as an e-mail attachment.
//!
//! Everything taken from a document or a dictionary is HTML-escaped where it
//! is inserted; finding details travel as JSON inside a
//! `<script type="application/json">` with `<`, `>` and `&` escaped, and the
//! script writes them with `textContent`, never as markup.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use crate::charclass::is_cjk;
use crate::definitions::Definition;
use crate::dictionary::{Language, Severity};
use crate::format::Prose;
use crate::glossary::Glossary;
use crate::lint::Finding;
use crate::source::SourceText;
use crate::stats::{self, DocStats, RunStats, SeverityCounts, Verdict};

/// At most this many bars in the per-section chart.
const MAX_SECTION_BARS: usize = 24;
/// Up to this many documents, the section chart groups sections under
/// document names; with more, each bar names its document.
const MAX_GROUPED_DOCUMENTS: usize = 4;
/// A section needs this many words to be named the worst (tiny ones are noise).
const WORST_SECTION_MIN_WORDS: usize = 20;

/// Escapes text for HTML content and attribute values (quoted with `"`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// JSON that is safe inside `<script type="application/json">`: no `<`, `>`
/// or `&` (so no `</script>` or `<!--`), and no U+2028/U+2029.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// 12345 -> "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Plain => "v-plain",
        Verdict::SomeJargon => "v-some",
        Verdict::Technical => "v-technical",
        Verdict::HeavyJargon => "v-heavy",
    }
}

/// One document to show on the page.
#[derive(Debug, Clone, Copy)]
pub struct PageDocument<'a> {
    /// The name shown (a path).
    pub name: &'a str,
    pub source: &'a SourceText,
    pub prose: &'a Prose,
    pub findings: &'a [Finding],
    pub definitions: &'a [Definition],
    /// Whether a single line break inside a paragraph is a soft wrap
    /// (Markdown, plain text) rather than a paragraph break (one paragraph
    /// per line, as Word text is extracted).
    pub soft_wraps: bool,
}

/// What the script shows for one highlight.
#[derive(Debug, Clone, Serialize)]
struct FindingData {
    term: String,
    matched: String,
    severity: Severity,
    category: String,
    rule: &'static str,
    message: String,
    explanation: String,
    suggestions: Vec<String>,
    defined_as: Option<String>,
    path: String,
    line: usize,
    column: usize,
}

struct DocEntry {
    name: String,
    html: String,
}

/// Builds the page document by document; [`Page::finish`] returns the HTML.
pub struct Page {
    title: String,
    documents: Vec<DocEntry>,
    stats: Vec<DocStats>,
    findings: Vec<FindingData>,
    /// (document, byte offset) of a finding -> its highlight's number.
    finding_at: HashMap<(usize, usize), usize>,
    /// First highlight of each term.
    first_of_term: HashMap<String, usize>,
    /// Findings counted in the statistics, by term and severity.
    term_severity: HashMap<String, SeverityCounts>,
    /// Highlights by severity and by category (every finding).
    severities: SeverityCounts,
    categories: BTreeMap<String, usize>,
}

impl Page {
    pub fn new(title: &str) -> Page {
        Page {
            title: title.to_string(),
            documents: Vec::new(),
            stats: Vec::new(),
            findings: Vec::new(),
            finding_at: HashMap::new(),
            first_of_term: HashMap::new(),
            term_severity: HashMap::new(),
            severities: SeverityCounts::default(),
            categories: BTreeMap::new(),
        }
    }

    /// Adds a document and its statistics (from [`DocStats::compute`]).
    pub fn add(&mut self, doc: &PageDocument<'_>, stats: DocStats) {
        let index = self.documents.len();
        let first_id = self.findings.len();
        for finding in doc.findings {
            let id = self.findings.len();
            let (line, column) = doc.source.line_column(finding.span.start);
            let defined_as = doc
                .definitions
                .iter()
                .find(|d| *d.acronym == *finding.term() || *d.acronym == *finding.matched())
                .map(|d| d.long_form.clone());
            self.findings.push(FindingData {
                term: finding.term().to_string(),
                matched: finding.matched().to_string(),
                severity: finding.severity,
                category: finding.category().to_string(),
                rule: finding.rule.as_str(),
                message: finding.message().to_string(),
                explanation: finding.explanation().to_string(),
                suggestions: finding.suggestions().to_vec(),
                defined_as,
                path: doc.name.to_string(),
                line,
                column,
            });
            self.finding_at.insert((index, finding.span.start), id);
            self.first_of_term
                .entry(finding.term().to_string())
                .or_insert(id);
            self.severities.add(finding.severity);
            *self
                .categories
                .entry(finding.category().to_string())
                .or_default() += 1;
            if stats::counts(finding) {
                self.term_severity
                    .entry(finding.term().to_string())
                    .or_default()
                    .add(finding.severity);
            }
        }
        let html = render_document(doc, &stats, index, first_id);
        self.documents.push(DocEntry {
            name: doc.name.to_string(),
            html,
        });
        self.stats.push(stats);
    }

    /// The run's statistics over the documents added so far.
    pub fn run_stats(&self) -> RunStats {
        RunStats::from_docs(self.stats.clone())
    }

    /// The whole page.
    pub fn finish(self, glossary: &Glossary) -> String {
        let run = self.run_stats();
        let mut out = String::with_capacity(64 * 1024 + self.documents.len() * 16 * 1024);
        let subtitle = match self.documents.len() {
            0 => "no documents".to_string(),
            1 => self.documents[0].name.clone(),
            n @ 2..=3 => format!(
                "{n} documents: {}",
                self.documents
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            n => format!("{n} documents"),
        };
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
             <meta name=\"generator\" content=\"dejargon {}\">\n<title>{} — {}</title>\n<style>{}</style>\n</head>\n<body>\n",
            env!("CARGO_PKG_VERSION"),
            escape(&self.title),
            escape(&subtitle),
            CSS
        );
        out.push_str("<main class=\"wrap\">\n");
        self.header(&mut out, &run, &subtitle);
        self.charts(&mut out, &run);
        if self.documents.len() > 1 {
            self.documents_table(&mut out);
        }
        self.filters(&mut out);
        for doc in &self.documents {
            out.push_str(&doc.html);
        }
        self.glossary(&mut out, glossary);
        let _ = write!(
            out,
            "<footer class=\"foot\">Made with dejargon {}. This page is self-contained: it loads nothing from the network, so it works offline and as an e-mail attachment. Word counts: English words, plus one word per Chinese character; code, links and metadata are not counted.</footer>\n</main>\n",
            env!("CARGO_PKG_VERSION")
        );
        out.push_str(POPOVER);
        let _ = write!(
            out,
            "<script type=\"application/json\" id=\"dj-data\">{}</script>\n<script>{}</script>\n</body>\n</html>\n",
            script_json(&self.findings),
            SCRIPT
        );
        out
    }

    fn header(&self, out: &mut String, run: &RunStats, subtitle: &str) {
        let verdict = run.verdict();
        let _ = write!(
            out,
            "<header class=\"card head\">\n<div class=\"head-main\">\n<p class=\"eyebrow\">Plain-language review</p>\n<h1>{}</h1>\n<p class=\"sub\">{}</p>\n\
             <p class=\"verdict-line\"><span class=\"pill {}\" id=\"verdict\">{}</span> {}</p>\n",
            escape(&self.title),
            escape(subtitle),
            verdict_class(verdict),
            escape(&capitalise(verdict.label())),
            escape(verdict.advice()),
        );
        if let Some((doc, section)) = run.worst_section(WORST_SECTION_MIN_WORDS) {
            let title = section.title.as_deref().unwrap_or("opening text");
            let place = if self.documents.len() > 1 {
                format!(" in {}", doc.path)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<p class=\"worst\">Start with <b>“{}”</b>{}: {} findings per 1,000 words.</p>",
                escape(title),
                escape(&place),
                one_decimal(section.density)
            );
        }
        let _ = write!(
            out,
            "<ul class=\"facts\">\n<li><b>{}</b> words checked</li>\n<li><b>{}</b> {}</li>\n\
             <li><span class=\"dot s-error\"></span>{} error · <span class=\"dot s-warning\"></span>{} warning · <span class=\"dot s-info\"></span>{} info</li>\n\
             <li><b>{}</b> distinct {}</li>\n</ul>\n</div>\n",
            thousands(run.words),
            thousands(run.findings),
            if run.findings == 1 {
                "finding"
            } else {
                "findings"
            },
            thousands(run.by_severity.error),
            thousands(run.by_severity.warning),
            thousands(run.by_severity.info),
            thousands(run.terms.len()),
            if run.terms.len() == 1 {
                "term"
            } else {
                "terms"
            },
        );
        let _ = write!(
            out,
            "<div class=\"head-figure\">\n<div class=\"big {}\" id=\"density\">{}</div>\n<div class=\"big-label\">jargon findings<br>per 1,000 words</div>\n{}\n</div>\n</header>\n",
            verdict_class(verdict),
            one_decimal(run.density),
            gauge(run.density)
        );
    }

    fn charts(&self, out: &mut String, run: &RunStats) {
        // Findings per section, in document order; the busiest if there are many.
        let multi = self.stats.len() > 1;
        // (document, order, row)
        let mut rows: Vec<(usize, usize, BarRow)> = Vec::new();
        for (d, doc) in self.stats.iter().enumerate() {
            for section in &doc.sections {
                let title = section.title.clone().unwrap_or_else(|| {
                    if doc.sections.len() == 1 {
                        short_name(&doc.path).to_string()
                    } else {
                        "(opening text)".to_string()
                    }
                });
                let anchor = match section.heading {
                    Some(h) => format!("d{d}-h{h}"),
                    None => format!("d{d}"),
                };
                let tooltip = format!(
                    "{title}: {}, {}, {} per 1,000 words",
                    plural(section.findings, "finding", "findings"),
                    plural(section.words, "word", "words"),
                    one_decimal(section.density)
                );
                rows.push((
                    d,
                    rows.len(),
                    BarRow {
                        label: title,
                        href: format!("#{anchor}"),
                        counts: section.by_severity,
                        tooltip,
                        group: false,
                    },
                ));
            }
        }
        let mut note = String::new();
        if rows.len() > MAX_SECTION_BARS {
            note = format!(
                "The {MAX_SECTION_BARS} sections with the most findings, of {}.",
                rows.len()
            );
            rows.sort_by(|a, b| {
                b.2.counts
                    .total()
                    .cmp(&a.2.counts.total())
                    .then(a.1.cmp(&b.1))
            });
            rows.truncate(MAX_SECTION_BARS);
            rows.sort_by_key(|r| r.1);
        }
        // A few documents: each one's sections under its name. Many: each
        // bar names its document, so that the chart stays one screen high.
        let grouped = multi && self.stats.len() <= MAX_GROUPED_DOCUMENTS;
        let mut section_rows: Vec<BarRow> = Vec::new();
        let mut last_doc = None;
        for (d, _, mut row) in rows {
            let doc = &self.stats[d];
            if grouped && last_doc != Some(d) && doc.sections.len() > 1 {
                section_rows.push(BarRow {
                    label: short_name(&doc.path).to_string(),
                    href: format!("#d{d}"),
                    counts: SeverityCounts::default(),
                    tooltip: doc.path.clone(),
                    group: true,
                });
            }
            if multi && !grouped && doc.sections.len() > 1 {
                row.label = format!("{} › {}", short_name(&doc.path), row.label);
                row.tooltip = format!("{}: {}", doc.path, row.tooltip);
            }
            last_doc = Some(d);
            section_rows.push(row);
        }
        let term_rows: Vec<BarRow> = run
            .top_terms
            .iter()
            .map(|t| BarRow {
                label: t.term.clone(),
                href: self
                    .first_of_term
                    .get(&t.term)
                    .map(|id| format!("#f{id}"))
                    .unwrap_or_default(),
                counts: self.term_severity.get(&t.term).copied().unwrap_or_default(),
                tooltip: format!("{}: {}", t.term, plural(t.count, "finding", "findings")),
                group: false,
            })
            .collect();
        out.push_str("<div class=\"charts\">\n");
        let _ = write!(
            out,
            "<section class=\"card chart-card\">\n<h2>Findings per section</h2>\n<p class=\"hint\">Longer bars need more work. Click a bar to jump to the section.</p>\n{}\n{}{LEGEND}</section>\n",
            bar_chart("chart-sections", "Findings per section", &section_rows),
            if note.is_empty() {
                String::new()
            } else {
                format!("<p class=\"hint\">{}</p>\n", escape(&note))
            }
        );
        let _ = write!(
            out,
            "<section class=\"card chart-card\">\n<h2>Most frequent terms</h2>\n<p class=\"hint\">Fixing these first removes the most findings. Click a bar to see the first use.</p>\n{}\n{LEGEND}</section>\n",
            bar_chart("chart-terms", "Most frequent terms", &term_rows)
        );
        out.push_str("</div>\n");
    }

    fn documents_table(&self, out: &mut String) {
        out.push_str("<section class=\"card\">\n<h2>Documents</h2>\n<table class=\"docs\">\n<thead><tr><th>Document</th><th class=\"num\">Words</th><th class=\"num\">Findings</th><th class=\"num\">Per 1,000 words</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        for (d, doc) in self.stats.iter().enumerate() {
            let verdict = doc.verdict();
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#d{d}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"pill small {}\">{}</span></td></tr>",
                escape(&doc.path),
                thousands(doc.words),
                thousands(doc.findings),
                one_decimal(doc.density),
                verdict_class(verdict),
                escape(verdict.label())
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }

    fn filters(&self, out: &mut String) {
        out.push_str("<nav class=\"filters\" id=\"filters\" aria-label=\"Filters\">\n<span class=\"fl\">Severity</span>\n");
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let n = self.severities.get(severity);
            let _ = writeln!(
                out,
                "<label class=\"chip\"><input type=\"checkbox\" data-filter=\"severity\" value=\"{s}\" checked><span class=\"dot s-{s}\"></span>{} <b>{}</b></label>",
                capitalise(severity.as_str()),
                thousands(n),
                s = severity.as_str()
            );
        }
        out.push_str("<span class=\"fl\">Category</span>\n");
        for (category, n) in &self.categories {
            let _ = writeln!(
                out,
                "<label class=\"chip\"><input type=\"checkbox\" data-filter=\"category\" value=\"{}\" checked>{} <b>{}</b></label>",
                escape(category),
                escape(category),
                thousands(*n)
            );
        }
        let _ = writeln!(
            out,
            "<button type=\"button\" class=\"reset\" id=\"filter-all\">Show all</button>\n<span class=\"shown\" id=\"shown\">{n} of {n} highlighted</span>\n</nav>",
            n = thousands(self.findings.len())
        );
    }

    fn glossary(&self, out: &mut String, glossary: &Glossary) {
        out.push_str("<section class=\"card\" id=\"glossary\">\n<h2>Glossary</h2>\n");
        if glossary.entries.is_empty() {
            out.push_str("<p>No jargon terms or acronyms were found.</p>\n</section>\n");
            return;
        }
        out.push_str("<p class=\"hint\">The terms and acronyms these documents use, for an appendix. Terms the document defines itself are listed with its own definition.</p>\n<table class=\"gloss\">\n<thead><tr><th>Term</th><th>Meaning</th><th>First used</th></tr></thead>\n<tbody>\n");
        for entry in &glossary.entries {
            let language = super::glossary::entry_language(entry, Language::En);
            let meaning = super::glossary::meaning(entry, language);
            let at = &entry.first_use;
            let href = match self.finding_at.get(&(at.document, at.byte)) {
                Some(id) => format!("#f{id}"),
                None => format!("#d{}", at.document),
            };
            let kind = match entry.kind {
                crate::glossary::TermKind::Acronym => "acronym",
                crate::glossary::TermKind::Term => "term",
            };
            let _ = writeln!(
                out,
                "<tr><td class=\"term\">{}<span class=\"kind\">{kind}</span></td><td>{}</td><td class=\"where\"><a href=\"{href}\">{}, line {}</a></td></tr>",
                escape(&entry.term),
                escape(&meaning),
                escape(short_name(&at.path)),
                at.line
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The file name of a path, for chart labels.
fn short_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A gauge of the density against the verdict bands.
fn gauge(density: f64) -> String {
    const MAX: f64 = 40.0;
    const W: f64 = 220.0;
    let x = |d: f64| (d.min(MAX) / MAX * W * 10.0).round() / 10.0;
    let bands = [
        (0.0, Verdict::BANDS[0], "v-plain"),
        (Verdict::BANDS[0], Verdict::BANDS[1], "v-some"),
        (Verdict::BANDS[1], Verdict::BANDS[2], "v-technical"),
        (Verdict::BANDS[2], MAX, "v-heavy"),
    ];
    let mut svg = format!(
        "<svg class=\"gauge\" viewBox=\"0 0 {W} 34\" role=\"img\" aria-label=\"{} findings per 1,000 words on a scale from plain to heavy jargon\">",
        one_decimal(density)
    );
    for (from, to, class) in bands {
        let _ = write!(
            svg,
            "<rect class=\"band {class}\" x=\"{}\" y=\"12\" width=\"{}\" height=\"8\"/>",
            x(from),
            x(to) - x(from)
        );
    }
    // Keep the whole marker on the scale, also past its end.
    let m = x(density).clamp(5.0, W - 5.0);
    let _ = write!(
        svg,
        "<path class=\"marker\" d=\"M{} 10 l-5 -8 h10 z\"/><text x=\"0\" y=\"32\" class=\"tick\">plain</text><text x=\"{W}\" y=\"32\" class=\"tick\" text-anchor=\"end\">heavy</text></svg>",
        m
    );
    svg
}

/// One bar of a chart.
struct BarRow {
    label: String,
    href: String,
    counts: SeverityCounts,
    tooltip: String,
    /// A heading row (a document's name) without a bar.
    group: bool,
}

/// The display width of a label in units of an average Latin letter.
fn label_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if is_cjk(c) { 1.9 } else { 1.0 })
        .sum()
}

fn truncate_label(text: &str, max: f64) -> String {
    if label_width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = if is_cjk(c) { 1.9 } else { 1.0 };
        if width + w > max - 1.0 {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// A horizontal bar chart in inline SVG; bars are stacked by severity.
fn bar_chart(id: &str, title: &str, rows: &[BarRow]) -> String {
    const WIDTH: f64 = 520.0;
    const LABEL: f64 = 200.0;
    const ROW: f64 = 26.0;
    const BAR: f64 = 16.0;
    const VALUE_ROOM: f64 = 40.0;
    let height = (rows.len().max(1) as f64) * ROW + 8.0;
    let mut svg = format!(
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    if rows.is_empty() || rows.iter().all(|r| r.counts.total() == 0) && rows.len() <= 1 {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"22\" class=\"empty\" text-anchor=\"middle\">No findings</text></svg>",
            WIDTH / 2.0
        );
        return svg;
    }
    let max = rows
        .iter()
        .map(|r| r.counts.total())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = (WIDTH - LABEL - 8.0 - VALUE_ROOM) / max;
    for (i, row) in rows.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW;
        let _ = write!(svg, "<g class=\"row\">");
        let link = !row.href.is_empty();
        if link {
            let _ = write!(svg, "<a href=\"{}\">", escape(&row.href));
        }
        if row.group {
            let _ = write!(
                svg,
                "<title>{}</title><rect class=\"hit\" x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{ROW}\"/><text class=\"grp\" x=\"0\" y=\"{}\">{}</text>",
                escape(&row.tooltip),
                y + ROW / 2.0 + 5.0,
                escape(&truncate_label(&row.label, 60.0))
            );
            if link {
                svg.push_str("</a>");
            }
            svg.push_str("</g>");
            continue;
        }
        let _ = write!(
            svg,
            "<title>{}</title><rect class=\"hit\" x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{ROW}\"/><text class=\"lbl\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            escape(&row.tooltip),
            LABEL - 8.0,
            y + ROW / 2.0 + 4.0,
            escape(&truncate_label(&row.label, 30.0))
        );
        let mut x = LABEL;
        for (severity, class) in [
            (Severity::Error, "s-error"),
            (Severity::Warning, "s-warning"),
            (Severity::Info, "s-info"),
        ] {
            let n = row.counts.get(severity);
            if n == 0 {
                continue;
            }
            let w = (n as f64 * scale * 10.0).round() / 10.0;
            let _ = write!(
                svg,
                "<rect class=\"bar {class}\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{BAR}\" rx=\"2\"/>",
                y + (ROW - BAR) / 2.0
            );
            x += w;
        }
        let _ = write!(
            svg,
            "<text class=\"val\" x=\"{}\" y=\"{}\">{}</text>",
            x + 6.0,
            y + ROW / 2.0 + 4.0,
            row.counts.total()
        );
        if link {
            svg.push_str("</a>");
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// A line of the document's text: `start..end` without the line break;
/// `next` is where the following line starts.
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn split_lines(text: &str, from: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = from;
    while start < text.len() {
        let (end, next) = match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        lines.push(Line { start, end, next });
        start = next;
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Heading(usize),
    Para,
    /// Nothing in it is prose: code, markup, front matter.
    Opaque,
}

struct Block {
    kind: BlockKind,
    span: Range<usize>,
}

/// Groups lines into headings, paragraphs and non-prose blocks.
/// With `soft_wraps` off, every line is a paragraph of its own.
fn blocks(
    text: &str,
    prose: &Prose,
    findings: &[Finding],
    from: usize,
    soft_wraps: bool,
) -> Vec<Block> {
    let masked = prose.masked.as_bytes();
    let is_prose_line = |line: &Line| {
        masked
            .get(line.start..line.end)
            .is_some_and(|m| m.iter().any(|b| !b.is_ascii_whitespace()))
    };
    let mut headings: Vec<(usize, usize)> = prose
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| (h.offset, i))
        .collect();
    headings.sort_unstable();
    let mut next_heading = 0;
    let inside_finding = |at: usize| {
        let i = findings.partition_point(|f| f.span.start < at);
        findings[..i].iter().any(|f| f.span.end > at)
    };
    let mut out: Vec<Block> = Vec::new();
    let mut after_blank = true;
    for line in split_lines(text, from) {
        let mut heading = None;
        while next_heading < headings.len()
            && headings[next_heading].0 < line.next.max(line.end + 1)
        {
            if headings[next_heading].0 >= line.start && heading.is_none() {
                heading = Some(headings[next_heading].1);
            }
            next_heading += 1;
        }
        if !out.is_empty() && inside_finding(line.start) {
            out.last_mut().expect("not empty").span.end = line.end;
            after_blank = false;
            continue;
        }
        let blank = text[line.start..line.end].trim().is_empty();
        if blank && heading.is_none() {
            after_blank = true;
            continue;
        }
        let last = out.last().map(|b| b.kind);
        let kind = match heading {
            Some(h) => BlockKind::Heading(h),
            None if is_prose_line(&line) => BlockKind::Para,
            None => BlockKind::Opaque,
        };
        let extend = match (kind, last) {
            (BlockKind::Para, Some(BlockKind::Para)) => !after_blank && soft_wraps,
            (BlockKind::Opaque, Some(BlockKind::Opaque)) => true,
            // A table's delimiter row, a setext underline.
            (BlockKind::Opaque, Some(BlockKind::Para | BlockKind::Heading(_))) => !after_blank,
            _ => false,
        };
        if extend {
            out.last_mut().expect("checked").span.end = line.end;
        } else {
            out.push(Block {
                kind,
                span: line.start..line.end,
            });
        }
        after_blank = false;
    }
    out
}

/// Whether the line starting at `at` starts a list item, a table row or a quote.
fn starts_structure(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    if t.starts_with(['|', '>']) {
        return true;
    }
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest.starts_with([' ', '\t']);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits < 10
        && t[digits..].starts_with(['.', ')'])
        && t[digits + 1..].starts_with([' ', '\t'])
}

/// Renders the inline content of one block.
struct Inline<'a> {
    text: &'a str,
    masked: &'a [u8],
    soft_wraps: bool,
    /// Inside a `<pre>`: no soft wraps, no markup styling.
    pre: bool,
}

impl Inline<'_> {
    /// How a line break at `at` reads: a real break, a space, or nothing
    /// (between two Chinese characters).
    fn line_break(&self, at: usize) -> &'static str {
        if self.pre {
            return "\n";
        }
        if !self.soft_wraps {
            return "<br>";
        }
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let this_line = self.text[line_start..at].trim_end_matches('\r');
        let next_line_end = self.text[at + 1..]
            .find('\n')
            .map_or(self.text.len(), |i| at + 1 + i);
        let next_line = &self.text[at + 1..next_line_end];
        let hard = this_line.ends_with("  ")
            || this_line.ends_with('\\')
            || this_line.trim_start().starts_with('|')
            || starts_structure(next_line);
        if hard {
            return "<br>";
        }
        let before = this_line.trim_end().chars().next_back();
        let after = next_line.trim_start().chars().next();
        if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
            ""
        } else {
            " "
        }
    }

    /// Text outside highlights: markup and code that is not prose is dimmed.
    fn text(&self, out: &mut String, range: Range<usize>, strip_heading_marks: bool) {
        let mut run = String::new();
        let mut run_np = false;
        let mut at_line_start = range.start == 0 || self.text[..range.start].ends_with('\n');
        let mut stripping = strip_heading_marks;
        let flush = |out: &mut String, run: &mut String, np: bool| {
            if run.is_empty() {
                return;
            }
            if np {
                let _ = write!(out, "<span class=\"np\">{run}</span>");
            } else {
                out.push_str(run);
            }
            run.clear();
        };
        let slice = &self.text[range.clone()];
        let mut chars = slice.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let at = range.start + i;
            let np = !self.pre && self.masked.get(at) == Some(&b' ') && !c.is_whitespace();
            if stripping {
                if (c == '#' || c == ' ' || c == '\t') && (np || c != '#') {
                    continue;
                }
                stripping = false;
            }
            match c {
                '\r' => continue,
                '\n' => {
                    run.push_str(self.line_break(at));
                    at_line_start = true;
                    continue;
                }
                ' ' | '\t' => {
                    run.push(c);
                    continue;
                }
                _ => {}
            }
            if np
                && at_line_start
                && matches!(c, '-' | '*' | '+')
                && chars.peek().is_some_and(|&(_, n)| n == ' ' || n == '\t')
            {
                flush(out, &mut run, run_np);
                out.push_str("<span class=\"np bullet\">•</span>");
                at_line_start = false;
                continue;
            }
            at_line_start = false;
            if np != run_np {
                flush(out, &mut run, run_np);
                run_np = np;
            }
            escape_into(&mut run, c.encode_utf8(&mut [0; 4]));
        }
        flush(out, &mut run, run_np);
    }
}

/// What a block that is not prose holds, for its label.
fn opaque_label(text: &str, at_start: bool) -> &'static str {
    let t = text.trim_start();
    if at_start && (t.starts_with("---") || t.starts_with("+++")) {
        "Front matter"
    } else if t.starts_with("```") || t.starts_with("~~~") || text.starts_with("    ") {
        "Code"
    } else if t.starts_with('<') {
        "HTML"
    } else {
        "Markup"
    }
}

/// Opens a highlight. The `title` is what a reader without script sees.
fn open_mark(out: &mut String, id: usize, finding: &Finding) {
    let _ = write!(
        out,
        "<mark class=\"f s-{s}\" id=\"f{id}\" data-i=\"{id}\" data-severity=\"{s}\" data-category=\"{}\" data-term=\"{}\" data-rule=\"{}\" tabindex=\"0\" title=\"{}\">",
        escape(finding.category()),
        escape(finding.term()),
        finding.rule.as_str(),
        escape(finding.message()),
        s = finding.severity.as_str(),
    );
}

/// The margin list of a document: its terms in order of first use, with
/// counts, each linking to its first highlight.
fn term_list(findings: &[Finding], first_id: usize) -> String {
    let mut terms: Vec<(&str, usize, Severity, usize)> = Vec::new();
    for (n, finding) in findings.iter().enumerate() {
        if !stats::counts(finding) {
            continue;
        }
        match terms.iter_mut().find(|t| *t.0 == *finding.term()) {
            Some(t) => {
                t.1 += 1;
                t.2 = t.2.max(finding.severity);
            }
            None => terms.push((finding.term(), 1, finding.severity, first_id + n)),
        }
    }
    if terms.is_empty() {
        return "<aside class=\"doc-side\"><h3>In this document</h3><p class=\"clean\">No jargon found.</p></aside>\n".to_string();
    }
    let mut out = String::from("<aside class=\"doc-side\"><h3>In this document</h3><ul>");
    for (term, count, severity, id) in terms {
        let _ = write!(
            out,
            "<li><a href=\"#f{id}\"><span class=\"dot s-{}\"></span>{}</a><b>{count}</b></li>",
            severity.as_str(),
            escape(term)
        );
    }
    out.push_str("</ul></aside>\n");
    out
}

fn render_document(
    doc: &PageDocument<'_>,
    stats: &DocStats,
    index: usize,
    first_id: usize,
) -> String {
    let text = doc.source.as_str();
    let from = doc.source.bom_len();
    let lang = if stats.word_count.mostly_cjk() {
        "zh"
    } else {
        "en"
    };
    let verdict = stats.verdict();
    let mut out = String::with_capacity(text.len() * 2 + 1024);
    let _ = write!(
        out,
        "<section class=\"card doc\" id=\"d{index}\">\n<header class=\"doc-head\"><h2>{}</h2><p class=\"doc-meta\"><span class=\"pill small {}\">{}</span> {} · {} · {} per 1,000 words</p></header>\n<div class=\"doc-grid\">\n<div class=\"doc-body\" lang=\"{lang}\">\n",
        escape(doc.name),
        verdict_class(verdict),
        escape(verdict.label()),
        plural(stats.words, "word", "words"),
        plural(stats.findings, "finding", "findings"),
        one_decimal(stats.density)
    );
    let inline = Inline {
        text,
        masked: doc.prose.masked.as_bytes(),
        soft_wraps: doc.soft_wraps,
        pre: false,
    };
    let pre = Inline {
        pre: true,
        ..inline
    };
    let mut next_finding = 0;
    let findings = doc.findings;
    let mut first_block = true;
    for block in blocks(text, doc.prose, findings, from, doc.soft_wraps) {
        let (open, close, renderer, strip) = match block.kind {
            BlockKind::Heading(h) => {
                let level = doc.prose.headings[h].level.clamp(1, 4) + 2;
                (
                    format!("<h{level} class=\"dh\" id=\"d{index}-h{h}\">"),
                    format!("</h{level}>\n"),
                    &inline,
                    text[block.span.clone()].trim_start().starts_with('#'),
                )
            }
            BlockKind::Para => ("<p>".to_string(), "</p>\n".to_string(), &inline, false),
            BlockKind::Opaque => {
                let has_finding = findings[next_finding..]
                    .first()
                    .is_some_and(|f| f.span.start < block.span.end);
                let body = &text[block.span.clone()];
                (
                    format!(
                        "<details class=\"code\"{}><summary>{} · not checked ({})</summary><pre>",
                        if has_finding { " open" } else { "" },
                        opaque_label(body, first_block),
                        plural(body.lines().count(), "line", "lines")
                    ),
                    "</pre></details>\n".to_string(),
                    &pre,
                    false,
                )
            }
        };
        first_block = false;
        out.push_str(&open);
        let mut cursor = block.span.start;
        let mut strip = strip;
        while next_finding < findings.len() && findings[next_finding].span.start < block.span.end {
            let finding = &findings[next_finding];
            let start = finding.span.start.max(cursor);
            if start > cursor {
                renderer.text(&mut out, cursor..start, strip);
                strip = false;
            }
            let end = finding.span.end.max(start);
            open_mark(&mut out, first_id + next_finding, finding);
            let shown: String = text
                .get(start..end)
                .unwrap_or("")
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            escape_into(&mut out, &shown);
            out.push_str("</mark>");
            cursor = end;
            next_finding += 1;
        }
        if cursor < block.span.end {
            renderer.text(&mut out, cursor..block.span.end, strip);
        }
        out.push_str(&close);
    }
    // Findings after every block (none expected): still highlighted, at the end.
    for (n, finding) in findings.iter().enumerate().skip(next_finding) {
        out.push_str("<p class=\"stray\">");
        open_mark(&mut out, first_id + n, finding);
        escape_into(&mut out, finding.matched());
        out.push_str("</mark></p>\n");
    }
    out.push_str("</div>\n");
    out.push_str(&term_list(findings, first_id));
    out.push_str("</div>\n</section>\n");
    out
}

const LEGEND: &str = "<p class=\"legend\"><span class=\"dot s-error\"></span>error <span class=\"dot s-warning\"></span>warning <span class=\"dot s-info\"></span>info</p>\n";

const POPOVER: &str = r##"<div id="pop" class="pop" role="dialog" aria-live="polite" hidden>
<div class="pop-head"><span class="pop-sev sev"></span><span class="pop-term"></span><button type="button" class="pop-close" aria-label="Close">×</button></div>
<p class="pop-msg"></p>
<div class="pop-sec"><h4>What it means</h4><p class="pop-expl"></p></div>
<div class="pop-sec pop-def" hidden><h4>Defined in this document as</h4><p></p></div>
<div class="pop-sec pop-sugg-sec"><h4>Write instead</h4><ul class="pop-sugg"></ul></div>
<p class="pop-loc"></p>
</div>
"##;

const CSS: &str = r##"
:root{--ink:#101828;--muted:#667085;--line:#e4e7ec;--bg:#f4f6f8;--card:#fff;--err:#d92d20;--warn:#f38b0a;--info:#2e90fa;--plain:#12b76a;--some:#ca8504;--tech:#f79009;--heavy:#d92d20;
--sans:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
--sans-zh:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Arial,sans-serif}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.6 var(--sans);-webkit-font-smoothing:antialiased}
:lang(zh){font-family:var(--sans-zh)}
.wrap{max-width:1120px;margin:0 auto;padding:28px 24px 48px}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;box-shadow:0 1px 2px rgba(16,24,40,.05);padding:22px 26px;margin:0 0 18px}
h1{font-size:28px;line-height:1.2;margin:2px 0 4px;letter-spacing:-.01em}
h2{font-size:17px;margin:0 0 6px}
a{color:#175cd3;text-decoration:none}a:hover{text-decoration:underline}
.eyebrow{margin:0;color:var(--muted);font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase}
.sub{margin:0 0 14px;color:var(--muted);word-break:break-all}
.head{display:flex;gap:28px;align-items:center;justify-content:space-between;flex-wrap:wrap}
.head-main{flex:1 1 480px;min-width:0}
.head-figure{flex:0 0 240px;text-align:center;padding:10px 10px 0;border-left:1px solid var(--line)}
.big{font-size:64px;font-weight:750;line-height:1;letter-spacing:-.03em;font-variant-numeric:tabular-nums}
.big.v-plain{color:var(--plain)}.big.v-some{color:var(--some)}.big.v-technical{color:var(--tech)}.big.v-heavy{color:var(--heavy)}
.big-label{color:var(--muted);font-size:13px;margin:6px 0 10px}
.gauge{width:220px;height:34px}.gauge .band{opacity:.85}.gauge .marker{fill:var(--ink)}.gauge .tick{font-size:10px;fill:var(--muted)}
.band.v-plain{fill:var(--plain)}.band.v-some{fill:#fac515}.band.v-technical{fill:var(--tech)}.band.v-heavy{fill:var(--heavy)}
.verdict-line{margin:0 0 6px;font-size:15px}
.pill{display:inline-block;padding:3px 11px;border-radius:999px;font-weight:650;font-size:13px;color:#fff;vertical-align:1px;margin-right:4px;white-space:nowrap}
.pill.small{padding:1px 8px;font-size:12px;font-weight:600}
.pill.v-plain{background:var(--plain)}.pill.v-some{background:var(--some)}.pill.v-technical{background:var(--tech)}.pill.v-heavy{background:var(--heavy)}
.worst{margin:0 0 10px;color:#344054}
.facts{list-style:none;display:flex;flex-wrap:wrap;gap:6px 22px;margin:12px 0 0;padding:12px 0 0;border-top:1px solid var(--line);color:#344054;font-size:14px}
.facts b{font-variant-numeric:tabular-nums}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin:0 5px 0 0;vertical-align:0}
.dot.s-error{background:var(--err)}.dot.s-warning{background:var(--warn)}.dot.s-info{background:var(--info)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin-bottom:18px}
.charts .card{margin:0}
.hint{color:var(--muted);font-size:13px;margin:0 0 10px}
.chart{width:100%;height:auto;display:block;font-family:inherit}
.chart text{font-size:12px;fill:#344054}
.chart .val{fill:var(--muted);font-variant-numeric:tabular-nums}
.legend{margin:8px 0 0;color:var(--muted);font-size:12px}.legend .dot{margin-left:10px}.legend .dot:first-child{margin-left:0}
.chart .grp{font-weight:650;fill:var(--ink);font-size:12.5px}
.chart .empty{fill:var(--muted);font-size:14px}
.chart .hit{fill:transparent}.chart .row:hover .hit{fill:#f2f4f7}
.chart .bar.s-error{fill:var(--err)}.chart .bar.s-warning{fill:var(--warn)}.chart .bar.s-info{fill:var(--info)}
table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-bottom:1px solid var(--line);padding:8px 10px}
td{border-bottom:1px solid #f2f4f7;padding:9px 10px;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}
.filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;background:rgba(255,255,255,.94);backdrop-filter:blur(6px);border:1px solid var(--line);border-radius:12px;padding:10px 14px;margin:0 0 18px;box-shadow:0 4px 12px rgba(16,24,40,.06)}
.fl{font-size:12px;font-weight:650;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;margin:0 2px 0 6px}
.chip{display:inline-flex;align-items:center;gap:4px;border:1px solid var(--line);border-radius:999px;padding:3px 10px 3px 7px;font-size:13px;cursor:pointer;user-select:none;background:#fff}
.chip b{font-weight:600;color:var(--muted);font-variant-numeric:tabular-nums}
.chip input{margin:0 3px 0 0;accent-color:#344054}
.chip:has(input:not(:checked)){opacity:.5;background:#f9fafb}
.reset{font:inherit;font-size:13px;border:1px solid var(--line);background:#fff;border-radius:8px;padding:3px 10px;cursor:pointer}
.shown{margin-left:auto;color:var(--muted);font-size:13px}
.doc-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:4px 16px;border-bottom:1px solid var(--line);padding-bottom:10px;margin-bottom:14px}
.doc-head h2{font-size:16px;margin:0;word-break:break-all}
.doc-meta{margin:0;color:var(--muted);font-size:13px}
.doc-grid{display:grid;grid-template-columns:minmax(0,1fr) 220px;gap:36px;align-items:start}
.doc-body{max-width:76ch;font-size:16px;line-height:1.85;min-width:0}
.doc-side{position:sticky;top:84px;border-left:1px solid var(--line);padding-left:18px;font-size:13.5px}
.doc-side h3{margin:4px 0 8px;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
.doc-side ul{list-style:none;margin:0;padding:0}
.doc-side li{display:flex;justify-content:space-between;gap:8px;padding:3px 0;border-bottom:1px dashed #f2f4f7}
.doc-side a{color:var(--ink)}.doc-side b{color:var(--muted);font-weight:600;font-variant-numeric:tabular-nums}
.doc-side .clean{color:var(--plain);margin:0}
.doc-body p{margin:0 0 14px}
.doc-body .dh{margin:22px 0 8px;line-height:1.35}
h3.dh{font-size:22px}h4.dh{font-size:18px}h5.dh,h6.dh{font-size:16px}
.np{color:#98a2b3}
.bullet{display:inline-block;width:1.1em;color:var(--muted)}
details.code{margin:0 0 14px;border:1px dashed var(--line);border-radius:8px;padding:4px 10px;background:#fcfcfd}
details.code summary{cursor:pointer;color:var(--muted);font-size:13px}
details.code pre{margin:6px 0;white-space:pre-wrap;word-break:break-word;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#475467}
mark.f{background:none;color:inherit;cursor:pointer;border-radius:3px;padding:0 1px;scroll-margin-top:90px;transition:background .15s}
mark.s-error{background:rgba(217,45,32,.13);box-shadow:inset 0 -2px 0 var(--err)}
mark.s-warning{background:rgba(243,139,10,.16);box-shadow:inset 0 -2px 0 var(--warn)}
mark.s-info{background:rgba(46,144,250,.09);box-shadow:inset 0 -2px 0 var(--info)}
mark.f:hover,mark.f:focus,mark.f.active{outline:2px solid rgba(16,24,40,.25);outline-offset:1px}
mark.f.off{background:none;box-shadow:none;cursor:text;outline:none}
mark.f:target{animation:flash 1.2s ease-out}
@keyframes flash{0%{background:#fde272}}
.dh,section{scroll-margin-top:90px}
.gloss .term{font-weight:650;white-space:nowrap}
.gloss .kind{display:block;font-weight:400;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.gloss .where{white-space:nowrap;font-size:13px}
.pop{position:absolute;z-index:20;width:360px;max-width:calc(100vw - 24px);background:#fff;border:1px solid var(--line);border-radius:12px;box-shadow:0 12px 32px rgba(16,24,40,.18);padding:14px 16px;font-size:14px;line-height:1.5}
.pop[hidden]{display:none}
.pop-head{display:flex;align-items:center;gap:8px;margin-bottom:4px}
.pop-term{font-weight:700;font-size:16px}
.sev{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:#fff;border-radius:4px;padding:1px 6px}
.sev.s-error{background:var(--err)}.sev.s-warning{background:var(--warn)}.sev.s-info{background:var(--info)}
.pop-close{margin-left:auto;border:0;background:none;font-size:20px;line-height:1;color:var(--muted);cursor:pointer}
.pop-msg{margin:0 0 8px;color:#344054}
.pop h4{margin:8px 0 2px;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
.pop-sec p{margin:0}
.pop-sugg{margin:0;padding-left:18px;font-weight:600;color:#067647}
.pop-loc{margin:10px 0 0;color:var(--muted);font-size:12px}
.foot{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
.stray{color:var(--muted)}
@media (max-width:820px){.charts,.doc-grid{grid-template-columns:1fr}.doc-side{display:none}.head-figure{border-left:0;flex-basis:100%}}
@media print{body{background:#fff}.filters,.pop,.reset{display:none!important}.card{box-shadow:none;break-inside:avoid-page}.doc{break-inside:auto}details.code{display:none}}
"##;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dj-data").textContent);
  var pop = document.getElementById("pop");
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.f"));
  // The title attributes are the fallback without a script; the card replaces them.
  marks.forEach(function (m) { m.removeAttribute("title"); });
  var current = null, pinned = false, hideTimer = null;
  function q(sel) { return pop.querySelector(sel); }
  function fill(f) {
    var sev = q(".pop-sev");
    sev.textContent = f.severity;
    sev.className = "pop-sev sev s-" + f.severity;
    q(".pop-term").textContent = f.matched;
    q(".pop-msg").textContent = f.message;
    q(".pop-expl").textContent = f.explanation;
    q(".pop-def").hidden = !f.defined_as;
    q(".pop-def p").textContent = f.defined_as || "";
    var list = q(".pop-sugg");
    list.textContent = "";
    f.suggestions.forEach(function (s) {
      var li = document.createElement("li");
      li.textContent = s;
      list.appendChild(li);
    });
    q(".pop-sugg-sec").hidden = f.suggestions.length === 0;
    q(".pop-loc").textContent = f.path + ", line " + f.line + ", column " + f.column + " \u00b7 " + f.category;
  }
  function place(m) {
    var rects = m.getClientRects();
    var r = rects.length ? rects[0] : m.getBoundingClientRect();
    pop.hidden = false;
    var pw = pop.offsetWidth, ph = pop.offsetHeight;
    var sx = window.scrollX, sy = window.scrollY;
    var vw = document.documentElement.clientWidth;
    var x = Math.max(sx + 12, Math.min(r.left + sx, sx + vw - pw - 12));
    var y = r.bottom + sy + 8;
    if (r.bottom + ph + 16 > window.innerHeight && r.top - ph - 8 > 0) { y = r.top + sy - ph - 8; }
    pop.style.left = x + "px";
    pop.style.top = y + "px";
  }
  function show(m, pin) {
    clearTimeout(hideTimer);
    if (current && current !== m) { current.classList.remove("active"); }
    if (current !== m) { pinned = false; }
    current = m;
    pinned = pinned || !!pin;
    m.classList.add("active");
    fill(data[+m.getAttribute("data-i")]);
    place(m);
  }
  function hide() {
    clearTimeout(hideTimer);
    pop.hidden = true;
    if (current) { current.classList.remove("active"); }
    current = null;
    pinned = false;
  }
  function markOf(node) {
    var m = node && node.closest ? node.closest("mark.f") : null;
    return m && !m.classList.contains("off") ? m : null;
  }
  document.addEventListener("click", function (e) {
    var m = markOf(e.target);
    if (m) { show(m, true); e.preventDefault(); return; }
    if (!pop.contains(e.target)) { hide(); }
  });
  document.addEventListener("mouseover", function (e) {
    var m = markOf(e.target);
    if (m) {
      if (!pinned || current === m) { show(m, false); } else { clearTimeout(hideTimer); }
    } else if (pop.contains(e.target)) {
      clearTimeout(hideTimer);
    }
  });
  document.addEventListener("mouseout", function (e) {
    if (pinned) { return; }
    if (markOf(e.target) || pop.contains(e.target)) {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 300);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hide(); return; }
    var m = markOf(e.target);
    if (m && (e.key === "Enter" || e.key === " ")) { show(m, true); e.preventDefault(); }
  });
  q(".pop-close").addEventListener("click", function (e) { e.stopPropagation(); hide(); });
  window.addEventListener("resize", function () { if (current) { place(current); } });
  window.addEventListener("hashchange", function () {
    var m = /^#f\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
    if (m && !m.classList.contains("off")) { setTimeout(function () { show(m, true); }, 350); }
  });

  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[data-filter]"));
  function apply() {
    var on = { severity: {}, category: {} };
    boxes.forEach(function (b) { if (b.checked) { on[b.getAttribute("data-filter")][b.value] = true; } });
    var shown = 0;
    marks.forEach(function (m) {
      var visible = !!(on.severity[m.getAttribute("data-severity")] && on.category[m.getAttribute("data-category")]);
      m.classList.toggle("off", !visible);
      m.tabIndex = visible ? 0 : -1;
      if (visible) { shown += 1; }
    });
    document.getElementById("shown").textContent = shown + " of " + marks.length + " highlighted";
    if (current && current.classList.contains("off")) { hide(); }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.getElementById("filter-all").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; });
    apply();
  });
  apply();
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{self, Format};
    use crate::glossary::GlossaryBuilder;
    use crate::{CommonAcronyms, Dictionary, LintOptions, Linter};

    fn linter() -> Linter {
        let mut dictionary = Dictionary::new();
        for path in [
            "tests/fixtures/dict/mini-en.json",
            "tests/fixtures/dict/mini-zh.json",
        ] {
            let text = std::fs::read_to_string(path).unwrap();
            dictionary.add_json(path, &text).unwrap();
        }
        Linter::new(
            dictionary,
            CommonAcronyms::builtin(),
            LintOptions::default(),
        )
    }

    fn page_of(name: &str, text: &str) -> (String, usize) {
        let linter = linter();
        let format = Format::from_path(std::path::Path::new(name));
        let checked = linter.lint(text, format);
        let source = SourceText::new(text.to_string());
        let stats = DocStats::compute(name, &source, &checked.prose, &checked.findings);
        let mut glossary = GlossaryBuilder::new(None);
        glossary.add(
            name,
            &source,
            &checked.findings,
            &checked.definitions,
            linter.dictionary(),
        );
        let mut page = Page::new("Review <of> \"things\"");
        page.add(
            &PageDocument {
                name,
                source: &source,
                prose: &checked.prose,
                findings: &checked.findings,
                definitions: &checked.definitions,
                soft_wraps: true,
            },
            stats,
        );
        (page.finish(&glossary.finish()), checked.findings.len())
    }

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            script_json(&"</script><!--&\u{2028}"),
            r#""\u003c/script\u003e\u003c!--\u0026\u2028""#
        );
    }

    #[test]
    fn every_finding_is_one_highlight() {
        let text = "# Plan for the ERP\n\nWe move the ERP to SaaS in the IDC and\nthe API, then synergize.\n\n- microservices\n- more microservices\n\n```\nAPI in code\n```\n";
        let (html, findings) = page_of("plan.md", text);
        assert!(findings >= 7, "{findings}");
        assert_eq!(html.matches("<mark class=\"f ").count(), findings);
        assert!(html.contains("id=\"chart-sections\""));
        assert!(html.contains("id=\"chart-terms\""));
        assert!(html.contains("<h3 class=\"dh\" id=\"d0-h0\">Plan for the <mark"));
        assert!(html.contains("<span class=\"np bullet\">•</span>"));
        assert!(html.contains("Code · not checked (3 lines)"));
        assert!(html.contains("Review &lt;of&gt; &quot;things&quot;"));
    }

    #[test]
    fn chinese_soft_wraps_join_without_a_space() {
        let text = "我们把ERP系统\n迁移到IDC机房。\n";
        let (html, _) = page_of("zh.md", text);
        assert!(html.contains("系统迁移到"), "{html}");
        assert!(html.contains("lang=\"zh\""));
    }

    fn prose_of(text: &str) -> Prose {
        format::extract(Format::Plain, text)
    }

    #[test]
    fn blocks_do_not_split_a_finding() {
        let text = "We sell software as\na service.\n";
        let prose = format::extract(Format::Plain, text);
        let findings = linter().lint(text, Format::Plain).findings;
        assert_eq!(findings.len(), 1);
        let b = blocks(text, &prose, &findings, 0, true);
        assert_eq!(b.len(), 1);
        // One paragraph per line (Word text): still never split inside a finding.
        assert_eq!(blocks(text, &prose, &findings, 0, false).len(), 1);
        assert_eq!(
            blocks("One.\nTwo.\n", &prose_of("One.\nTwo.\n"), &[], 0, false).len(),
            2
        );
        assert_eq!(
            blocks("One.\nTwo.\n", &prose_of("One.\nTwo.\n"), &[], 0, true).len(),
            1
        );
    }

    #[test]
    fn structure_lines() {
        assert!(starts_structure("- item"));
        assert!(starts_structure("  12. item"));
        assert!(starts_structure("| a | b |"));
        assert!(!starts_structure("-minus"));
        assert!(!starts_structure("2024 was good"));
        assert!(!starts_structure("plain"));
    }

    #[test]
    fn labels_are_truncated_by_width() {
        assert_eq!(truncate_label("short", 30.0), "short");
        let long = truncate_label(&"x".repeat(40), 30.0);
        assert_eq!(long.chars().count(), 30);
        assert!(long.ends_with('…'));
        assert!(truncate_label(&"中".repeat(20), 30.0).chars().count() < 20);
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
