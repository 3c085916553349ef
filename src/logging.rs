//! Logging to a file in the state directory.
