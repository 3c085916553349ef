//! Running `notify_command` (and `browser`): each argument with its `{placeholders}` replaced by the
//! notification's values, the program started directly (never through a shell, so a
//! headline is always data), with no input and its output discarded, and waited for off
//! the caller's thread so it leaves no zombie and never holds anyone up.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Notification, PLACEHOLDERS};

/// How long a headless caller waits for the command before leaving it to finish alone.
pub const WAIT: Duration = Duration::from_secs(5);

/// The command line for `notification`: every known `{placeholder}` replaced in every
/// argument; anything else is left as written.
pub fn argv(template: &[String], notification: &Notification) -> Vec<String> {
    template
        .iter()
        .map(|argument| {
            let mut out = argument.clone();
            for name in PLACEHOLDERS {
                let pattern = format!("{{{name}}}");
                if out.contains(&pattern) {
                    out = out.replace(&pattern, notification.value(name).unwrap_or(""));
                }
            }
            out
        })
        .collect()
}

/// A started command, to be waited for.
pub struct Running {
    child: std::process::Child,
    program: String,
}

/// Starts `argv` (the program first). Says why not, in one line, when it cannot start.
pub fn start(argv: &[String]) -> Result<Running, String> {
    let Some((program, args)) = argv.split_first() else {
        return Err("the command is empty".to_string());
    };
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|child| Running {
            child,
            program: program.clone(),
        })
        .map_err(|err| format!("`{program}` could not start: {err}"))
}

/// How a started command stood when it was last looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    Succeeded,
    /// It ended with this status (one line).
    Failed(String),
    /// Still running when the wait was over; reaped by a thread of its own when it ends.
    StillRunning,
}

impl Running {
    /// Waits up to `limit` for the command.
    pub fn wait_status(mut self, limit: Duration) -> Ended {
        let until = Instant::now() + limit;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) if status.success() => return Ended::Succeeded,
                Ok(Some(status)) => return Ended::Failed(format!("`{}` {status}", self.program)),
                Ok(None) if Instant::now() >= until => {
                    std::thread::spawn(move || self.child.wait());
                    return Ended::StillRunning;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(err) => return Ended::Failed(format!("waiting for `{}`: {err}", self.program)),
            }
        }
    }

    /// Waits up to `limit` for the command; says how it ended when that is worth a
    /// warning (a failure, or still running).
    pub fn wait(self, limit: Duration) -> Option<String> {
        let program = self.program.clone();
        match self.wait_status(limit) {
            Ended::Succeeded => None,
            Ended::Failed(why) => Some(format!("notify_command {why}")),
            Ended::StillRunning => Some(format!(
                "notify_command `{program}` still runs after {} s; left to finish",
                limit.as_secs()
            )),
        }
    }

    /// The program's name, as the config gives it.
    pub fn program(&self) -> &str {
        &self.program
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification() -> Notification {
        Notification {
            title: "DeepSeek ships R3; rm -rf ~ $(id)".into(),
            source: "Wire".into(),
            link: "https://news.example/1".into(),
            topic: "China".into(),
            view: "DeepSeek".into(),
        }
    }

    #[test]
    fn placeholders_are_replaced_inside_arguments_and_nothing_else_is() {
        let template = [
            "notify-send",
            "{source} ({topic})",
            "{title}",
            "{link}",
            "{view}",
            "{nope}",
            "{}",
        ]
        .map(String::from);
        assert_eq!(
            argv(&template, &notification()),
            [
                "notify-send",
                "Wire (China)",
                "DeepSeek ships R3; rm -rf ~ $(id)",
                "https://news.example/1",
                "DeepSeek",
                "{nope}",
                "{}"
            ]
        );
    }

    #[test]
    fn the_headline_reaches_the_program_as_one_argument() {
        let dir = std::env::temp_dir().join(format!("ainews-alert-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("argv");
        // `sh -c` here is the test's own program; the title arrives as $1, never as code.
        let template = [
            "sh".to_string(),
            "-c".to_string(),
            format!("printf '%s\\n' \"$1\" > {}", out.display()),
            "alert".to_string(),
            "{title}".to_string(),
        ];
        let running = start(&argv(&template, &notification())).unwrap();
        assert_eq!(running.wait(WAIT), None);
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "DeepSeek ships R3; rm -rf ~ $(id)\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_program_is_one_line() {
        let err = start(&["ainews-no-such-notifier".to_string()])
            .err()
            .unwrap();
        assert!(
            err.starts_with("`ainews-no-such-notifier` could not start:"),
            "{err}"
        );
    }
}
