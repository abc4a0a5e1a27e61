//! Files: session RON load/save, article import, and the exchange formats.

pub mod atomic;
pub mod brat;
pub mod export;
pub mod find_cache;
pub mod gazetteer;
pub mod html;
pub mod import;
pub mod pdf;
pub mod progress;
pub mod project;
pub mod project_index;
pub mod recommender;
pub mod recovery;
pub mod samples;
pub mod session_file;
mod session_parts;
pub mod world_map;

pub use import::{ImportError, import_article, import_article_bytes};
pub use session_file::{
    LoadError, LoadReport, load_session, parse_session, parse_session_bytes, save_session,
    session_to_string,
};
