//! The preview pane: the selected article's text rendered for the pane's width, the body
//! and attached files loaded for it, its full article from the page (loaded, being fetched,
//! or chosen away from), how far it is scrolled, since when it has been looked at and which
//! attached file opens next.

use std::collections::HashSet;

use crate::model::{Article, ArticleId, Enclosure, UnixTime};

/// Seconds an article must stay in a visible preview before it counts as read.
pub const READ_AFTER_SECONDS: i64 = 2;
/// A "since" that never comes: set when the user marked the article by hand.
const USER_DECIDED: UnixTime = UnixTime::MAX;

use super::layout::PREVIEW_HEADER_LINES;
use crate::text::wrap::wrap;

/// The preview text of the selected article, rendered for a width, cached until either
/// changes (HTML to text is the one costly step, so it runs once per article, not per frame).
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewText {
    pub id: ArticleId,
    pub width: u16,
    pub body: String,
    /// Lines of `body`, counted once (drawing and scrolling need it on every frame).
    pub body_lines: usize,
    /// Why the classifier chose the topic: scores per side and the rule that applied.
    pub why: Option<String>,
    /// Lines the header above the text takes at `width`, estimated on the high side (see
    /// `header_lines`): how far scrolling may go (drawing stops at the true end).
    pub header_lines: usize,
}

/// Characters the header's source line ("Feed · 2026-12-01 15:56 · 25m ago") and "Also
/// reported by …" line take together, at the most in practice: their wrapped height is
/// estimated from it (the pane does not build them; the drawing does).
const SOURCE_LINES_CHARS: usize = 120;

/// Header lines that never wrap or are one at most: the topic, a note on the full article,
/// the blank line before the text.
const FIXED_HEADER_LINES: usize = 3;

/// Text is never wrapped narrower than this, while the header wraps at the pane's own width,
/// which is narrower on the smallest terminals.
const MIN_TEXT_WIDTH: u16 = 20;

/// The preview header's height at `width`, never less than the true one in practice, so
/// the end of a long text (its links and attached files) can be scrolled into view; a line
/// too many only lets the scroll go a line past the end, which the drawing does not show.
fn header_lines(article: &Article, width: u16, why: Option<&str>) -> usize {
    // At the floor the pane may be up to 4 columns narrower (16 on a 20-column terminal).
    let columns = if width > MIN_TEXT_WIDTH {
        width
    } else {
        width.saturating_sub(4)
    };
    let columns = usize::from(columns.max(1));
    let wrapped = |text: &str| wrap(text, columns).len();
    let estimate = wrapped(&article.title)
        + article.link.as_deref().map_or(1, wrapped)
        + why.map_or(0, wrapped)
        + SOURCE_LINES_CHARS.div_ceil(columns)
        + FIXED_HEADER_LINES;
    estimate.max(PREVIEW_HEADER_LINES)
}

/// What is known of the selected article's full article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FullArticle {
    /// The page's text, extracted.
    Text(String),
    /// Why the page gave no article (one line).
    Failed(String),
}

/// What the preview says about the full article above the text, when there is anything
/// to say (the words and keys are the drawing's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullNote<'a> {
    Fetching,
    Failed(&'a str),
    /// The full article is shown.
    Shown,
    /// The reader went back to the feed's own text.
    FeedTextChosen,
}

#[derive(Debug, Clone, Default)]
pub struct PreviewPane {
    pub scroll: u16,
    pub text: Option<PreviewText>,
    /// The body of an article loaded from the cache for the preview (rows loaded from the
    /// cache carry no body; only the one being read is held).
    pub loaded_body: Option<(ArticleId, String)>,
    /// The files attached to the article of `loaded_body`, loaded with it.
    pub loaded_enclosures: Option<(ArticleId, Vec<Enclosure>)>,
    /// The article whose body was asked of the cache and has not arrived yet.
    pub body_requested: Option<ArticleId>,
    /// The article whose attached files were last opened and which of them opens next.
    pub attachment_cursor: Option<(ArticleId, usize)>,
    /// The article in the preview and since when: read after a moment on screen.
    pub previewed_since: Option<(ArticleId, UnixTime)>,
    /// The selected article's full article, once loaded from the cache or fetched.
    pub full: Option<(ArticleId, FullArticle)>,
    /// The article whose stored full article was asked of the cache.
    pub full_requested: Option<ArticleId>,
    /// Articles whose page is being fetched now.
    pub fetching: HashSet<ArticleId>,
    /// The reader chose the feed's own text over this article's full article.
    pub feed_text_for: Option<ArticleId>,
}

impl PreviewPane {
    /// The article whose text is rendered.
    pub fn shown(&self) -> Option<ArticleId> {
        self.text.as_ref().map(|p| p.id)
    }

    /// The rendered text no longer says what the article says: render it again.
    pub fn invalidate(&mut self) {
        self.text = None;
    }

    /// Keeps the text of `article` (the selected one) rendered for `width`: its body comes
    /// from the article (fresh from a feed) or from the cache. `render` turns a body (and
    /// the full article, when that is what is shown, and the attached files) into the text
    /// and the "why" line. Gives the article whose body is to be asked of the cache, once.
    pub fn refresh(
        &mut self,
        article: Option<&Article>,
        width: u16,
        render: impl FnOnce(&Article, &str, Option<&str>, &[Enclosure]) -> (String, Option<String>),
    ) -> Option<ArticleId> {
        // Leaving an article ends its round of attachments: back on it, the first opens.
        if self.attachment_cursor.map(|(at, _)| at) != article.map(|a| a.id) {
            self.attachment_cursor = None;
        }
        let Some(article) = article else {
            self.text = None;
            return None;
        };
        let id = article.id;
        if self
            .text
            .as_ref()
            .is_some_and(|p| p.id == id && p.width == width)
        {
            return None;
        }
        let html = if !article.body.is_empty() {
            Some(article.body.as_str())
        } else {
            self.loaded_body
                .as_ref()
                .filter(|(loaded, _)| *loaded == id)
                .map(|(_, html)| html.as_str())
        };
        let Some(html) = html else {
            self.text = None;
            if self.body_requested == Some(id) {
                return None;
            }
            self.body_requested = Some(id);
            return Some(id);
        };
        let (body, why) = render(
            article,
            html,
            self.full_text_shown(id),
            self.enclosures_of(article),
        );
        self.text = Some(PreviewText {
            id,
            width,
            header_lines: header_lines(article, width, why.as_deref()),
            body_lines: body.lines().count(),
            body,
            why,
        });
        None
    }

    /// The files attached to `article`: its own (fresh from a feed), else those loaded from
    /// the cache with its body.
    pub fn enclosures_of<'a>(&'a self, article: &'a Article) -> &'a [Enclosure] {
        if !article.enclosures.is_empty() {
            return &article.enclosures;
        }
        match &self.loaded_enclosures {
            Some((id, enclosures)) if *id == article.id => enclosures,
            _ => &[],
        }
    }

    /// The full article's text, when that is what the preview shows of `id`.
    pub fn full_text_shown(&self, id: ArticleId) -> Option<&str> {
        match &self.full {
            Some((full_id, FullArticle::Text(text)))
                if *full_id == id && self.feed_text_for != Some(id) =>
            {
                Some(text)
            }
            _ => None,
        }
    }

    /// What to say above the text of `id` about its full article.
    pub fn full_note(&self, id: ArticleId) -> Option<FullNote<'_>> {
        if self.fetching.contains(&id) {
            return Some(FullNote::Fetching);
        }
        match &self.full {
            Some((full_id, full)) if *full_id == id => Some(match full {
                FullArticle::Failed(why) => FullNote::Failed(why),
                FullArticle::Text(_) if self.feed_text_for == Some(id) => FullNote::FeedTextChosen,
                FullArticle::Text(_) => FullNote::Shown,
            }),
            _ => None,
        }
    }

    /// The full article of `id` is known now: shown from the top if `id` is selected.
    pub fn full_arrived(&mut self, id: ArticleId, full: FullArticle, selected: Option<ArticleId>) {
        if self.full_requested == Some(id) {
            self.full_requested = None;
        }
        if selected == Some(id) {
            self.full = Some((id, full));
            self.feed_text_for = None;
            self.text = None;
            self.scroll = 0;
        }
    }

    /// Scrolls by `lines`, keeping a few lines on a pane of `visible` rows.
    pub fn scroll_by(&mut self, lines: i32, visible: usize) {
        self.scroll = (i32::from(self.scroll) + lines).clamp(0, i32::from(u16::MAX)) as u16;
        self.clamp_scroll(visible);
    }

    /// Home or End.
    pub fn scroll_to_end(&mut self, bottom: bool, visible: usize) {
        self.scroll = if bottom { u16::MAX } else { 0 };
        self.clamp_scroll(visible);
    }

    /// Keeps at least a few lines of the preview on screen when scrolling past its end.
    fn clamp_scroll(&mut self, visible: usize) {
        let lines = self
            .text
            .as_ref()
            .map(|p| p.body_lines + p.header_lines)
            .unwrap_or(0);
        let max = lines.saturating_sub(visible.max(1));
        self.scroll = self.scroll.min(max.min(u16::MAX as usize) as u16);
    }

    /// Reading by looking: `looking` is the article in a visible preview and whether it is
    /// read (`None` when no preview is looked at). Says whether it has now been on screen
    /// long enough to become read.
    pub fn look(&mut self, looking: Option<(ArticleId, bool)>, now: UnixTime) -> bool {
        match (looking, self.previewed_since) {
            (Some((id, read)), Some((seen, since))) if seen == id => {
                !read && since != USER_DECIDED && now - since >= READ_AFTER_SECONDS
            }
            (Some((id, _)), _) => {
                self.previewed_since = Some((id, now));
                false
            }
            (None, _) => {
                self.previewed_since = None;
                false
            }
        }
    }

    /// The user marked `id` by hand: looking at it no longer marks it read (until it is
    /// left).
    pub fn decided_by_user(&mut self, id: Option<ArticleId>) {
        self.previewed_since = id.map(|id| (id, USER_DECIDED));
    }

    /// A body and its files arrived from the cache: kept if `selected` is still the article
    /// being read.
    pub fn body_loaded(
        &mut self,
        id: ArticleId,
        body: Option<String>,
        enclosures: Vec<Enclosure>,
        selected: Option<ArticleId>,
    ) {
        if self.body_requested == Some(id) {
            self.body_requested = None;
        }
        if selected == Some(id) {
            self.loaded_body = Some((id, body.unwrap_or_default()));
            self.loaded_enclosures = Some((id, enclosures));
            self.text = None;
        }
    }
}
