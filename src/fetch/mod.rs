//! Fetching from the Hugging Face API for `papers pull`: the HTTP client with its retries
//! ([`client`]) and the raw responses kept under the index directory ([`raw`]). Parsing what was
//! fetched is the dump parser's job (it reads the API's JSON like any other input), so data
//! still flows one way: response → raw file → records → index.

pub mod client;
pub mod raw;

pub use client::{ApiClient, FetchError, Network, Unreachable};
pub use raw::RawStore;
