//! Derived views of a session: statistics, the entity graph, suggestions.

pub mod stats;
