//! The command line's help and usage errors in the user's language. Clap
//! renders help while it parses, so the language is read from the arguments
//! first; the command tree is then relabelled from the catalog
//! (`i18n::command_about`, `i18n::arg_help`, one or two examples per command),
//! and clap's own errors are rendered from the catalog with its suggestions.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::i18n::{self, HelpWord, Lang, UsageError};

/// What the command line asks for: a command to run, or an exit after help,
/// the version or a usage error has been printed.
pub enum Parsed {
    Run(Box<Cli>),
    Exit(u8),
}

/// Parses the process's arguments; help and errors are printed here.
pub fn parse() -> Parsed {
    parse_from(std::env::args_os().collect())
}

/// [`parse`] for given arguments (the first is the program's name).
pub fn parse_from(args: Vec<OsString>) -> Parsed {
    let lang = lang_of(&args);
    let mut cmd = command(lang);
    cmd = cmd.subcommand(
        Command::new("help")
            .about(i18n::command_about("help", lang).unwrap_or_default())
            .arg(
                Arg::new("command")
                    .num_args(0..=2)
                    .value_name(i18n::value_name("command", lang).unwrap_or("COMMAND"))
                    .help(i18n::arg_help("help", "command", lang).unwrap_or_default()),
            ),
    );
    // `chiso help [COMMAND]`: the command's help, as `chiso COMMAND --help`.
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let first_word =
        (0..words.len()).find(|&i| !words[i].starts_with('-') && !after_option_value(&words, i));
    if let Some(at) = first_word
        && words[at] == "help"
    {
        let mut asked: Vec<String> = words[at + 1..]
            .iter()
            .filter(|w| !w.starts_with('-'))
            .cloned()
            .collect();
        asked.truncate(2);
        let mut rewritten: Vec<OsString> = vec![args[0].clone()];
        rewritten.extend(asked.into_iter().map(OsString::from));
        rewritten.push("--help".into());
        return parse_from_command(cmd, rewritten, lang);
    }
    parse_from_command(cmd, args, lang)
}

fn parse_from_command(mut cmd: Command, args: Vec<OsString>, lang: Lang) -> Parsed {
    let path = command_path(&cmd, &args);
    match cmd.try_get_matches_from_mut(args) {
        Ok(matches) => match Cli::from_arg_matches(&matches) {
            Ok(cli) => Parsed::Run(Box::new(cli)),
            Err(e) => Parsed::Exit(usage_error(&e, &path, lang)),
        },
        Err(e) => Parsed::Exit(usage_error(&e, &path, lang)),
    }
}

/// Whether the word at `at` is the value of a preceding `--root` or `--lang`.
fn after_option_value(words: &[String], at: usize) -> bool {
    at > 0 && matches!(words[at - 1].as_str(), "--root" | "--lang")
}

/// `--lang en` (or `--lang=en`) anywhere on the line; Vietnamese otherwise.
pub fn lang_of(args: &[OsString]) -> Lang {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut lang = Lang::Vi;
    for (i, w) in words.iter().enumerate() {
        let value = match w.strip_prefix("--lang") {
            Some("") => words.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value {
            Some("en") => lang = Lang::En,
            Some("vi") => lang = Lang::Vi,
            _ => {}
        }
    }
    lang
}

/// The names of the subcommands the arguments name (`["key", "new"]`), for
/// the "see help" line of an error.
fn command_path(cmd: &Command, args: &[OsString]) -> String {
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut path = Vec::new();
    let mut at = cmd;
    for (i, w) in words.iter().enumerate() {
        if w.starts_with('-') || after_option_value(&words, i) {
            continue;
        }
        match at.find_subcommand(w) {
            Some(sub) => {
                path.push(sub.get_name().to_string());
                at = sub;
            }
            None => break,
        }
    }
    path.join(" ")
}

/// The command tree of [`Cli`] with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = relabel(Cli::command(), "", lang)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(i18n::arg_help("", "version", lang).unwrap_or_default())
                .help_heading(HelpWord::Options.text(lang)),
        );
    cmd.disable_help_subcommand(true)
}

fn relabel(cmd: Command, path: &str, lang: Lang) -> Command {
    let about = i18n::command_about(path, lang).unwrap_or_default();
    let examples = i18n::command_examples(path);
    let mut after = String::new();
    if !examples.is_empty() {
        after.push_str(HelpWord::Examples.text(lang));
        for e in examples {
            after.push_str("\n  ");
            after.push_str(e);
        }
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}\n",
        HelpWord::Usage.text(lang)
    );
    let command_word = HelpWord::CommandPlaceholder.text(lang);
    let mut cmd = cmd
        .about(about)
        .long_about(None)
        .after_help(after)
        .help_template(template)
        .subcommand_help_heading(HelpWord::Commands.text(lang))
        .subcommand_value_name(command_word.trim_matches(['<', '>']))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(i18n::arg_help(path, "help", lang).unwrap_or_default())
                .help_heading(HelpWord::Options.text(lang)),
        );
    cmd = cmd.mut_args(|arg| {
        let id = arg.get_id().as_str().to_string();
        let heading = if arg.is_positional() {
            HelpWord::Arguments
        } else {
            HelpWord::Options
        };
        let mut arg = arg.help_heading(heading.text(lang));
        if let Some(help) = i18n::arg_help(path, &id, lang) {
            arg = arg.help(help).long_help(None);
        }
        if arg.get_action().takes_values() {
            // The catalog's help names the values.
            arg = arg.hide_possible_values(true);
            if let Some(name) = i18n::value_name(&id, lang) {
                arg = arg.value_name(name);
            }
        }
        arg
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| relabel(s, &sub_path, lang));
    }
    cmd
}

/// Prints what clap stopped at: help and the version on standard output
/// (exit 0), a usage error on standard error (exit 2).
fn usage_error(e: &clap::Error, path: &str, lang: Lang) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", localize_rendered(&e.render().to_string(), lang));
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", localize_rendered(&e.render().to_string(), lang));
            return 2;
        }
        _ => {}
    }
    let string = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = || localize_rendered(&string(ContextKind::InvalidArg).unwrap_or_default(), lang);
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => UsageError::UnknownCommand {
            given: string(ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggested: strings(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::UnknownArgument => UsageError::UnknownArgument {
            given: string(ContextKind::InvalidArg).unwrap_or_default(),
            suggested: string(ContextKind::SuggestedArg),
        },
        ErrorKind::MissingRequiredArgument => UsageError::MissingArguments(
            strings(ContextKind::InvalidArg)
                .iter()
                .map(|a| localize_rendered(a, lang))
                .collect(),
        ),
        ErrorKind::MissingSubcommand => UsageError::MissingCommand,
        ErrorKind::InvalidValue => UsageError::InvalidValue {
            arg: arg(),
            value: string(ContextKind::InvalidValue).unwrap_or_default(),
            valid: strings(ContextKind::ValidValue),
            suggested: string(ContextKind::SuggestedValue),
        },
        ErrorKind::ValueValidation => UsageError::NotANumber {
            arg: arg(),
            value: string(ContextKind::InvalidValue).unwrap_or_default(),
        },
        ErrorKind::ArgumentConflict => {
            let prior = strings(ContextKind::PriorArg);
            let given = arg();
            let with = prior
                .first()
                .map(|p| localize_rendered(p, lang))
                .filter(|p| *p != given);
            UsageError::Conflict { arg: given, with }
        }
        ErrorKind::TooManyValues => {
            UsageError::Unexpected(string(ContextKind::InvalidValue).unwrap_or_default())
        }
        _ => UsageError::Other(
            e.render()
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string(),
        ),
    };
    eprintln!(
        "{}: {}",
        i18n::Msg::LevelError.text(lang),
        message.text(lang)
    );
    if let Some(usage) = string(ContextKind::Usage) {
        eprintln!("\n{}", localize_rendered(&usage, lang));
    }
    eprintln!("{}", UsageError::see_help(path, lang));
    2
}

/// The few words clap writes itself, in `lang`.
fn localize_rendered(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    let words = [
        ("Usage:", HelpWord::Usage),
        ("[OPTIONS]", HelpWord::OptionsPlaceholder),
        ("[default:", HelpWord::Default),
        ("[possible values:", HelpWord::Values),
    ];
    let mut text = text.to_string();
    for (en, word) in words {
        let vi = match word {
            HelpWord::Default | HelpWord::Values => format!("[{}", word.text(lang)),
            _ => word.text(lang).to_string(),
        };
        text = text.replace(en, &vi);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(lang_of(&os(&["chiso", "--help"])), Lang::Vi);
        assert_eq!(lang_of(&os(&["chiso", "--lang", "en", "--help"])), Lang::En);
        assert_eq!(lang_of(&os(&["chiso", "score", "--lang=en"])), Lang::En);
    }

    /// Every command and every argument has its text in both languages, so
    /// that no English doc comment shows through in Vietnamese help.
    #[test]
    fn every_command_and_argument_is_in_the_catalog() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            for lang in [Lang::Vi, Lang::En] {
                if i18n::command_about(path, lang).is_none() {
                    missing.push(format!("about of `{path}`"));
                }
                for arg in cmd.get_arguments() {
                    let id = arg.get_id().as_str();
                    if i18n::arg_help(path, id, lang).is_none() {
                        missing.push(format!("`{path}` {id}"));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                let sub_path = if path.is_empty() {
                    sub.get_name().to_string()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "not in the catalog: {missing:?}");
    }
}
