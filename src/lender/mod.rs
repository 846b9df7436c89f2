//! Matching a lender's own plan (还款计划): read it, find the terms and conventions that
//! reproduce it, and explain row by row where ours differs. Pure: text in, values out.

pub mod fit;
pub mod plan;
pub mod reconcile;
