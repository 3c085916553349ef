//! The one Action enum, state, pure update, keymap and the event loop.
