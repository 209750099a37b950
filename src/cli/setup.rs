//! Building the linter from command-line options: dictionaries, common
//! acronyms, lint options. Load errors are printed here, with positions.

use std::io::Write;

use dejargon::report::diagnostic::write_load_error;
use dejargon::{CommonAcronyms, Dictionary, Language, LoadError};

use super::{ColorChoice, DictionaryArgs, LangChoice};

/// The bundled languages selected by `--lang`.
pub fn languages(choice: LangChoice) -> Vec<Language> {
    match choice {
        LangChoice::En => vec![Language::En],
        LangChoice::Zh => vec![Language::Zh],
        LangChoice::All => vec![Language::En, Language::Zh],
    }
}

/// Loads the bundled and extra dictionaries.
pub fn load_dictionary(args: &DictionaryArgs) -> Result<Dictionary, LoadError> {
    let mut dictionary = if args.no_builtin {
        Dictionary::new()
    } else {
        Dictionary::builtin(&languages(args.lang))?
    };
    for path in &args.dictionaries {
        dejargon::profile::add_dictionary_file(&mut dictionary, path)?;
    }
    Ok(dictionary)
}

/// The business-common acronyms.
pub fn common_acronyms() -> CommonAcronyms {
    CommonAcronyms::builtin()
}

/// Prints a load error on stderr.
pub fn report_load_error(error: &LoadError, color: ColorChoice) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    let _ = write_load_error(&mut out, error, color.stderr());
    let _ = out.flush();
}
