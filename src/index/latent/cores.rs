//! The latent layer's arithmetic split over the machine's cores.
//!
//! Why: learning the model runs after an ingest's commit, when the indexing threads are done and
//! every core but one would sit idle; on one core it was a fifth of a first ingest. The work
//! splits by output rows (or, for a Gram matrix, output columns) only — each output value is
//! computed by one thread, in the same order as on one core — so the model is the same bit for
//! bit whatever the number of cores (checked: `latent.bin` of 20,000 papers is identical learned
//! on one core and on two).

/// Most threads used: the products are memory-bound well before this.
const MAX_THREADS: usize = 8;
/// Fewer rows than this per thread are not worth a thread.
const MIN_ROWS_PER_THREAD: usize = 256;

fn threads_for(items: usize, least_per_thread: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(MAX_THREADS).min(items.div_ceil(least_per_thread)).max(1)
}

/// Fills `out`, a row-major matrix of rows of `width` values, by calling `fill(row, values)` for
/// every row, the rows split into one contiguous run per thread.
pub fn fill_rows(out: &mut [f32], width: usize, fill: impl Fn(usize, &mut [f32]) + Sync) {
    fill_runs(out, width, |first, values| {
        for (offset, row) in values.chunks_exact_mut(width).enumerate() {
            fill(first + offset, row);
        }
    });
}

/// Fills `out`, a row-major matrix of rows of `width` values, one contiguous run of rows per
/// thread, by calling `fill(first row, the run's values)` on each.
pub fn fill_runs(out: &mut [f32], width: usize, fill: impl Fn(usize, &mut [f32]) + Sync) {
    fill_runs_of_at_least(out, width, MIN_ROWS_PER_THREAD, fill);
}

/// `items` cut into one contiguous run per thread, `each` applied to every run on its own
/// thread, the results in the runs' order.
pub fn map_runs<T: Send, R: Send>(mut items: Vec<T>, each: impl Fn(Vec<T>) -> R + Sync) -> Vec<R> {
    let per_thread = items
        .len()
        .div_ceil(threads_for(items.len(), MIN_ROWS_PER_THREAD))
        .max(1);
    let mut runs = Vec::new();
    while items.len() > per_thread {
        runs.push(items.split_off(items.len() - per_thread));
    }
    runs.push(items);
    runs.reverse();
    each_on_its_thread(runs, &each)
}

/// Fewest items of a range worth a thread of their own in [`map_parts`].
const MIN_ITEMS_PER_PART: usize = 4096;

/// `range` cut into one contiguous part per thread, `each` applied to every part on its own
/// thread, the results in the parts' order.
pub fn map_parts<R: Send>(range: std::ops::Range<u32>, each: impl Fn(std::ops::Range<u32>) -> R + Sync) -> Vec<R> {
    map_parts_of_at_least(range, MIN_ITEMS_PER_PART, each)
}

/// [`map_parts`] with parts of at least `least` items (unless the range is shorter).
pub fn map_parts_of_at_least<R: Send>(
    range: std::ops::Range<u32>,
    least: usize,
    each: impl Fn(std::ops::Range<u32>) -> R + Sync,
) -> Vec<R> {
    let length = range.end.saturating_sub(range.start);
    let parts = threads_for(length as usize, least) as u32;
    let per_part = length.div_ceil(parts).max(1);
    let ranges: Vec<std::ops::Range<u32>> = (0..parts)
        .map(|part| {
            let start = range.start + part * per_part;
            start..(start + per_part).min(range.end)
        })
        .collect();
    each_on_its_thread(ranges, &each)
}

/// Fills `out`, a row-major matrix of rows of `width` values, one contiguous run of at least
/// `least` rows per thread, by calling `fill(first row, the run's values)` on each.
pub fn fill_runs_of_at_least(out: &mut [f32], width: usize, least: usize, fill: impl Fn(usize, &mut [f32]) + Sync) {
    if width == 0 || out.is_empty() {
        return;
    }
    let rows = out.len() / width;
    let per_thread = rows.div_ceil(threads_for(rows, least));
    let fill = &fill;
    std::thread::scope(|scope| {
        for (run, values) in out.chunks_mut(per_thread * width).enumerate() {
            scope.spawn(move || fill(run * per_thread, values));
        }
    });
}

/// `each` applied to every input on a thread of its own, the results in the inputs' order; a
/// panic on a thread is raised again here.
fn each_on_its_thread<I: Send, R: Send>(inputs: Vec<I>, each: &(impl Fn(I) -> R + Sync)) -> Vec<R> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = inputs
            .into_iter()
            .map(|input| scope.spawn(move || each(input)))
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_filled_in_place_and_in_order() {
        let width = 3;
        let mut out = vec![0.0; 1000 * width];
        fill_rows(&mut out, width, |row, values| {
            for (column, value) in values.iter_mut().enumerate() {
                *value = (row * 10 + column) as f32;
            }
        });
        for row in 0..1000 {
            for column in 0..width {
                assert_eq!(out[row * width + column], (row * 10 + column) as f32);
            }
        }
    }

    #[test]
    fn runs_cover_the_items_in_order() {
        let items: Vec<u32> = (0..5000).collect();
        let runs = map_runs(items, |run| run);
        assert_eq!(runs.concat(), (0..5000).collect::<Vec<u32>>());
        assert!(runs.iter().all(|run| !run.is_empty()));
        assert_eq!(map_runs(Vec::<u32>::new(), |run| run.len()), vec![0]);
    }

    #[test]
    fn parts_cover_the_range_in_order() {
        for range in [0..0, 5..6, 0..10_000, 100..50_123] {
            let parts = map_parts(range.clone(), |part| part.collect::<Vec<u32>>());
            assert_eq!(parts.concat(), range.collect::<Vec<u32>>());
        }
    }
}
