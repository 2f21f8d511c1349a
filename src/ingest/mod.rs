//! Getting papers in: reading dumps ([`inputs`]), the pipeline that parses, extracts and
//! upserts them into the index ([`pipeline`]), and fetching them from the API first ([`pull`]).

pub mod inputs;
pub mod pipeline;
pub mod pull;

pub use inputs::{parse_inputs, parse_inputs_counting, total_input_size, END_OF_INPUT_HINT};
pub use pipeline::{ingest_files, Ingested};
