//! The latent layer's innermost loop, `target += a × source` over one row of a dense matrix
//! (f32 values, or int8 codes), compiled three times — for the baseline x86-64 vector unit, for
//! AVX2 and for AVX-512 — and chosen at run time.
//!
//! Why: learning the model is mostly this loop (the randomized SVD's sparse products add a dense
//! row per non-zero; folding a paper in adds a term vector per term), and a binary built for the
//! baseline runs it four floats at a time on a machine that can do eight or sixteen. Every build
//! computes each element by the same separate multiply and add (no fused multiply-add is allowed
//! without asking for it), so they give the same bits: the model does not depend on which
//! machine learned it.

/// `target[i] += a × source[i]`.
#[inline]
pub fn add_scaled(target: &mut [f32], source: &[f32], a: f32) {
    dispatch(target, source, a, |value| value);
}

/// `target[i] += a × codes[i]`, each code an int8 stored as its byte.
#[inline]
pub fn add_scaled_codes(target: &mut [f32], codes: &[u8], a: f32) {
    dispatch(target, codes, a, |code| f32::from(code as i8));
}

/// The loop in the widest build the processor runs, `value` turning a source element into f32.
#[inline(always)]
fn dispatch<S: Copy>(target: &mut [f32], source: &[S], a: f32, value: impl Fn(S) -> f32 + Copy) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been found to support AVX-512.
        return unsafe { add_avx512(target, source, a, value) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been found to support AVX2.
        return unsafe { add_avx2(target, source, a, value) };
    }
    add_portable(target, source, a, value);
}

#[inline(always)]
fn add_portable<S: Copy>(target: &mut [f32], source: &[S], a: f32, value: impl Fn(S) -> f32) {
    for (t, s) in target.iter_mut().zip(source) {
        *t += a * value(*s);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_avx2<S: Copy>(target: &mut [f32], source: &[S], a: f32, value: impl Fn(S) -> f32) {
    add_portable(target, source, a, value);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn add_avx512<S: Copy>(target: &mut [f32], source: &[S], a: f32, value: impl Fn(S) -> f32) {
    add_portable(target, source, a, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_build_gives_the_same_bits() {
        let source: Vec<f32> = (0..203).map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0).collect();
        let codes: Vec<u8> = (0..203).map(|i| (i * 53 % 256) as u8).collect();
        let start: Vec<f32> = (0..203).map(|i| (i as f32).sin()).collect();
        let mut expected = start.clone();
        add_portable(&mut expected, &source, 0.37, |value| value);
        let mut dispatched = start.clone();
        add_scaled(&mut dispatched, &source, 0.37);
        assert_eq!(dispatched, expected);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            let mut avx2 = start.clone();
            // SAFETY: the CPU supports AVX2.
            unsafe { add_avx2(&mut avx2, &source, 0.37, |value| value) };
            assert_eq!(avx2, expected);
        }
        let mut expected = start.clone();
        add_portable(&mut expected, &codes, -1.3, |code| f32::from(code as i8));
        let mut dispatched = start.clone();
        add_scaled_codes(&mut dispatched, &codes, -1.3);
        assert_eq!(dispatched, expected);
        assert_eq!(expected[1], (1f32).sin() + -1.3 * f32::from(53u8 as i8));
    }
}
