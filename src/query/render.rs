//! A query written back as text, in one canonical spelling (`topic:china`, `since:7d`,
//! parentheses only where they are needed): for showing a view's query, and so that
//! parsing what is rendered gives the same query again.

use std::fmt;

use super::ast::{Node, Query, Term, Watch};
use super::time;

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_node(f, &self.root, Context::Top)
    }
}

/// Where a node sits, which decides whether it needs parentheses.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Top,
    InAnd,
    InOr,
    InNot,
}

fn write_node(f: &mut fmt::Formatter<'_>, node: &Node, context: Context) -> fmt::Result {
    match node {
        Node::All => Ok(()),
        Node::And(children) => {
            let grouped = context != Context::Top;
            write_list(f, children, " ", Context::InAnd, grouped)
        }
        Node::Or(children) => {
            let grouped = matches!(context, Context::InOr | Context::InNot);
            write_list(f, children, " OR ", Context::InOr, grouped)
        }
        Node::Not(child) => {
            f.write_str("-")?;
            write_node(f, child, Context::InNot)
        }
        Node::Term(term, _) => write_term(f, term),
    }
}

fn write_list(
    f: &mut fmt::Formatter<'_>,
    children: &[Node],
    separator: &str,
    context: Context,
    grouped: bool,
) -> fmt::Result {
    if grouped {
        f.write_str("(")?;
    }
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        write_node(f, child, context)?;
    }
    if grouped {
        f.write_str(")")?;
    }
    Ok(())
}

fn write_term(f: &mut fmt::Formatter<'_>, term: &Term) -> fmt::Result {
    match term {
        Term::Word(word) => f.write_str(word),
        Term::Phrase(phrase) => write!(f, "\"{phrase}\""),
        Term::Topic(topic) => write!(f, "topic:{topic}"),
        Term::Source(text) => write!(f, "source:{}", value(text)),
        Term::Tag(tag) => write!(f, "tag:{}", value(tag)),
        Term::Watch(Watch::Any) => f.write_str("watch:any"),
        Term::Watch(Watch::Term(term)) => write!(f, "watch:{}", value(term)),
        Term::Is(flag) => write!(f, "is:{}", flag.as_str()),
        Term::HasFullText => f.write_str("has:fulltext"),
        Term::Since(when) => write!(f, "since:{}", time::render(*when)),
        Term::Before(when) => write!(f, "before:{}", time::render(*when)),
    }
}

/// A field's value, quoted when it would not read back as one word.
fn value(text: &str) -> String {
    let bare = !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"'));
    if bare {
        text.to_owned()
    } else {
        format!("\"{text}\"")
    }
}
