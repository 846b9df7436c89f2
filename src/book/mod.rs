//! The store replayed to a date: what each payment paid for ([`ledger`]), what is due and
//! overdue ([`dues`]), the recorded payments one by one ([`payments`]) and the dashboard's
//! totals ([`overview`]).

pub mod dues;
pub mod kept;
pub mod ledger;
pub mod lines;
pub mod overview;
pub mod payments;
