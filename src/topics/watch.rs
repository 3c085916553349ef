//! The watchlist.
