//! The arrows between modules point one way: this test reads the `crate::` and `super::`
//! paths of every file under src/ (test code left out) and fails naming each import cycle,
//! between top-level modules and between the submodules of app, ui, ingest and store.
//!
//! A cycle means two modules can only be understood (and changed) together; the house keeps
//! ui -> app -> topics/model, ingest -> model and store -> model instead.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// Top-level modules whose submodules must not import each other in a circle either.
const SPLIT_MODULES: &[&str] = &["app", "ui", "ingest", "store"];

/// One import arrow between two nodes, with the files that draw it.
type Edges = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn no_import_cycles_between_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    assert!(
        files.len() > 20,
        "found only {} files under {}",
        files.len(),
        src.display()
    );
    let modules: Vec<(PathBuf, Vec<String>)> = files
        .into_iter()
        .filter_map(|file| module_path(&src, &file).map(|module| (file, module)))
        .collect();
    let edges = arrows(&src, &modules);
    let cycles = cycles(&edges);
    assert!(
        cycles.is_empty(),
        "import cycles (each arrow names the files that import):\n{}",
        cycles.join("\n")
    );
}

/// What the plain-data and pure modules may import: they sit under everything else, so
/// the UI, the store and the headless commands can use them without pulling in ingest.
const LOWER_LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("isolate", &[]),
    ("time", &["model"]),
    ("text", &["model", "isolate"]),
    ("feed_report", &["model"]),
    ("topics", &["model", "text", "config", "isolate"]),
    // The store groups articles into stories as it stores them (`topics::cluster`, pure).
    (
        "store",
        &["model", "feed_report", "text", "time", "isolate", "topics"],
    ),
    (
        "ui",
        &[
            "app",
            "model",
            "feed_report",
            "text",
            "time",
            "topics",
            "config",
            "store",
        ],
    ),
];

#[test]
fn lower_layers_import_only_what_lies_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: Vec<(PathBuf, Vec<String>)> = rust_files(&src)
        .into_iter()
        .filter_map(|file| module_path(&src, &file).map(|module| (file, module)))
        .collect();
    let edges = arrows(&src, &modules);
    let mut wrong = Vec::new();
    for (module, allowed) in LOWER_LAYERS {
        for (target, files) in edges.get(*module).into_iter().flatten() {
            if target.contains("::") || allowed.contains(&target.as_str()) {
                continue;
            }
            let files: Vec<&str> = files.iter().map(String::as_str).collect();
            wrong.push(format!("  {module} -> {target} ({})", files.join(", ")));
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows pointing up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_relative_paths() {
    let code = "use crate::{app::Mode, ui::{layout, theme::Theme}};\n\
                use super::super::store::Store; // crate::cmd in a comment\n\
                let s = \"crate::config\"; let c = '{';\n\
                fn f() { crate::topics::classify(); }\n\
                #[cfg(test)]\nmod tests { use crate::demo; }\n";
    let paths = imported_paths(code, &["ingest".to_owned(), "parse".to_owned()]);
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        shown,
        [
            "app::Mode",
            "ui::layout",
            "ui::theme::Theme",
            "store::Store",
            "topics::classify"
        ]
    );
}

/// Every `.rs` file under `dir`, sorted, so failures read the same on every machine.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The module a file holds (`src/ingest/parse/lenient.rs` is `ingest::parse::lenient`),
/// or None for the binary's `main.rs` and for test-only files.
fn module_path(src: &Path, file: &Path) -> Option<Vec<String>> {
    let relative = file.strip_prefix(src).ok()?.with_extension("");
    let mut segments: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segments == ["main"] || segments.iter().any(|s| s == "tests") {
        return None;
    }
    if segments.last().is_some_and(|s| s == "mod" || s == "lib") {
        segments.pop();
    }
    Some(segments)
}

/// The arrows between nodes: a top-level module, or `parent::child` inside SPLIT_MODULES.
fn arrows(src: &Path, modules: &[(PathBuf, Vec<String>)]) -> Edges {
    let tops: BTreeSet<&str> = modules
        .iter()
        .filter_map(|(_, m)| m.first().map(String::as_str))
        .collect();
    let children: BTreeSet<(&str, &str)> = modules
        .iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(_, m)| (m[0].as_str(), m[1].as_str()))
        .collect();
    let node_of_child = |path: &[String]| -> Option<String> {
        let (parent, child) = (path.first()?, path.get(1)?);
        (SPLIT_MODULES.contains(&parent.as_str())
            && children.contains(&(parent.as_str(), child.as_str())))
        .then(|| format!("{parent}::{child}"))
    };
    let mut edges = Edges::new();
    for (file, module) in modules {
        let Some(top) = module.first() else { continue };
        let code = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let shown = format!(
            "src/{}",
            file.strip_prefix(src).expect("under src").display()
        );
        for path in imported_paths(&code, module) {
            let Some(target) = path.first() else { continue };
            let mut add = |from: String, to: String| {
                edges
                    .entry(from)
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(shown.clone());
            };
            if target != top && tops.contains(target.as_str()) {
                add(top.clone(), target.clone());
            } else if target == top
                && let (Some(from), Some(to)) = (node_of_child(module), node_of_child(&path))
                && from != to
            {
                add(from, to);
            }
        }
    }
    edges
}

/// One line per strongly connected group of nodes: its shortest cycle, arrow by arrow.
fn cycles(edges: &Edges) -> Vec<String> {
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut lines = Vec::new();
    for start in edges.keys() {
        if reported.contains(start) {
            continue;
        }
        let Some(cycle) = shortest_cycle(edges, start) else {
            continue;
        };
        reported.extend(cycle.iter().cloned());
        let mut line = format!("  {start}");
        for pair in cycle.windows(2) {
            let files: Vec<&str> = edges[&pair[0]][&pair[1]]
                .iter()
                .map(String::as_str)
                .collect();
            line.push_str(&format!(" -> {} ({})", pair[1], files.join(", ")));
        }
        lines.push(line);
    }
    lines
}

/// The shortest path from `start` back to itself (first node repeated at the end).
fn shortest_cycle(edges: &Edges, start: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<String, String> = BTreeMap::new();
    let mut queue: VecDeque<String> = VecDeque::from([start.to_owned()]);
    while let Some(node) = queue.pop_front() {
        for next in edges
            .get(&node)
            .into_iter()
            .flat_map(|targets| targets.keys())
        {
            if next == start {
                let mut path = vec![node.clone()];
                while let Some(previous) = came_from.get(path.last().expect("not empty")) {
                    path.push(previous.clone());
                }
                path.reverse();
                path.push(start.to_owned());
                return Some(path);
            }
            if !came_from.contains_key(next) && next != start {
                came_from.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

/// The absolute module paths a file's code names through `crate::` or `super::`, outside
/// comments, literals and `#[cfg(test)]` items, in the order they appear.
fn imported_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let code = without_test_items(&blank_comments_and_literals(code));
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !is_ident_byte(bytes[at - 1]) && bytes[at - 1] != b':';
        let rest = &code[at..];
        let (base, after) = if starts_word && rest.starts_with("crate::") {
            (Vec::new(), at + "crate::".len())
        } else if starts_word && rest.starts_with("super::") {
            let mut base = module.to_vec();
            let mut after = at;
            while code[after..].starts_with("super::") {
                base.pop();
                after += "super::".len();
            }
            (base, after)
        } else {
            at += 1;
            continue;
        };
        let mut cursor = after;
        read_tree(bytes, &mut cursor, base, &mut found);
        at = cursor.max(at + 1);
    }
    found
}

/// Reads one use-tree (`a::b`, `a::{b, c::d}`) at `cursor`, pushing each full path.
fn read_tree(
    bytes: &[u8],
    cursor: &mut usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    loop {
        skip_spaces(bytes, cursor);
        if bytes.get(*cursor) == Some(&b'{') {
            *cursor += 1;
            loop {
                skip_spaces(bytes, cursor);
                match bytes.get(*cursor) {
                    Some(b'}') => {
                        *cursor += 1;
                        return;
                    }
                    Some(b',') => *cursor += 1,
                    None => return,
                    Some(_) => {
                        let before = *cursor;
                        read_tree(bytes, cursor, prefix.clone(), out);
                        if *cursor == before {
                            *cursor += 1;
                        }
                    }
                }
            }
        }
        let start = *cursor;
        while bytes.get(*cursor).is_some_and(|b| is_ident_byte(*b)) {
            *cursor += 1;
        }
        if *cursor == start {
            if !prefix.is_empty() {
                out.push(prefix);
            }
            return;
        }
        let word = String::from_utf8_lossy(&bytes[start..*cursor]).into_owned();
        if word != "self" {
            prefix.push(word);
        }
        if bytes[*cursor..].starts_with(b"::") {
            *cursor += 2;
        } else {
            out.push(prefix);
            return;
        }
    }
}

fn skip_spaces(bytes: &[u8], cursor: &mut usize) {
    while bytes.get(*cursor).is_some_and(u8::is_ascii_whitespace) {
        *cursor += 1;
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The code with comments, string and char literals replaced by spaces (lengths kept), so
/// that a path in a doc line or a brace in a literal is not read as code.
fn blank_comments_and_literals(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&chars, i)
        {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closing: Vec<char> = std::iter::once('"')
                .chain((0..hashes).map(|_| '#'))
                .collect();
            let mut j = i + 2 + hashes;
            while j < chars.len() && !chars[j..].starts_with(&closing) {
                j += 1;
            }
            let end = (j + closing.len()).min(chars.len());
            for &skipped in &chars[i..end] {
                blank(&mut out, skipped);
            }
            i = end;
        } else if c == '"' {
            blank(&mut out, c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{4e00}') rather than a lifetime ('a).
            let end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&q| q == '\'')
                    .map(|p| i + 2 + p + 1)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for &skipped in &chars[i..end] {
                        blank(&mut out, skipped);
                    }
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The code without each item marked `#[cfg(test)]` (up to its `;` or its closing brace).
fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(found) = rest.find(MARK) {
        out.push_str(&rest[..found]);
        let item = &rest[found + MARK.len()..];
        let end = match (item.find(';'), item.find('{')) {
            (Some(semi), Some(brace)) if semi < brace => semi + 1,
            (Some(semi), None) => semi + 1,
            (_, Some(brace)) => matching_brace(item, brace).map_or(item.len(), |close| close + 1),
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn matching_brace(code: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + offset);
                }
            }
            _ => {}
        }
    }
    None
}
