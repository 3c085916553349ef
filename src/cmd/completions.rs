//! `completions SHELL`: a completion script for the shell, generated from the clap
//! definitions so it never drifts from the real flags.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Writes the completion script for `shell` to `out`.
pub fn print(shell: Shell, out: &mut dyn Write) {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    clap_complete::generate(shell, &mut command, name, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let mut out = Vec::new();
            print(shell, &mut out);
            let script = String::from_utf8(out).unwrap();
            assert!(script.contains("headlines"), "{shell}");
            assert!(script.contains("import-opml"), "{shell}");
        }
    }
}
