//! Topic intelligence: which side of the US-China AI race an article is about.

pub mod background;
pub mod classify;
pub mod cluster;
pub mod entities;
pub mod features;
/// Moved to `text` so that the store can fold the search index the same way.
pub use crate::text::fold;
pub mod gazetteer;
pub mod model;
pub mod rules;
pub mod story_tokens;
pub mod terms;
pub mod train;
pub mod trend;
pub mod watch;
