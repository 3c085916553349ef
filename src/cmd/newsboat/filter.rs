//! Newsboat's filter language (`title =~ "nvidia" and unread = "yes"`) turned into our
//! query language (`crate::query`), where it maps cleanly; otherwise the reason it does not.
//! Pure.

/// A comparison or a group, as parsed.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Compare {
        attribute: String,
        operator: String,
        value: String,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// Our query for `expression`, or why there is none. `known_tags` are the feed tags of the
/// config after the import: a view naming any other tag would not load.
pub fn translate(expression: &str, known_tags: &[String]) -> Result<String, String> {
    let tokens = tokenize(expression)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.expression()?;
    if let Some(token) = parser.tokens.get(parser.at) {
        return Err(format!("unexpected `{token}` in the expression"));
    }
    let query = render(&expr, known_tags, false)?;
    // Never hand the config a query it would refuse.
    crate::query::parse(&query)
        .map_err(|err| format!("the translation `{query}` is not valid ({err})"))?;
    Ok(query)
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut value = String::from("\"");
            loop {
                match chars.next() {
                    None => return Err("a quote is not closed in the expression".to_owned()),
                    Some('"') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                }
            }
            tokens.push(value);
        } else if c == '(' || c == ')' {
            chars.next();
            tokens.push(c.to_string());
        } else if "=!~#<>".contains(c) {
            let mut op = String::new();
            while let Some(c) = chars.next_if(|c| "=!~#<>".contains(*c)) {
                op.push(c);
            }
            tokens.push(op);
        } else {
            let mut word = String::new();
            while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !"()\"=!~#<>".contains(*c))
            {
                word.push(c);
            }
            tokens.push(word);
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<String>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<String> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    /// Terms joined by `and` or by `or`, never both at one level: newsboat users rely on
    /// parentheses there, and a guess at the precedence could change what a view shows.
    fn expression(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.term()?];
        let mut joiner: Option<String> = None;
        while let Some(word) = self.peek().map(str::to_lowercase) {
            if word != "and" && word != "or" {
                break;
            }
            if joiner.as_deref().is_some_and(|j| j != word) {
                return Err(
                    "it mixes `and` and `or` without parentheses; add them in newsboat's \
                     urls file and import again"
                        .to_owned(),
                );
            }
            self.at += 1;
            joiner = Some(word);
            terms.push(self.term()?);
        }
        Ok(match joiner.as_deref() {
            None => terms.remove(0),
            Some("and") => Expr::And(terms),
            Some(_) => Expr::Or(terms),
        })
    }

    fn term(&mut self) -> Result<Expr, String> {
        if self.peek() == Some("(") {
            self.at += 1;
            let inner = self.expression()?;
            return match self.next().as_deref() {
                Some(")") => Ok(inner),
                _ => Err("a parenthesis is not closed in the expression".to_owned()),
            };
        }
        let attribute = self.next().ok_or("the expression ends too early")?;
        let operator = self
            .next()
            .ok_or_else(|| format!("`{attribute}` has no operator"))?;
        let value = self
            .next()
            .ok_or_else(|| format!("`{attribute} {operator}` has no value"))?;
        let value = value.strip_prefix('"').unwrap_or(&value).to_owned();
        Ok(Expr::Compare {
            attribute: attribute.to_lowercase(),
            operator,
            value,
        })
    }
}

fn render(expr: &Expr, known_tags: &[String], nested: bool) -> Result<String, String> {
    match expr {
        Expr::Compare {
            attribute,
            operator,
            value,
        } => compare(attribute, operator, value, known_tags),
        Expr::And(terms) | Expr::Or(terms) => {
            let joiner = if matches!(expr, Expr::And(_)) {
                " "
            } else {
                " OR "
            };
            let parts = terms
                .iter()
                .map(|term| render(term, known_tags, true))
                .collect::<Result<Vec<_>, _>>()?;
            let joined = parts.join(joiner);
            Ok(if nested {
                format!("({joined})")
            } else {
                joined
            })
        }
    }
}

fn compare(
    attribute: &str,
    op: &str,
    value: &str,
    known_tags: &[String],
) -> Result<String, String> {
    let unsupported = || {
        Err(format!(
            "`{attribute} {op} \"{value}\"` has no counterpart in the query language (it has \
             words, source:, tag:, is:unread|read|starred, since: and before:)"
        ))
    };
    let yes = value.eq_ignore_ascii_case("yes");
    let no = value.eq_ignore_ascii_case("no");
    match (attribute, op) {
        ("unread", "=") | ("unread", "!=") if yes || no => Ok(if yes == (op == "=") {
            "is:unread"
        } else {
            "is:read"
        }
        .to_owned()),
        ("flags", "#") if value == "s" => Ok("is:starred".to_owned()),
        ("flags", "!#") if value == "s" => Ok("-is:starred".to_owned()),
        ("tags", "#") | ("tags", "!#") => {
            let wanted = value.trim().to_lowercase();
            if !known_tags.iter().any(|t| t.trim().to_lowercase() == wanted) {
                return Err(format!("no feed has the tag `{value}`"));
            }
            let negation = if op == "!#" { "-" } else { "" };
            Ok(format!("{negation}tag:{}", quoted_if_needed(value)?))
        }
        ("title", "=~") | ("title", "!~") | ("content", "=~") | ("content", "!~") => {
            let text = plain_text(value)?;
            let negation = if op == "!~" { "-" } else { "" };
            Ok(format!("{negation}{}", quoted_if_needed(&text)?))
        }
        ("feedtitle", "=~") | ("feedtitle", "=") => {
            Ok(format!("source:{}", quoted_if_needed(&plain_text(value)?)?))
        }
        ("age", "<") | ("age", "<=") | ("age", ">") | ("age", ">=") => {
            let days: u32 = value
                .trim()
                .parse()
                .map_err(|_| format!("`age` needs a number of days, not `{value}`"))?;
            let field = if op.starts_with('<') {
                "since"
            } else {
                "before"
            };
            Ok(format!("{field}:{days}d"))
        }
        _ => unsupported(),
    }
}

/// The text of a regular expression that is only text; anchors, classes and repetition
/// have no counterpart among our words and phrases.
fn plain_text(pattern: &str) -> Result<String, String> {
    if pattern.chars().any(|c| "\\^$.|?*+()[]{}".contains(c)) {
        return Err(format!(
            "`{pattern}` is a regular expression; the query language matches words and \
             \"phrases\" only"
        ));
    }
    let text = pattern.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err("an empty pattern matches everything".to_owned());
    }
    Ok(text)
}

/// A value as one word, or in quotes when it holds spaces (a quote inside cannot be said).
fn quoted_if_needed(value: &str) -> Result<String, String> {
    if value.contains('"') {
        return Err(format!(
            "`{value}` holds a double quote, which a query cannot quote"
        ));
    }
    let word_like = !value.is_empty()
        && !value.starts_with('-')
        && !value.eq_ignore_ascii_case("or")
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '(' || c == ')' || c == ':');
    Ok(if word_like {
        value.to_owned()
    } else {
        format!("\"{value}\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> Vec<String> {
        vec!["chips".into(), "AI policy".into()]
    }

    #[test]
    fn clean_mappings() {
        let cases = [
            ("unread = \"yes\"", "is:unread"),
            ("unread != \"yes\"", "is:read"),
            ("flags # \"s\"", "is:starred"),
            (
                "tags # \"chips\" and title =~ \"nvidia\"",
                "tag:chips nvidia",
            ),
            (
                "tags # \"AI policy\" or title !~ \"export controls\"",
                "tag:\"AI policy\" OR -\"export controls\"",
            ),
            (
                "( title =~ \"huawei\" or title =~ \"smic\" ) and age < 7",
                "(huawei OR smic) since:7d",
            ),
            ("feedtitle =~ \"South China\"", "source:\"South China\""),
        ];
        for (newsboat, ours) in cases {
            assert_eq!(
                translate(newsboat, &tags()).as_deref(),
                Ok(ours),
                "{newsboat}"
            );
        }
    }

    #[test]
    fn what_does_not_map_says_why() {
        let cases = [
            (
                "author =~ \"Bob\"",
                "`author =~ \"Bob\"` has no counterpart",
            ),
            ("title =~ \"^Nvidia\"", "is a regular expression"),
            (
                "a = \"1\" and b = \"2\" or c = \"3\"",
                "mixes `and` and `or`",
            ),
            ("tags # \"nope\"", "no feed has the tag `nope`"),
            ("title =~ \"x", "a quote is not closed"),
        ];
        for (newsboat, why) in cases {
            let error = translate(newsboat, &tags()).unwrap_err();
            assert!(error.contains(why), "{newsboat}: {error}");
        }
    }
}
