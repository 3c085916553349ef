//! What `headlines` lists of the rows the store gave: `--view` and `--query` (both must
//! match) and the config's `[[hide]]` rules, evaluated through `cmd::selection`; bad input
//! becomes its message on stderr and exit status 2.

use std::process::ExitCode;

use crate::cli::HeadlinesArgs;
use crate::config::{Config, ViewConfig};
use crate::model::UnixTime;
use crate::query::{QueryError, closest};
use crate::store::{Store, StoredArticle};

use super::super::EXIT_CONFIG;
use super::super::selection::{
    RowQuery, Selection, Verdict, config_query_error, hide_rules, vocabulary,
};

/// The selection for these flags, or exit status 2 after the problem is shown on stderr.
pub(super) fn selection_of(
    args: &HeadlinesArgs,
    config: &Config,
    now: UnixTime,
) -> Result<Selection, ExitCode> {
    let fail = |message: String| {
        eprintln!("{message}");
        ExitCode::from(EXIT_CONFIG)
    };
    let vocabulary = vocabulary(config);
    let mut keep = Vec::new();
    if let Some(name) = &args.view {
        let (index, view) = find_view(&config.views, name).map_err(fail)?;
        let place = format!("[[views]] #{} (\"{}\")", index + 1, view.name);
        let query = RowQuery::compile(&view.query, &vocabulary, now)
            .map_err(|err| fail(config_query_error(&place, &view.query, &err)))?;
        keep.push(query);
    }
    if let Some(text) = &args.query {
        let query = RowQuery::compile(text, &vocabulary, now)
            .map_err(|err| fail(query_error(&err, text)))?;
        keep.push(query);
    }
    let hide = hide_rules(config, now).map_err(fail)?;
    Ok(Selection { keep, hide })
}

/// The view named `name` (case ignored) and its index, or the message for an unknown name:
/// the views there are and the closest one.
fn find_view<'c>(views: &'c [ViewConfig], name: &str) -> Result<(usize, &'c ViewConfig), String> {
    let wanted = name.trim();
    if let Some(found) = views
        .iter()
        .enumerate()
        .find(|(_, view)| view.name.trim().to_lowercase() == wanted.to_lowercase())
    {
        return Ok(found);
    }
    if views.is_empty() {
        return Err(format!(
            "error: no view named \"{wanted}\": the config has no [[views]]; add one like\n  \
             [[views]]\n  name = \"Chips\"\n  query = \"nvidia OR huawei OR 芯片\""
        ));
    }
    let suggestion = closest(wanted, views.iter().map(|view| view.name.as_str()))
        .map_or_else(String::new, |close| format!(" (did you mean \"{close}\"?)"));
    let names: Vec<String> = views
        .iter()
        .map(|view| format!("\"{}\"", view.name))
        .collect();
    Err(format!(
        "error: no view named \"{wanted}\"{suggestion}; the config's views are {}",
        names.join(", ")
    ))
}

/// A bad `--query` as stderr shows it: the query, a caret under the culprit, the message.
fn query_error(err: &QueryError, text: &str) -> String {
    let report = err.report(text).to_string();
    let indented: Vec<String> = report.lines().map(|line| format!("  {line}")).collect();
    format!(
        "error: invalid value for '--query <QUERY>':\n{}",
        indented.join("\n")
    )
}

/// One row to list.
pub(super) struct Entry {
    pub row: StoredArticle,
    /// With `--full-text`: the text around the first match.
    pub snippet: Option<String>,
    /// A hide rule matches it (listed with `--include-hidden`).
    pub hidden: bool,
}

/// The rows listed, in order.
pub(super) struct Listed {
    pub entries: Vec<Entry>,
    /// Rows that matched the filters but were hidden and so left out.
    pub hidden_left_out: usize,
}

/// The rows (and their snippets) `selection` lists, at most `limit`: hidden ones only with
/// `include_hidden`, flagged.
pub(super) fn keep(
    selection: &Selection,
    store: &Store,
    config: &Config,
    rows: Vec<StoredArticle>,
    snippets: Vec<Option<String>>,
    limit: Option<usize>,
    include_hidden: bool,
) -> anyhow::Result<Listed> {
    let mut listed = Listed {
        entries: Vec::new(),
        hidden_left_out: 0,
    };
    if selection.is_everything() {
        listed.entries = rows
            .into_iter()
            .zip(snippets)
            .map(|(row, snippet)| Entry {
                row,
                snippet,
                hidden: false,
            })
            .collect();
        return Ok(listed);
    }
    let judge = selection.judge(store, config)?;
    for (row, snippet) in rows.into_iter().zip(snippets) {
        if limit.is_some_and(|limit| listed.entries.len() >= limit) {
            break;
        }
        let hidden = match judge.verdict(&row)? {
            Verdict::Left => continue,
            Verdict::Shown => false,
            Verdict::Hidden if include_hidden => true,
            Verdict::Hidden => {
                listed.hidden_left_out += 1;
                continue;
            }
        };
        listed.entries.push(Entry {
            row,
            snippet,
            hidden,
        });
    }
    Ok(listed)
}
