//! HTTP and local-file fetching.
