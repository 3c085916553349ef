//! The alerts of a refresh: the new articles the watchlist or a view with `notify = true`
//! names, gathered as feeds are stored and raised once at the end as one notification.

use std::io::Write;

use crate::alerts::Alert;

/// The alerts of this refresh, raised once at its end.
pub(super) struct AlertsFound {
    pub watchlist: std::sync::Arc<crate::topics::watch::Watchlist>,
    /// Views with `notify = true`, and the hide rules that silence an article.
    pub lenses: crate::lenses::Lenses,
    pub found: Vec<Alert>,
}

/// Runs `notify_command` and rings the bell for everything found, as one notification.
/// `json`: the alert is printed as one JSON object, like the rest of `refresh --json`.
pub(super) fn raise_alerts(config: &crate::alerts::AlertsConfig, found: &[Alert], json: bool) {
    use crate::alerts::command;
    let Some(notification) = crate::alerts::batch(found) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    let line = if json {
        serde_json::json!({
            "alert": notification.title,
            "source": notification.source,
            "link": notification.link,
            "topic": notification.topic,
            "view": notification.view,
        })
        .to_string()
    } else {
        format!("alert: {}", notification.line())
    };
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    drop(out);
    if config.bell {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(b"\x07").and_then(|()| err.flush());
    }
    if !config.command.is_empty() {
        let warning = match command::start(&command::argv(&config.command, &notification)) {
            Ok(running) => running.wait(command::WAIT),
            Err(why) => Some(format!("notify_command {why}")),
        };
        if let Some(warning) = warning {
            eprintln!("ainews-tui: {warning}");
        }
    }
}
