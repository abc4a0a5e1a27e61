//! Derived views of a session: statistics, the entity graph, suggestions.

pub mod arrange;
pub mod compare;
pub mod curate;
pub mod dates;
pub mod export;
pub mod gazetteer;
pub mod graph;
pub mod graphml;
pub mod labels;
pub mod layout;
pub mod lexicon;
pub mod merge;
pub mod merge_project;
pub mod png;
pub mod project_export;
pub mod project_search;
pub mod project_views;
pub mod reanchor;
pub mod registry;
pub mod report;
pub mod search;
pub mod stats;
pub mod suggest;
pub mod synth;
pub mod tagger;
pub mod timeline;
