//! chiso: the PAR Index (Chỉ số cải cách hành chính) scoring engine.
//!
//! Data flows one way: files → [`load`] → validated [`model`] → [`eval`] →
//! [`results`] → [`report`] renderers.

pub mod answers;
pub mod cli;
pub mod compare;
pub mod diagnostic;
pub mod eval;
pub mod expr;
pub mod i18n;
pub mod import;
pub mod load;
pub mod lock;
pub mod model;
pub mod newyear;
pub mod notice;
pub mod num;
pub mod report;
pub mod results;
pub mod review;
pub mod row_sums;
pub mod rules;
pub mod season;
pub mod sign;
pub mod source;
pub mod synth;
pub mod timeline;
