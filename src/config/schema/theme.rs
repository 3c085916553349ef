//! `[theme]`: `base` picks a built-in theme, every other key is a role of the role table
//! given a colour. The valid keys and the did-you-mean come from that table.

use super::super::theme::{self, BASES, Palette, ROLES};
use super::super::values;
use super::{Checker, Node};

const EXAMPLE: &str = "[theme] accent = \"light_blue\"";

impl Checker<'_> {
    pub(super) fn theme(&mut self, node: &Node<'_>) -> Palette {
        let Some(table) = self.table(node, "`theme`", EXAMPLE) else {
            return Palette::default();
        };
        let mut valid = vec!["base"];
        valid.extend(ROLES.iter().map(|row| row.name));
        self.check_keys(table, &valid, "in [theme]");
        let mut palette = table
            .get("base")
            .and_then(|node| self.base(node))
            .map(Palette::of)
            .unwrap_or_default();
        for row in ROLES {
            let Some(node) = table.get(row.name) else {
                continue;
            };
            let what = format!("`{}` in [theme]", row.name);
            let example = format!("{} = \"light_blue\"", row.name);
            let Some(text) = self.string(node, &what, &example) else {
                continue;
            };
            match theme::parse_color(text) {
                Ok(color) => palette.set(row.role, color),
                Err(why) => self.report(node.span(), format!("bad colour for {what}: {why}")),
            }
        }
        palette
    }

    fn base(&mut self, node: &Node<'_>) -> Option<theme::Base> {
        let what = "`base` in [theme]";
        let text = self.string(node, what, "base = \"light\"")?.trim();
        if let Some((_, base)) = BASES.iter().find(|(name, _)| *name == text) {
            return Some(*base);
        }
        let names: Vec<&str> = BASES.iter().map(|(name, _)| *name).collect();
        let hint = values::did_you_mean(text, &names).map_or_else(
            || ";".to_owned(),
            |close| format!("; did you mean `{close}`?"),
        );
        self.report(
            node.span(),
            format!(
                "unknown theme `{text}` for {what}{hint} the built-in themes are {}",
                names.join(" and ")
            ),
        );
        None
    }
}
