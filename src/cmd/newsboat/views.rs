//! The config edits `import-opml` does not make: newsboat's hidden feeds turned off
//! (`enabled = false`) and its query feeds appended as `[[views]]`, with toml_edit so the
//! user's comments and layout stay.

use anyhow::{Context, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::normalize_link;

/// A view to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewView {
    pub name: String,
    pub query: String,
}

/// `text` with `enabled = false` on the feeds whose URL is in `disabled`, and `views`
/// appended after the existing `[[views]]`.
pub fn edit(text: &str, disabled: &[String], views: &[NewView]) -> anyhow::Result<String> {
    if disabled.is_empty() && views.is_empty() {
        return Ok(text.to_owned());
    }
    let mut doc: DocumentMut = text.parse().context("the config file is not valid TOML")?;
    let wanted: Vec<String> = disabled.iter().map(|url| normalize_link(url)).collect();
    let is_wanted =
        |url: Option<&str>| url.is_some_and(|url| wanted.contains(&normalize_link(url)));
    match doc.get_mut("feeds") {
        Some(Item::ArrayOfTables(tables)) => {
            for table in tables.iter_mut() {
                if is_wanted(table.get("url").and_then(Item::as_str)) {
                    table.insert("enabled", toml_edit::value(false));
                }
            }
        }
        Some(Item::Value(Value::Array(array))) => {
            for value in array.iter_mut() {
                if let Some(inline) = value.as_inline_table_mut()
                    && is_wanted(inline.get("url").and_then(Value::as_str))
                {
                    inline.insert("enabled", Value::from(false));
                }
            }
        }
        _ if disabled.is_empty() => {}
        _ => bail!("`feeds` is not a list of [[feeds]] tables; turn the hidden feeds off by hand"),
    }
    if !views.is_empty() {
        let entry = doc
            .as_table_mut()
            .entry("views")
            .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
        let Item::ArrayOfTables(tables) = entry else {
            bail!("`views` is not a list of [[views]] tables; add the views by hand");
        };
        for (index, view) in views.iter().enumerate() {
            let mut table = Table::new();
            table.insert("name", toml_edit::value(view.name.as_str()));
            table.insert("query", toml_edit::value(view.query.as_str()));
            let prefix = if index == 0 {
                "\n# Query feeds imported from newsboat.\n"
            } else {
                "\n"
            };
            table.decor_mut().set_prefix(prefix);
            tables.push(table);
        }
    }
    Ok(doc.to_string())
}
