//! `man`: the manual page (roff), generated from the clap definitions so it never drifts
//! from the real flags. One page holds every subcommand, so `ainews-tui man > ainews-tui.1`
//! is all a packager installs.

use std::io::Write;

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold};

use crate::cli::Cli;

/// Writes the manual page to `out`.
pub fn print(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(page().as_bytes())
}

/// The whole page: the program's name, synopsis, description and global options, then a
/// COMMANDS section with each subcommand (nested ones too) in the order of `--help`, its
/// synopsis, description, own options and examples, then the program's examples and version.
pub fn page() -> String {
    let root = without_help_commands(Cli::command());
    let man = Man::new(root.clone());
    let name = root.get_name().to_owned();
    let mut page = Roff::new().render();
    page.push_str(&title_line(&root));
    page.push_str(&fragment(|w| man.render_name_section(w)));
    page.push_str(&fragment(|w| man.render_synopsis_section(w)));
    page.push_str(&fragment(|w| man.render_description_section(w)));
    page.push_str(&fragment(|w| man.render_options_section(w)));
    page.push_str(&control("SH", &["COMMANDS"]));
    for command in visible_subcommands(&root) {
        push_command(&mut page, command, &name);
    }
    page.push_str(&control("SH", &["EXAMPLES"]));
    page.push_str(body(&fragment(|w| man.render_extra_section(w))));
    page.push_str(&fragment(|w| man.render_version_section(w)));
    ascii_only(&page)
}

/// `page` with every character past ASCII written as a roff escape of its code point in
/// hex (`\[u534E]` for 华): man reads a page in the locale's encoding, so the Chinese
/// examples would be garbled under `LANG=C`.
fn ascii_only(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// The names of every subcommand on the page, nested ones as "config check", in page order.
pub fn command_names() -> Vec<String> {
    fn walk(command: &clap::Command, prefix: &str, names: &mut Vec<String>) {
        for sub in visible_subcommands(command) {
            let name = format!("{prefix}{}", sub.get_name());
            names.push(name.clone());
            walk(sub, &format!("{name} "), names);
        }
    }
    let mut names = Vec::new();
    walk(&without_help_commands(Cli::command()), "", &mut names);
    names
}

fn visible_subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command.get_subcommands().filter(|c| !c.is_hide_set())
}

/// `command` (under `parent`, as "ainews-tui config") and its own subcommands, each under a
/// `.SS` heading of its full name. The global options are left to the OPTIONS section:
/// the command is rendered on its own, before clap copies them into every subcommand.
fn push_command(page: &mut String, command: &clap::Command, parent: &str) {
    let full_name = format!("{parent} {}", command.get_name());
    page.push_str(&control("SS", &[&full_name]));
    let man = Man::new(command.clone().bin_name(&full_name));
    page.push_str(body(&fragment(|w| man.render_synopsis_section(w))));
    page.push_str(&control("PP", &[]));
    page.push_str(body(&fragment(|w| man.render_description_section(w))));
    page.push_str(&control("PP", &[]));
    page.push_str(&text_line(bold("Options:")));
    page.push_str(body(&fragment(|w| man.render_options_section(w))));
    if command.get_after_help().is_some() {
        page.push_str(&control("PP", &[]));
        page.push_str(body(&fragment(|w| man.render_extra_section(w))));
    }
    for sub in visible_subcommands(command) {
        push_command(page, sub, &full_name);
    }
}

/// `.TH` with an empty date (the page is the same for every build of a version), the
/// version as the source and the manual's name.
fn title_line(root: &clap::Command) -> String {
    let source = format!(
        "{} {}",
        root.get_name(),
        root.get_version().unwrap_or_default()
    );
    let title = root.get_name().to_ascii_uppercase();
    control("TH", &[&title, "1", "\"\"", &source, "User Commands"])
}

/// clap's implicit `help` subcommands have no place on the page: `--help` is listed with
/// the options already.
fn without_help_commands(command: clap::Command) -> clap::Command {
    command
        .disable_help_subcommand(true)
        .mut_subcommands(without_help_commands)
}

/// One rendered piece of roff, without the preamble each render repeats.
fn fragment(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Rendering into memory cannot fail, and clap's texts are UTF-8.
    let _ = render(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let preamble = Roff::new().render();
    text.strip_prefix(&preamble)
        .map(str::to_owned)
        .unwrap_or(text)
}

/// `rendered` without its leading `.SH` heading: the page puts its own heading above it.
fn body(rendered: &str) -> &str {
    match rendered.split_once('\n') {
        Some((first, rest)) if first.starts_with(".SH") => rest,
        _ => rendered,
    }
}

fn control(macro_name: &str, args: &[&str]) -> String {
    let mut roff = Roff::new();
    roff.control(macro_name, args.iter().copied());
    fragment(|w| roff.to_writer(w))
}

fn text_line(text: clap_mangen::roff::Inline) -> String {
    let mut roff = Roff::new();
    roff.text([text]);
    fragment(|w| roff.to_writer(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_one_roff_document() {
        let page = page();
        assert!(page.starts_with(
            ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n\
             .TH AINEWS-TUI 1 \"\" \"ainews-tui 0.1.0\" \"User Commands\"\n.SH NAME\n"
        ));
        assert_eq!(page.matches(".ds Aq").count(), 2, "one preamble");
        assert_eq!(page.matches("\n.TH ").count(), 1, "one title");
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "EXAMPLES",
        ] {
            assert_eq!(
                page.matches(&format!("\n.SH {section}\n")).count(),
                1,
                "{section}"
            );
        }
        assert!(!page.contains("ainews-tui-help") && !page.contains("ainews\\-tui help"));
        assert!(page.is_ascii());
    }

    #[test]
    fn characters_past_ascii_are_escaped() {
        assert_eq!(
            ascii_only("a \u{534e}\u{4e3a} \u{ab}x\u{bb} \u{1f600}"),
            "a \\[u534E]\\[u4E3A] \\[u00AB]x\\[u00BB] \\[u1F600]"
        );
        assert!(
            page().contains("\\[u534E]\\[u4E3A]"),
            "the Chinese search example"
        );
    }

    #[test]
    fn every_subcommand_has_its_heading_and_synopsis() {
        let page = page();
        let names = command_names();
        assert!(names.contains(&"config check".to_owned()), "{names:?}");
        assert!(names.contains(&"man".to_owned()), "{names:?}");
        for name in &names {
            let heading = format!("\n.SS \"ainews-tui {name}\"\n");
            let at = page
                .find(&heading)
                .unwrap_or_else(|| panic!("no heading for {name}"));
            let synopsis = format!("\\fBainews\\-tui {}\\fR", name.replace('-', "\\-"));
            assert!(
                page[at..].contains(&synopsis),
                "no synopsis {synopsis} for {name}"
            );
        }
    }
}
