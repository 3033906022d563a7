//! chiso: the PAR Index (Chỉ số cải cách hành chính) scoring engine.
//!
//! Data flows one way: files → [`load`] → validated [`model`] → [`eval`] →
//! [`results`] → [`report`] renderers.

pub mod answers;
pub mod cli;
pub mod compare;
pub mod diagnostic;
pub mod eval;
pub mod evidence;
pub mod excel;
pub mod expr;
pub mod facts;
pub mod filetype;
// Entry points for `cargo fuzz` (which sets `--cfg fuzzing`) and the replay of
// its corpora in the tests; never part of a normal build.
#[cfg(any(fuzzing, test))]
pub mod fuzz;
pub mod help;
pub mod hierarchy;
pub mod i18n;
pub mod import;
pub mod lang;
pub mod load;
pub mod lock;
pub mod lookup;
pub mod model;
pub mod newyear;
pub mod notice;
pub mod num;
pub mod ops;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod results;
pub mod review;
pub mod row_sums;
pub mod rules;
pub mod season;
#[cfg(feature = "serve")]
pub mod server;
pub mod sign;
pub mod source;
pub mod synth;
pub mod text;
pub mod timeline;
