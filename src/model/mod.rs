//! The data model: plain Rust, no GUI types and no I/O.

pub mod article;
pub mod changes;
pub mod conflict;
pub mod date;
pub mod edit;
pub mod geo;
pub mod history;
pub mod problems;
pub mod project;
pub mod provenance;
pub mod records;
pub mod registry;
pub mod schema;
pub mod session;
pub mod summary;
pub mod text;
pub mod types;
pub mod words;

pub use article::Article;
pub use edit::{Accepted, Command, Content, EditError, Target};
pub use history::History;
pub use records::Records;
pub use schema::{AttributeType, Color, EntityType, EventType, RelationType, Role, Schema};
pub use session::{Session, ViewState};
pub use text::Span;
pub use types::*;
