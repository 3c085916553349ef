//! Topic intelligence: which side of the US-China AI race an article is about.

pub mod classify;
pub mod rules;
pub mod terms;
