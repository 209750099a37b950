//! Using dejargon as a library: lint a string with the bundled dictionaries
//! and print each finding with its position and suggestions.
//!
//! Run with: `cargo run --example lint_text`

use dejargon::{CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter, SourceText};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dictionary = Dictionary::builtin(&[Language::En, Language::Zh])?;
    let linter = Linter::new(
        dictionary,
        CommonAcronyms::builtin(),
        LintOptions::default(),
    );

    let text = "We will migrate the ERP to SaaS in the IDC.\n我们计划通过API接口打通中台。\n";
    let source = SourceText::new(text.to_string());
    let checked = linter.lint(source.as_str(), Format::Plain);
    for finding in &checked.findings {
        let (line, column) = source.line_column(finding.span.start);
        println!(
            "{line}:{column} {} [{}] {} -> {}",
            finding.matched(),
            finding.severity,
            finding.explanation(),
            finding.suggestions().join(" / ")
        );
    }
    Ok(())
}
