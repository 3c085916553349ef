//! Newsboat's urls file: one feed a line, `URL [tag ...]`, with `"~Name"` a title, `"!"` a
//! hidden feed, `"query:Name:expression"` a query feed, and `exec:` / `filter:` commands.
//! Pure: text in, plain data out, every line accounted for.

/// A feed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlsFeed {
    pub line: usize,
    pub url: String,
    pub name: Option<String>,
    pub tags: Vec<String>,
    /// `"!"`: newsboat hides the feed; it comes in disabled.
    pub hidden: bool,
}

/// A `"query:Name:expression"` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLine {
    pub line: usize,
    pub name: String,
    pub expression: String,
}

/// A line left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub line: usize,
    pub reason: String,
}

/// Everything the file holds, in file order within each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlsFile {
    pub feeds: Vec<UrlsFeed>,
    pub queries: Vec<QueryLine>,
    pub refused: Vec<Refused>,
}

/// Reads the whole file; comments (`#`) and blank lines are skipped.
pub fn parse(text: &str) -> UrlsFile {
    let mut file = UrlsFile::default();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let refuse = |reason: String| Refused { line, reason };
        let tokens = match tokenize(raw) {
            Ok(tokens) => tokens,
            Err(reason) => {
                file.refused.push(refuse(reason));
                continue;
            }
        };
        let Some((url, rest)) = tokens.split_first() else {
            continue;
        };
        if let Some(query) = url.strip_prefix("query:") {
            match query.split_once(':') {
                Some((name, expression)) if !name.trim().is_empty() => {
                    file.queries.push(QueryLine {
                        line,
                        name: name.trim().to_owned(),
                        expression: expression.trim().to_owned(),
                    })
                }
                _ => file.refused.push(refuse(
                    "a query line needs a name and an expression: \"query:Name:expression\""
                        .to_owned(),
                )),
            }
            continue;
        }
        if url.starts_with("exec:") {
            file.refused.push(refuse(
                "`exec:` runs a program to make the feed; ainews-tui never runs programs for \
                 feeds: point it at a feed URL instead"
                    .to_owned(),
            ));
            continue;
        }
        if url.starts_with("filter:") {
            file.refused.push(refuse(
                "`filter:` pipes the feed through a program; ainews-tui never runs programs \
                 for feeds: add the feed's URL itself"
                    .to_owned(),
            ));
            continue;
        }
        let mut feed = UrlsFeed {
            line,
            url: url.clone(),
            name: None,
            tags: Vec::new(),
            hidden: false,
        };
        for token in rest {
            if token == "!" {
                feed.hidden = true;
            } else if let Some(name) = token.strip_prefix('~') {
                feed.name = Some(name.trim().to_owned()).filter(|n| !n.is_empty());
            } else if !token.trim().is_empty() && !feed.tags.contains(token) {
                feed.tags.push(token.clone());
            }
        }
        file.feeds.push(feed);
    }
    file
}

/// Splits a line into words: double quotes group (a backslash escapes the next character
/// inside them), `#` outside quotes starts a comment.
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.peek() {
            None | Some('#') => return Ok(tokens),
            Some('"') => {
                chars.next();
                let mut token = String::new();
                loop {
                    match chars.next() {
                        None => {
                            return Err("a quote is not closed; close it with `\"`".to_owned());
                        }
                        Some('"') => break,
                        Some('\\') => token.extend(chars.next()),
                        Some(c) => token.push(c),
                    }
                }
                tokens.push(token);
            }
            Some(_) => {
                let mut token = String::new();
                while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '"') {
                    token.push(c);
                }
                tokens.push(token);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_tags_titles_hidden_queries_and_commands() {
        let file = parse(
            "# mine\n\nhttps://a.example/f chips \"AI policy\" \"~Chip News\"\n\
             https://b.example/f \"!\" # old\n\"query:Unread:unread = \\\"yes\\\"\"\n\
             exec:~/bin/feed.sh\nfilter:~/f.sh:https://c.example/f\nhttps://d.example/\"x\n",
        );
        assert_eq!(
            file.feeds,
            [
                UrlsFeed {
                    line: 3,
                    url: "https://a.example/f".into(),
                    name: Some("Chip News".into()),
                    tags: vec!["chips".into(), "AI policy".into()],
                    hidden: false,
                },
                UrlsFeed {
                    line: 4,
                    url: "https://b.example/f".into(),
                    name: None,
                    tags: vec![],
                    hidden: true,
                },
            ]
        );
        assert_eq!(
            file.queries,
            [QueryLine {
                line: 5,
                name: "Unread".into(),
                expression: "unread = \"yes\"".into()
            }]
        );
        let lines: Vec<usize> = file.refused.iter().map(|r| r.line).collect();
        assert_eq!(lines, [6, 7, 8]);
    }
}
