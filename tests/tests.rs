//! The integration tests, compiled into one binary (as ripgrep does): linking
//! the library and its dependencies once instead of once per file is most of
//! a cold `cargo test`. `compile_once.rs` stays a binary of its own because it
//! reads a per-process counter that other tests would move.

mod common;

mod answers_edit;
#[cfg(feature = "serve")]
mod browser;
mod cli;
mod council;
mod diagnostics;
mod docs;
mod engine;
mod evidence;
mod fast_reader;
mod import;
mod layering;
mod letters;
mod messages;
mod ops;
mod print;
mod properties;
mod province;
mod publish;
mod rules;
mod sample;
mod sandbox;
mod season;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "serve")]
mod serve_cache;
mod sizes;
mod typed;
mod usability;
mod workbook;
mod workbook_appraisal;
