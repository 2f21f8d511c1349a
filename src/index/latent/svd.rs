//! Truncated SVD of a sparse matrix by the randomized range finder (Halko, Martinsson and Tropp,
//! 2011): multiply by a random matrix, orthonormalise, refine with a few power iterations, then
//! take the exact SVD of the small projected matrix. Single precision for the big products: the
//! range finder needs directions, not digits, and f32 halves the time of the sparse products.
//! The sparse products are one loop below, over the matrix or its transpose (built once), split
//! over the cores by output rows, since the matrix is only ever multiplied, never factorised.
//!
//! The dense steps work on the small side only. Orthonormalising is Cholesky QR: the Gram matrix
//! of the tall basis (samples × samples, accumulated in f64) is factorised and the basis
//! multiplied by the inverse factor, in place. The final SVD is that of the projected matrix's
//! Gram matrix (an f64 eigendecomposition), its right singular vectors the projected matrix times
//! the eigenvectors over the singular values. Factorising the tall matrices themselves (faer's
//! Householder QR and thin SVD) copied each of them three or four times into fresh memory, and
//! the kernel zeroing those pages was most of the fit. A basis too degenerate for Cholesky (a
//! tiny or low-rank collection) falls back to Householder QR.
//!
//! Deterministic: the random matrix comes from a fixed seed, so the same collection always gives
//! the same model (and the same search results), on any number of cores.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatMut, MatRef, Par, Side};

use super::cores;
use super::vector_ops::add_scaled;

/// A sparse matrix, row by row: `(column, value)` pairs.
pub struct SparseRows {
    pub rows: Vec<Vec<(u32, f32)>>,
    pub columns: usize,
}

/// Columns sampled beyond the rank asked for: the range finder's oversampling.
const OVERSAMPLING: usize = 10;
/// Power iterations: each sharpens the separation of the leading singular vectors from the rest
/// (term-document matrices have slowly decaying spectra, where this matters). One: a second
/// ranked no better on the corpus benchmark (`benches/search_quality.py`, two query samples:
/// blend MRR@20 0.858 / 0.857 and 0.849 / 0.851 with two and with one, latent alone 0.356 /
/// 0.363 and 0.329 / 0.351) and cost about a tenth of the fit at 100,000 papers.
const POWER_ITERATIONS: usize = 1;
/// Rows of a tall matrix widened to f64 at a time when its Gram matrix is accumulated.
const GRAM_BLOCK: usize = 1024;

/// The leading `rank` right singular vectors of `matrix` (one row per column of `matrix`, `rank`
/// values each, row-major), with as many columns as the matrix allows when it has fewer.
pub fn right_singular_vectors(matrix: &SparseRows, rank: usize) -> (Vec<f32>, usize) {
    let samples = (rank + OVERSAMPLING).min(matrix.rows.len()).min(matrix.columns);
    let rank = rank.min(samples);
    if rank == 0 {
        return (Vec::new(), 0);
    }
    let transposed = matrix.transposed();
    let mut basis = vec![0.0; matrix.rows.len() * samples];
    times_random_signs_into(&transposed, samples, &mut basis);
    let mut spare = vec![0.0; matrix.rows.len() * samples];
    orthonormalize(&mut basis, &mut spare, samples);
    let mut back = vec![0.0; matrix.columns * samples];
    for _ in 0..POWER_ITERATIONS {
        // Aᵀ Q is not orthonormalised before A is applied again: A (Aᵀ Q) spans what
        // A orth(Aᵀ Q) spans, and orthonormalising the tall term-side matrix was most of the
        // power iterations' time (search quality measured the same without it).
        times_into(&transposed, &basis, samples, &mut back);
        times_into(matrix, &back, samples, &mut basis);
        orthonormalize(&mut basis, &mut spare, samples);
    }
    drop(spare);
    // B = Qᵀ A is samples × columns; its transpose P = Aᵀ Q (columns × samples) has A's right
    // singular vectors as its left singular vectors: with Pᵀ P = W Σ² Wᵀ, they are P W Σ⁻¹.
    times_into(&transposed, &basis, samples, &mut back);
    drop(basis);
    let projected = MatRef::from_row_major_slice(&back, matrix.columns, samples);
    let Ok(eigen) = gram(projected).self_adjoint_eigen(Side::Lower) else {
        return (Vec::new(), 0);
    };
    let (values, vectors) = (eigen.S().column_vector(), eigen.U());
    let largest = (0..samples).map(|i| values[i]).fold(0.0f64, f64::max);
    // Eigenvalues come in nondecreasing order; the largest `rank`, largest first. A direction
    // the matrix does not have (a singular value lost in rounding) gets a zero vector.
    let mut scaled = Mat::<f32>::zeros(samples, rank);
    for k in 0..rank {
        let i = samples - 1 - k;
        let value = values[i];
        if value > largest * 1e-12 && value > 0.0 {
            let inverse_singular = 1.0 / value.sqrt();
            for j in 0..samples {
                scaled[(j, k)] = (vectors[(j, i)] * inverse_singular) as f32;
            }
        }
    }
    // P W Σ⁻¹ a block of rows at a time, each block's result written over P's rows already
    // read: P's memory becomes the output (46 MB at 100,000 papers not allocated anew).
    let columns = matrix.columns;
    let mut block = vec![0f32; FINAL_BLOCK.min(columns) * rank];
    for first in (0..columns).step_by(FINAL_BLOCK) {
        let rows = FINAL_BLOCK.min(columns - first);
        let source = &back[first * samples..(first + rows) * samples];
        dense_times_into(source, scaled.as_ref(), &mut block[..rows * rank], FINAL_BLOCK / 2);
        // Row i of the output ends at (i + 1) × rank ≤ the start of P's row i + 1: no row of a
        // later block is overwritten.
        back[first * rank..(first + rows) * rank].copy_from_slice(&block[..rows * rank]);
    }
    back.truncate(columns * rank);
    (back, rank)
}

/// Rows of the final product computed at a time.
const FINAL_BLOCK: usize = 1024;

/// Makes the columns of a row-major rows × width matrix orthonormal, spanning the same space:
/// Cholesky QR (Q = Y R⁻¹ where RᵀR = YᵀY), or Householder QR when the Gram matrix is too
/// ill-conditioned to factorise. `spare` is scratch of the same size.
fn orthonormalize(dense: &mut Vec<f32>, spare: &mut Vec<f32>, width: usize) {
    let rows = dense.len() / width;
    let gram = gram(MatRef::from_row_major_slice(dense, rows, width));
    let Ok(llt) = gram.llt(Side::Lower) else {
        *dense = orthonormal(dense, rows, width);
        return;
    };
    // Q = Y L⁻ᵀ, with L⁻¹ from L by forward substitution (width × width, in f64).
    let lower = llt.L();
    let mut inverse = Mat::<f64>::zeros(width, width);
    for column in 0..width {
        for row in column..width {
            let mut sum = if row == column { 1.0 } else { 0.0 };
            for k in column..row {
                sum -= lower[(row, k)] * inverse[(k, column)];
            }
            inverse[(row, column)] = sum / lower[(row, row)];
        }
    }
    if !(0..width).all(|i| inverse[(i, i)].is_finite()) {
        *dense = orthonormal(dense, rows, width);
        return;
    }
    let inverse_transposed = Mat::<f32>::from_fn(width, width, |i, j| inverse[(j, i)] as f32);
    dense_times_into(dense, inverse_transposed.as_ref(), spare, DENSE_ROWS_PER_THREAD);
    std::mem::swap(dense, spare);
}

/// `source × right` into `out`, all row-major (`source` has `right.nrows()` values a row, `out`
/// `right.ncols()`), on every core, a run of at least `least` rows each: a row's result does not
/// depend on the others', so it is the same on any number of cores.
fn dense_times_into(source: &[f32], right: MatRef<'_, f32>, out: &mut [f32], least: usize) {
    let (inner, width) = (right.nrows(), right.ncols());
    cores::fill_runs_of_at_least(out, width, least, |first, out| {
        let rows = out.len() / width;
        matmul(
            MatMut::from_row_major_slice_mut(out, rows, width),
            Accum::Replace,
            MatRef::from_row_major_slice(&source[first * inner..(first + rows) * inner], rows, inner),
            right,
            1.0,
            Par::Seq,
        );
    });
}

/// Mᵀ M of a tall matrix, accumulated in f64 a block of rows at a time; its columns split over
/// the cores (each column's values are computed as on one core).
fn gram(tall: MatRef<'_, f32>) -> Mat<f64> {
    let width = tall.ncols();
    let parts = cores::map_parts_of_at_least(0..width as u32, GRAM_COLUMNS_PER_THREAD, |columns| {
        let (first, count) = (columns.start as usize, columns.len());
        let mut part = Mat::<f64>::zeros(width, count);
        let mut block = Mat::<f64>::zeros(GRAM_BLOCK.min(tall.nrows()), width);
        for first_row in (0..tall.nrows()).step_by(GRAM_BLOCK) {
            let rows = GRAM_BLOCK.min(tall.nrows() - first_row);
            for j in 0..width {
                for i in 0..rows {
                    block[(i, j)] = f64::from(tall[(first_row + i, j)]);
                }
            }
            let block = block.as_ref().subrows(0, rows);
            matmul(
                part.as_mut(),
                Accum::Add,
                block.transpose(),
                block.subcols(first, count),
                1.0,
                Par::Seq,
            );
        }
        (first, part)
    });
    let mut gram = Mat::<f64>::zeros(width, width);
    for (first, part) in parts {
        for j in 0..part.ncols() {
            for i in 0..width {
                gram[(i, first + j)] = part[(i, j)];
            }
        }
    }
    gram
}

/// Fewest columns of a Gram matrix worth a thread of their own.
const GRAM_COLUMNS_PER_THREAD: usize = 32;
/// Fewest rows of a dense product worth a thread of their own.
const DENSE_ROWS_PER_THREAD: usize = 2048;

/// A dense row-major matrix (rows × width) with orthonormal columns spanning the same space.
fn orthonormal(dense: &[f32], rows: usize, width: usize) -> Vec<f32> {
    let q = column_major(dense, rows, width).qr().compute_thin_Q();
    let columns: Vec<usize> = (0..q.ncols()).collect();
    row_major(&q, &columns, width)
}

/// Rows copied at a time between the row-major and column-major layouts: a block of both fits
/// in cache, so neither side is read or written a value per cache line (element by element,
/// the copies took as long as the factorisations).
const COPY_BLOCK: usize = 64;

/// A row-major rows × width matrix in faer's column-major layout.
fn column_major(dense: &[f32], rows: usize, width: usize) -> Mat<f32> {
    let mut matrix = Mat::<f32>::zeros(rows, width);
    for first in (0..rows).step_by(COPY_BLOCK) {
        let last = (first + COPY_BLOCK).min(rows);
        for j in 0..width {
            for (i, value) in matrix.col_as_slice_mut(j)[first..last].iter_mut().enumerate() {
                *value = dense[(first + i) * width + j];
            }
        }
    }
    matrix
}

/// The given columns of a column-major matrix as a row-major one `width` values wide (columns
/// beyond those given are zero).
fn row_major(matrix: &Mat<f32>, columns: &[usize], width: usize) -> Vec<f32> {
    let rows = matrix.nrows();
    let mut out = vec![0.0; rows * width];
    for first in (0..rows).step_by(COPY_BLOCK) {
        let last = (first + COPY_BLOCK).min(rows);
        for (position, &j) in columns.iter().enumerate() {
            for (i, value) in matrix.col_as_slice(j)[first..last].iter().enumerate() {
                out[(first + i) * width + position] = *value;
            }
        }
    }
    out
}

/// `matrix × dense` into `out`, where `dense` is row-major (matrix.columns × width): every
/// output row is its sparse row's combination of `dense`'s rows, computed on the machine's cores.
fn times_into(matrix: &SparseRows, dense: &[f32], width: usize, out: &mut [f32]) {
    cores::fill_rows(out, width, |row, target| {
        target.fill(0.0);
        for &(column, value) in &matrix.rows[row] {
            add_scaled(target, &dense[column as usize * width..][..width], value);
        }
    });
}

impl SparseRows {
    /// The same matrix by columns, so that products with the transpose are row combinations
    /// too (gathering, where scattering into shared columns would not split over cores).
    fn transposed(&self) -> SparseRows {
        let mut lengths = vec![0usize; self.columns];
        for row in &self.rows {
            for &(column, _) in row {
                lengths[column as usize] += 1;
            }
        }
        let mut rows: Vec<Vec<(u32, f32)>> = lengths.into_iter().map(Vec::with_capacity).collect();
        for (index, row) in self.rows.iter().enumerate() {
            for &(column, value) in row {
                rows[column as usize].push((index as u32, value));
            }
        }
        SparseRows {
            rows,
            columns: self.rows.len(),
        }
    }
}

/// `matrix × Ω` into `out` (zeroed), where Ω is the columns × width random matrix of
/// [`random_signs_into`], computed from the matrix's transpose: each row of Ω is generated when
/// its column comes, and added to the output rows of the matrix rows having that column. Every output row still sums
/// its columns in increasing order, as [`times_into`] with Ω written out would (the same bits),
/// but Ω — 48 MB at 100,000 papers — never exists.
fn times_random_signs_into(transposed: &SparseRows, width: usize, out: &mut [f32]) {
    cores::fill_runs(out, width, |first, values| {
        let last = first + values.len() / width;
        let mut signs = vec![0f32; width];
        for (column, entries) in transposed.rows.iter().enumerate() {
            let from = entries.partition_point(|&(row, _)| (row as usize) < first);
            let mine = entries[from..].iter().take_while(|&&(row, _)| (row as usize) < last);
            let mut generated = false;
            for &(row, value) in mine {
                if !generated {
                    random_signs_into(column * width, &mut signs);
                    generated = true;
                }
                let at = (row as usize - first) * width;
                add_scaled(&mut values[at..at + width], &signs, value);
            }
        }
    });
}

/// Elements `first..first + out.len()` (row-major) of the range finder's random matrix: ±1 from
/// a fixed-seed generator (SplitMix64, 64 signs per draw, lowest bit first). Rademacher test
/// vectors serve the range finder as well as Gaussian ones, and any element is found without
/// drawing the ones before it.
fn random_signs_into(first: usize, out: &mut [f32]) {
    let mut drawn = None;
    for (offset, sign) in out.iter_mut().enumerate() {
        let index = first + offset;
        let draw = (index / 64) as u64 + 1;
        let bits = match drawn {
            Some((number, bits)) if number == draw => bits,
            _ => {
                let mut z = 0x9e37_79b9_7f4a_7c15u64.wrapping_add(draw.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                let bits = z ^ (z >> 31);
                drawn = Some((draw, bits));
                bits
            }
        };
        *sign = if bits >> (index % 64) & 1 == 1 { 1.0 } else { -1.0 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_leading_directions_of_a_low_rank_matrix() {
        // Rows along one of two directions over 6 columns, the first the stronger:
        // (1,1,1,0,0,0) and (0,0,0,1,1,0).
        let rows: Vec<Vec<(u32, f32)>> = (0..40)
            .map(|i| {
                let size = 1.0 + (i % 5) as f32;
                if i % 2 == 0 {
                    vec![(0, size), (1, size), (2, size)]
                } else {
                    vec![(3, size), (4, size)]
                }
            })
            .collect();
        let matrix = SparseRows { rows, columns: 6 };
        let (vectors, rank) = right_singular_vectors(&matrix, 2);
        assert_eq!(rank, 2);
        let column = |j: usize| (0..6).map(|i| vectors[i * rank + j]).collect::<Vec<f32>>();
        let first = column(0);
        // The dominant direction is the first three columns, equally weighted.
        for i in 0..3 {
            assert!((first[i].abs() - 1.0 / 3f32.sqrt()).abs() < 1e-4, "{first:?}");
        }
        assert!(first[5].abs() < 1e-6);
        let second = column(1);
        assert!((second[3].abs() - 1.0 / 2f32.sqrt()).abs() < 1e-4, "{second:?}");
        // Unit length and orthogonal.
        let dot: f32 = first.iter().zip(&second).map(|(a, b)| a * b).sum();
        assert!(dot.abs() < 1e-5);
    }

    #[test]
    fn a_full_rank_matrix_gives_the_exact_leading_directions() {
        // 400 rows over 60 columns: three strong directions of distinct strengths plus weak
        // noise on every column, so the basis is full rank and Cholesky QR does the work.
        let mut state = 7u64;
        let mut noise = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as f32 / (1u64 << 31) as f32 - 0.5) * 0.05
        };
        let rows: Vec<Vec<(u32, f32)>> = (0..400)
            .map(|i| {
                let strength = [9.0, 5.0, 2.5][i % 3];
                (0..60u32)
                    .map(|column| {
                        let on = (column as usize % 3 == i % 3) && column < 30;
                        (column, if on { strength / 10.0 } else { 0.0 } + noise())
                    })
                    .collect()
            })
            .collect();
        let dense = Mat::<f64>::from_fn(400, 60, |i, j| f64::from(rows[i][j].1));
        let exact = dense.thin_svd().unwrap();
        let matrix = SparseRows { rows, columns: 60 };
        let (vectors, rank) = right_singular_vectors(&matrix, 3);
        assert_eq!(rank, 3);
        for k in 0..3 {
            let dot: f64 = (0..60)
                .map(|j| f64::from(vectors[j * rank + k]) * exact.V()[(j, k)])
                .sum();
            assert!((dot.abs() - 1.0).abs() < 1e-4, "direction {k}: {dot}");
        }
    }

    #[test]
    fn the_random_product_is_the_written_out_one() {
        // The generator as a stream, the way it was first written: draws of 64 signs.
        let (rows, width) = (300, 7);
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut omega = Vec::new();
        while omega.len() < rows * width {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            let bits = z ^ (z >> 31);
            omega.extend((0..64).map(|bit| if bits >> bit & 1 == 1 { 1.0f32 } else { -1.0 }));
        }
        omega.truncate(rows * width);
        // 600 sparse rows over the 300 columns, in column order.
        let matrix = SparseRows {
            rows: (0..600u32)
                .map(|i| {
                    (0..300u32)
                        .filter(|c| (c * 7 + i) % 13 == 0)
                        .map(|c| (c, (i + c) as f32 * 0.01))
                        .collect()
                })
                .collect(),
            columns: rows,
        };
        let mut expected = vec![0.0; 600 * width];
        times_into(&matrix, &omega, width, &mut expected);
        let mut product = vec![0.0; 600 * width];
        times_random_signs_into(&matrix.transposed(), width, &mut product);
        assert_eq!(product, expected);
    }

    #[test]
    fn the_same_matrix_gives_the_same_vectors() {
        let rows: Vec<Vec<(u32, f32)>> = (0..30).map(|i| vec![(i % 7, 1.0), ((i * 3) % 11, 2.0)]).collect();
        let matrix = SparseRows { rows, columns: 11 };
        assert_eq!(right_singular_vectors(&matrix, 4), right_singular_vectors(&matrix, 4));
    }

    #[test]
    fn layouts_and_the_transpose_keep_every_value() {
        // 130 rows: two full copy blocks and a partial one.
        let (rows, width) = (130, 5);
        let dense: Vec<f32> = (0..rows * width).map(|v| v as f32).collect();
        let matrix = column_major(&dense, rows, width);
        assert_eq!(matrix[(129, 4)], dense[129 * width + 4]);
        assert_eq!(row_major(&matrix, &[0, 1, 2, 3, 4], width), dense);
        assert_eq!(
            row_major(&matrix, &[3, 1], 3)[..6],
            [dense[3], dense[1], 0.0, dense[width + 3], dense[width + 1], 0.0]
        );
        let sparse = SparseRows {
            rows: vec![vec![(0, 1.0), (2, 2.0)], vec![], vec![(2, 3.0)]],
            columns: 3,
        };
        let transposed = sparse.transposed();
        assert_eq!(transposed.columns, 3);
        assert_eq!(transposed.rows, vec![vec![(0, 1.0)], vec![], vec![(0, 2.0), (2, 3.0)]]);
    }

    #[test]
    fn an_empty_matrix_has_no_vectors() {
        let matrix = SparseRows {
            rows: Vec::new(),
            columns: 3,
        };
        assert_eq!(right_singular_vectors(&matrix, 4).1, 0);
    }
}
