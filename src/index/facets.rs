//! Facets: how often each topic, method, dataset, keyword or year occurs among the papers a query and
//! filters select, counted by a tantivy terms aggregation over the exact-name columns.

use anyhow::Context;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::AllQuery;

use super::schema::names;
use super::search::{with_filters, Filters};
use super::PaperIndex;

/// What to count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FacetField {
    #[default]
    Topics,
    Methods,
    Datasets,
    /// Keywords the API gives (`ai_keywords`), as written.
    Keywords,
    Year,
    /// Methods counted by family: every version of a model under its family ("Llama").
    MethodFamilies,
    /// Datasets counted by family: every version of a benchmark under its name ("ScreenSpot").
    DatasetFamilies,
}

impl FacetField {
    fn column(self) -> &'static str {
        match self {
            FacetField::Topics => names::TOPICS_FACET,
            FacetField::Methods => names::METHODS_FACET,
            FacetField::Datasets => names::DATASETS_FACET,
            FacetField::Keywords => names::KEYWORDS_FACET,
            FacetField::Year => names::YEAR,
            FacetField::MethodFamilies => names::METHOD_FAMILIES_FACET,
            FacetField::DatasetFamilies => names::DATASET_FAMILIES_FACET,
        }
    }
}

/// One value and the number of matching papers that have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

impl PaperIndex {
    /// The `limit` most frequent values of `field` among the papers matching any word of `query`
    /// (all papers without one) and the filters, most frequent first; years newest first.
    pub fn facets(
        &self,
        query: Option<&str>,
        filters: &Filters,
        field: FacetField,
        limit: usize,
    ) -> anyhow::Result<(Vec<FacetCount>, Vec<String>)> {
        let searcher = self.searcher();
        let (base, warnings) = match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(text) => {
                let (query, problems) = self.parse_user_query(text, false)?;
                (query, problems.iter().map(ToString::to_string).collect())
            }
            None => (Box::new(AllQuery) as Box<dyn tantivy::query::Query>, Vec::new()),
        };
        let query = with_filters(base, self.filter_clauses(filters));
        // The aggregation keeps the `size` most frequent values, and among values tied at the
        // cut it keeps whichever it meets first, so a shorter list could hold other values than
        // the top of a longer one. Asked for more until the cut falls between different counts
        // (or every value is in), the list is the same whatever the limit.
        let mut size = limit.max(1).saturating_add(1);
        let mut counts = loop {
            let mut counts = self.facet_buckets(&searcher, query.as_ref(), field, size)?;
            let complete = counts.len() < size;
            // Equal counts in a stable order: by value (years newest first).
            counts.sort_by(|a, b| {
                b.count.cmp(&a.count).then_with(|| match field {
                    FacetField::Year => b.value.cmp(&a.value),
                    _ => a.value.to_lowercase().cmp(&b.value.to_lowercase()),
                })
            });
            let cut_between_counts = limit > 0 && limit < counts.len() && counts[limit].count < counts[limit - 1].count;
            if complete || limit == 0 || cut_between_counts || size == usize::MAX {
                break counts;
            }
            size = size.saturating_mul(4);
        };
        counts.truncate(limit);
        Ok((counts, warnings))
    }

    /// The values of `field` among the papers `query` matches with their counts: the `size` most
    /// frequent, in no particular order.
    fn facet_buckets(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        field: FacetField,
        size: usize,
    ) -> anyhow::Result<Vec<FacetCount>> {
        let request = serde_json::json!({
            "facet": {"terms": {"field": field.column(), "size": size, "order": {"_count": "desc"}}}
        });
        let aggregations: Aggregations = serde_json::from_value(request).context("building the facet request")?;
        let collector = AggregationCollector::from_aggs(aggregations, Default::default());
        let result = searcher.search(query, &collector)?;
        let json = serde_json::to_value(&result).context("reading facet counts")?;
        Ok(json["facet"]["buckets"]
            .as_array()
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|bucket| {
                        let value = match &bucket["key"] {
                            serde_json::Value::String(text) => text.clone(),
                            serde_json::Value::Number(number) => {
                                number.as_f64().map_or(number.to_string(), |n| format!("{n:.0}"))
                            }
                            _ => return None,
                        };
                        Some(FacetCount {
                            value,
                            count: bucket["doc_count"].as_u64()?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// Which entity field a user's name is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityField {
    Methods,
    Datasets,
}

impl PaperIndex {
    /// True when some paper has `value` (in any spelling `--method`/`--dataset` accept) in `field`.
    pub fn has_entity(&self, field: EntityField, value: &str) -> anyhow::Result<bool> {
        let mut filters = Filters::default();
        match field {
            EntityField::Methods => filters.methods = vec![value.to_string()],
            EntityField::Datasets => filters.datasets = vec![value.to_string()],
        }
        let query = with_filters(Box::new(AllQuery), self.filter_clauses(&filters));
        Ok(self.searcher().search(query.as_ref(), &tantivy::collector::Count)? > 0)
    }

    /// The names in `field` closest to `value`, most likely meant first: those that contain it
    /// or that it contains, then those a few edits away, more papers breaking ties.
    pub fn closest_entities(&self, field: EntityField, value: &str, most: usize) -> anyhow::Result<Vec<String>> {
        let facet = match field {
            EntityField::Methods => FacetField::Methods,
            EntityField::Datasets => FacetField::Datasets,
        };
        let (names, _) = self.facets(None, &Filters::default(), facet, 1_000_000)?;
        let wanted = value.trim().to_lowercase();
        let mut scored: Vec<(usize, u64, String)> = names
            .into_iter()
            .filter_map(|count| {
                let name = count.value.to_lowercase();
                let distance = if name.contains(&wanted) || (name.len() >= 3 && wanted.contains(&name)) {
                    0
                } else {
                    super::edit_distance(&name, &wanted)
                };
                // Beyond a third of the word, a name is another word, not a slip.
                (distance <= (wanted.chars().count() / 3).max(1)).then_some((distance, count.count, count.value))
            })
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
        Ok(scored.into_iter().take(most).map(|(_, _, name)| name).collect())
    }
}
