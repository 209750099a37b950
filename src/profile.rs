//! A profile is everything needed to check the files one configuration file
//! governs: the linter (dictionaries chosen by the config and the command
//! line), the base lint options and the fail threshold. Per-path blocks adjust
//! the options file by file.

use std::path::{Path, PathBuf};

use crate::acronym::CommonAcronyms;
use crate::config::{Builtin, FailOn, LoadedConfig};
use crate::dictionary::{Audience, Dictionary, Language, LoadError};
use crate::lint::{LintOptions, Linter};
use crate::source::{read_bounded, MAX_SETTINGS_BYTES};

/// Settings given on the command line; they win over the configuration file.
#[derive(Debug, Clone, Default)]
pub struct CliSettings {
    pub audience: Option<Audience>,
    pub fail_on: Option<FailOn>,
    pub dictionaries: Vec<PathBuf>,
    pub no_builtin: bool,
    /// Bundled languages (`--lang`); `None` means all.
    pub languages: Option<Vec<Language>>,
    pub undefined_acronyms: Option<bool>,
}

/// A linter and options for the files governed by one configuration.
#[derive(Debug)]
pub struct Profile {
    pub config: LoadedConfig,
    pub linter: Linter,
    pub options: LintOptions,
    pub fail_on: FailOn,
}

/// The lint options and fail threshold for one file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub enabled: bool,
    pub options: LintOptions,
    pub fail_on: FailOn,
}

/// Reads a dictionary file into `dictionary`.
pub fn add_dictionary_file(dictionary: &mut Dictionary, path: &Path) -> Result<(), LoadError> {
    let shown = path.display().to_string();
    let bytes = read_bounded(path, MAX_SETTINGS_BYTES).map_err(|err| {
        LoadError::whole_file(
            &shown,
            format!(
                "cannot read dictionary: {}",
                crate::walk::describe_io_error(&err)
            ),
        )
        .with_help(
            "check the path given with --dictionary or under `dictionaries` in dejargon.toml",
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|err| {
        LoadError::whole_file(
            &shown,
            format!(
                "dictionary is not valid UTF-8 (byte offset {})",
                err.utf8_error().valid_up_to()
            ),
        )
        .with_help("save the dictionary as UTF-8")
    })?;
    dictionary.add_json(&shown, text.trim_start_matches('\u{feff}'))
}

impl Profile {
    /// Builds the profile of a configuration, with command-line settings on top.
    pub fn build(config: LoadedConfig, cli: &CliSettings) -> Result<Profile, LoadError> {
        let settings = &config.config;
        let config_path = config
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();

        // Which bundled entries: the config's `builtin`, narrowed by --lang, dropped by --no-builtin.
        let (mut languages, categories): (Vec<Language>, Vec<String>) = match &settings.builtin {
            None | Some(Builtin::All(true)) => (vec![Language::En, Language::Zh], Vec::new()),
            Some(Builtin::All(false)) => (Vec::new(), Vec::new()),
            Some(Builtin::Only(items)) => {
                let langs: Vec<Language> = items
                    .iter()
                    .filter_map(|i| match i.as_str() {
                        "en" => Some(Language::En),
                        "zh" => Some(Language::Zh),
                        _ => None,
                    })
                    .collect();
                let cats: Vec<String> = items
                    .iter()
                    .filter(|i| !matches!(i.as_str(), "en" | "zh"))
                    .cloned()
                    .collect();
                let langs = if langs.is_empty() {
                    vec![Language::En, Language::Zh]
                } else {
                    langs
                };
                (langs, cats)
            }
        };
        if let Some(only) = &cli.languages {
            languages.retain(|l| only.contains(l));
        }
        let mut dictionary = if cli.no_builtin || languages.is_empty() {
            Dictionary::new()
        } else {
            Dictionary::builtin(&languages)?
        };
        if !categories.is_empty() {
            dictionary.retain(|e| categories.iter().any(|c| *c == *e.category));
        }
        for path in &settings.dictionaries {
            add_dictionary_file(&mut dictionary, &config.root.join(path))?;
        }
        for (i, extra) in settings.extra.iter().enumerate() {
            let json = serde_json::to_string_pretty(extra)
                .map_err(|err| LoadError::whole_file(&config_path, format!("extra[{i}]: {err}")))?;
            dictionary
                .add_json(&format!("{config_path} (extra[{i}])"), &json)
                .map_err(|mut err| {
                    // Positions in the JSON rendering mean nothing to the author.
                    err.text = None;
                    err.path = format!("{config_path}: extra[{i}]");
                    err
                })?;
        }
        for path in &cli.dictionaries {
            add_dictionary_file(&mut dictionary, path)?;
        }
        let mut common = CommonAcronyms::builtin();
        if !settings.allow.is_empty() {
            let allowed: Vec<String> = settings.allow.iter().map(|a| a.to_lowercase()).collect();
            dictionary.retain(|e| !e.spellings().any(|s| allowed.contains(&s.to_lowercase())));
            common.extend(settings.allow.iter().cloned());
        }

        let options = LintOptions {
            audience: cli.audience.or(settings.audience).unwrap_or_default(),
            undefined_acronyms: cli
                .undefined_acronyms
                .or(settings.undefined_acronyms)
                .unwrap_or(true),
            overrides: settings.severity.clone(),
            ..LintOptions::default()
        };
        let fail_on = cli.fail_on.or(settings.fail_on).unwrap_or(FailOn::Warning);
        let linter = Linter::new(dictionary, common, options.clone());
        Ok(Profile {
            config,
            linter,
            options,
            fail_on,
        })
    }

    /// The settings for one file: the base options with matching `per-path`
    /// blocks applied in order. Command-line settings still win.
    pub fn settings_for(&self, path: &Path, cli: &CliSettings) -> FileSettings {
        let mut settings = FileSettings {
            enabled: true,
            options: self.options.clone(),
            fail_on: self.fail_on,
        };
        for block in self.config.per_path_for(path) {
            if let Some(enabled) = block.enabled {
                settings.enabled = enabled;
            }
            if let Some(audience) = block.audience.filter(|_| cli.audience.is_none()) {
                settings.options.audience = audience;
            }
            if let Some(fail_on) = block.fail_on.filter(|_| cli.fail_on.is_none()) {
                settings.fail_on = fail_on;
            }
            if let Some(undefined) = block
                .undefined_acronyms
                .filter(|_| cli.undefined_acronyms.is_none())
            {
                settings.options.undefined_acronyms = undefined;
            }
            settings.options.overrides.merge(&block.severity);
        }
        settings
    }
}
