//! The preview pane: the selected article's text rendered for the pane's width, the body
//! loaded for it, how far it is scrolled and since when it has been looked at.

use crate::model::{ArticleId, UnixTime};

use super::layout::PREVIEW_HEADER_LINES;

/// The preview text of the selected article, rendered for a width, cached until either
/// changes (HTML to text is the one costly step, so it runs once per article, not per frame).
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewText {
    pub id: ArticleId,
    pub width: u16,
    pub body: String,
    /// Why the classifier chose the topic: scores per side and the rule that applied.
    pub why: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PreviewPane {
    pub scroll: u16,
    pub text: Option<PreviewText>,
    /// The body of an article loaded from the cache for the preview (rows loaded from the
    /// cache carry no body; only the one being read is held).
    pub loaded_body: Option<(ArticleId, String)>,
    /// The article whose body was asked of the cache and has not arrived yet.
    pub body_requested: Option<ArticleId>,
    /// The article in the preview and since when: read after a moment on screen.
    pub previewed_since: Option<(ArticleId, UnixTime)>,
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
            .map(|p| p.body.lines().count() + PREVIEW_HEADER_LINES)
            .unwrap_or(0);
        let max = lines.saturating_sub(visible.max(1));
        self.scroll = self.scroll.min(max.min(u16::MAX as usize) as u16);
    }

    /// A body arrived from the cache: kept if `selected` is still the article being read.
    pub fn body_loaded(
        &mut self,
        id: ArticleId,
        body: Option<String>,
        selected: Option<ArticleId>,
    ) {
        if self.body_requested == Some(id) {
            self.body_requested = None;
        }
        if selected == Some(id) {
            self.loaded_body = Some((id, body.unwrap_or_default()));
            self.text = None;
        }
    }
}
