//! Demo mode: bundled feeds rendered into a temporary directory.
