//! The built-in topic rules: each side's main actors in English and Chinese.
