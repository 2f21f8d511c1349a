//! Integration tests: the real `papers` binary, run over the bundled fixture and over variants of
//! it built inside the tests. One test binary (faster to build and link), one module per command
//! (`test_<command>.rs`) or concern.

mod api_server;
mod util;

mod test_captures;
mod test_cite;
mod test_cli;
mod test_concurrency;
mod test_crash;
mod test_deploy;
mod test_digest;
mod test_doctor;
mod test_entities;
mod test_export;
mod test_extraction;
mod test_facets;
mod test_families;
mod test_ingest;
mod test_layers;
mod test_limits;
mod test_list;
mod test_mark;
mod test_note;
mod test_open;
mod test_parse;
mod test_profile;
mod test_pull;
mod test_ranking;
mod test_readme;
mod test_reindex;
mod test_renderings;
mod test_search;
mod test_show;
mod test_similar;
mod test_state;
mod test_storage;
mod test_tag;
mod test_terminal;
mod test_top;
mod test_triage;
mod test_undo;
