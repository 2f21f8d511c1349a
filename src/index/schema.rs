//! The tantivy schema and the text analyzers, in one place so that the writer and the searcher
//! can never disagree about them.
//!
//! Each paper is one document. The full record is stored as JSON in `record` (what `show`,
//! `export` and search results print); the other fields exist to be searched, filtered and
//! sorted on. The analyzers are not persisted by tantivy, so they are registered every time an
//! index is opened.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::Index;

/// Bumped whenever the schema or the analyzers change in a way old indexes cannot serve.
pub const SCHEMA_VERSION: u32 = 11;

pub use super::analyzer::{KEYWORD_ANALYZER, TEXT_ANALYZER};

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub abstract_text: Field,
    pub summary: Field,
    pub keywords: Field,
    pub entities: Field,
    pub record: Field,
    pub date: Field,
    pub upvotes: Field,
    pub has_code: Field,
    pub topics: Field,
    pub methods: Field,
    pub datasets: Field,
    pub topics_facet: Field,
    pub methods_facet: Field,
    pub datasets_facet: Field,
    pub method_families_facet: Field,
    pub dataset_families_facet: Field,
    pub keywords_facet: Field,
    pub year: Field,
    pub fingerprint: Field,
    pub first_seen: Field,
    pub arxiv_id: Field,
    pub present: Field,
    pub evidence: Field,
    pub name_tokens: Field,
}

/// Field names, shared with the query syntax (`title:diffusion`, `date:[2024-01-01T00:00:00Z TO *]`).
pub mod names {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const ABSTRACT: &str = "abstract";
    pub const SUMMARY: &str = "summary";
    pub const KEYWORDS: &str = "keywords";
    pub const ENTITIES: &str = "entities";
    pub const RECORD: &str = "record";
    pub const DATE: &str = "date";
    pub const UPVOTES: &str = "upvotes";
    pub const HAS_CODE: &str = "has_code";
    pub const TOPICS: &str = "topics";
    pub const METHODS: &str = "methods";
    pub const DATASETS: &str = "datasets";
    pub const TOPICS_FACET: &str = "topics_facet";
    pub const METHODS_FACET: &str = "methods_facet";
    pub const DATASETS_FACET: &str = "datasets_facet";
    pub const METHOD_FAMILIES_FACET: &str = "method_families_facet";
    pub const DATASET_FAMILIES_FACET: &str = "dataset_families_facet";
    pub const KEYWORDS_FACET: &str = "keywords_facet";
    pub const YEAR: &str = "year";
    pub const FINGERPRINT: &str = "fingerprint";
    pub const FIRST_SEEN: &str = "first_seen";
    pub const ARXIV_ID: &str = "arxiv_id";
    pub const PRESENT: &str = "present";
    pub const EVIDENCE: &str = "evidence";
    pub const NAME_TOKENS: &str = "name_tokens";
}

pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(KEYWORD_ANALYZER)
            .set_index_option(IndexRecordOption::Basic),
    );
    builder.add_text_field(names::ID, STRING | STORED);
    builder.add_text_field(names::TITLE, text.clone());
    builder.add_text_field(names::ABSTRACT, text.clone());
    // A summary someone else wrote (schema 7): searched, below the abstract.
    builder.add_text_field(names::SUMMARY, text.clone());
    // Keywords someone else chose (schema 8): searched like the summary, counted as a facet.
    builder.add_text_field(names::KEYWORDS, text.clone());
    // The extracted names (methods, datasets, introduced names) as searchable text.
    builder.add_text_field(names::ENTITIES, text);
    builder.add_text_field(names::RECORD, STORED);
    builder.add_date_field(
        names::DATE,
        DateOptions::from(INDEXED)
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_u64_field(names::UPVOTES, NumericOptions::from(INDEXED).set_fast());
    builder.add_bool_field(names::HAS_CODE, INDEXED);
    builder.add_text_field(names::TOPICS, keyword.clone());
    builder.add_text_field(names::METHODS, keyword.clone());
    builder.add_text_field(names::DATASETS, keyword);
    // Exact names as columns, for counting values (facets) with their original spelling.
    for facet in [
        names::TOPICS_FACET,
        names::METHODS_FACET,
        names::DATASETS_FACET,
        names::KEYWORDS_FACET,
        // Schema 9: each method and dataset counted under its family ("Qwen2.5-VL" as "Qwen").
        names::METHOD_FAMILIES_FACET,
        names::DATASET_FAMILIES_FACET,
    ] {
        builder.add_text_field(facet, STRING | FAST);
    }
    builder.add_u64_field(names::YEAR, FAST);
    builder.add_u64_field(names::FINGERPRINT, FAST);
    // When the paper first arrived in this index (kept across updates and rebuilds).
    builder.add_date_field(
        names::FIRST_SEEN,
        DateOptions::default()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    // The arXiv id, for recognising a paper whose title differs between sources.
    builder.add_text_field(names::ARXIV_ID, STRING);
    // Which optional parts the stored record has (`record::Present`).
    builder.add_u64_field(names::PRESENT, FAST);
    // What each paper says about names the index may learn (schema 10): one term per piece of
    // evidence, `kind\u{1f}name`, so the learned lexicon is read from the term dictionary.
    // Stored (schema 11) so that filing a learned name on a paper does not extract it again.
    builder.add_text_field(names::EVIDENCE, STRING | STORED);
    // The coined-looking tokens of the title and abstract, as written ("GenAI-Bench", "QuALITY"):
    // the papers that may mention a newly learned name, found by one exact term.
    builder.add_text_field(names::NAME_TOKENS, STRING);
    builder.build()
}

impl Fields {
    pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field(names::ID)?,
            title: schema.get_field(names::TITLE)?,
            abstract_text: schema.get_field(names::ABSTRACT)?,
            summary: schema.get_field(names::SUMMARY)?,
            keywords: schema.get_field(names::KEYWORDS)?,
            entities: schema.get_field(names::ENTITIES)?,
            record: schema.get_field(names::RECORD)?,
            date: schema.get_field(names::DATE)?,
            upvotes: schema.get_field(names::UPVOTES)?,
            has_code: schema.get_field(names::HAS_CODE)?,
            topics: schema.get_field(names::TOPICS)?,
            methods: schema.get_field(names::METHODS)?,
            datasets: schema.get_field(names::DATASETS)?,
            topics_facet: schema.get_field(names::TOPICS_FACET)?,
            methods_facet: schema.get_field(names::METHODS_FACET)?,
            datasets_facet: schema.get_field(names::DATASETS_FACET)?,
            method_families_facet: schema.get_field(names::METHOD_FAMILIES_FACET)?,
            dataset_families_facet: schema.get_field(names::DATASET_FAMILIES_FACET)?,
            keywords_facet: schema.get_field(names::KEYWORDS_FACET)?,
            year: schema.get_field(names::YEAR)?,
            fingerprint: schema.get_field(names::FINGERPRINT)?,
            first_seen: schema.get_field(names::FIRST_SEEN)?,
            arxiv_id: schema.get_field(names::ARXIV_ID)?,
            present: schema.get_field(names::PRESENT)?,
            evidence: schema.get_field(names::EVIDENCE)?,
            name_tokens: schema.get_field(names::NAME_TOKENS)?,
        })
    }
}

/// Creates an empty index with this version's schema and storage settings in `dir`.
///
/// Stored records are compressed with zstd (level 1) in 64 KiB blocks. zstd compresses JSON
/// records far better than the default LZ4 (67 MB instead of 106 MB for 100,000 papers) at about
/// the same ingest speed. The block size trades ingest for reading: every hit shown decompresses
/// the block its record is in. At 100,000 papers, 16 KiB blocks made seven searches 0.1–0.5 ms
/// (4%) faster than 64 KiB blocks, but cost ingest a quarter of a CPU-second more compressing
/// (four times the blocks) and the index 9 MB; with searches at 5–8 ms against a 15 ms target
/// and ingest at its limit, the larger blocks are the better trade (BENCHMARKS.md, 2026-12-04).
/// Indexes keep the settings they were created with; `reindex` applies these.
pub fn create_index(dir: &std::path::Path) -> tantivy::Result<Index> {
    let settings = tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 64 * 1024,
        ..tantivy::IndexSettings::default()
    };
    Index::builder()
        .schema(build_schema())
        .settings(settings)
        .create_in_dir(dir)
}

/// Registers the analyzers the schema names; required after every open.
pub fn register_analyzers(index: &Index) {
    super::analyzer::register(index.tokenizers());
}

/// The value an extracted name is indexed under, for exact filter terms.
pub fn keyword_term_text(value: &str) -> String {
    value.trim().to_lowercase()
}

/// A calendar date as the index stores it: midnight UTC of that day.
pub fn date_value(date: time::Date) -> tantivy::DateTime {
    tantivy::DateTime::from_utc(date.midnight().assume_utc())
}
