//! loandash: an exact engine for personal loans, credit lines and cards.
//!
//! The layers, lowest first (a module imports only from layers below it):
//! - [`engine`]: the money rules, pure (no files, no terminal); amounts are
//!   [`rust_decimal::Decimal`], rounded by [`engine::money`]. [`language`] is the one
//!   language type its messages render in.
//! - [`store`]: the RON file (schema, atomic saves, migrations, the binary copies).
//! - [`book`]: the store replayed to a date (what is paid, due, overdue).
//! - [`simulate`], [`limit`], [`lender`], [`export`], [`generate`], [`demo`]: what the
//!   product answers with the book (what-ifs, limit projection, lender plans, calendars
//!   and journals, generated stores).
//! - [`config`] and [`paths`]: files both front ends read. [`csv_cell`]: the one
//!   formula-cell escape of every CSV written and read.
//! - [`cli`] and [`tui`]: the two front ends; neither imports the other.

// The TUI's unit tests include the integration tests' harness (tests/common/tui.rs),
// which names the crate as they do.
#[cfg(test)]
extern crate self as loandash;

pub mod book;
pub mod cli;
pub mod config;
pub mod csv_cell;
pub mod demo;
pub mod engine;
pub mod export;
pub mod generate;
pub mod language;
pub mod lender;
pub mod limit;
pub mod paths;
pub mod simulate;
pub mod store;
pub mod summary;
pub mod tui;
