//! Drawing: layout and one module per pane.
