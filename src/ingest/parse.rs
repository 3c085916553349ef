//! Feed parsing with feed-rs, isolated so a panic becomes an error.
