//! The user's loan store: one RON file that never loses data.

mod schema;

pub use schema::*;
