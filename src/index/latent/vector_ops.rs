//! The latent layer's innermost loop, `target += a × source` over one row of a dense matrix,
//! compiled twice: for the baseline x86-64 vector unit and for AVX2, chosen at run time.
//!
//! Why: learning the model is mostly this loop (the randomized SVD's sparse products add a dense
//! row per non-zero; folding a paper in adds a term vector per term), and a binary built for the
//! baseline runs it four floats at a time on a machine that can do eight. The two builds
//! compute every element by the same separate multiply and add (no fused multiply-add is
//! allowed without asking for it), so they give the same bits: the model does not depend on
//! which machine learned it.

/// `target[i] += a × source[i]`.
#[inline]
pub fn add_scaled(target: &mut [f32], source: &[f32], a: f32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been found to support AVX-512.
        return unsafe { add_scaled_avx512(target, source, a) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been found to support AVX2.
        return unsafe { add_scaled_avx2(target, source, a) };
    }
    add_scaled_portable(target, source, a);
}

/// `target[i] += a × codes[i]`, each code an int8 stored as its byte.
#[inline]
pub fn add_scaled_codes(target: &mut [f32], codes: &[u8], a: f32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been found to support AVX-512.
        return unsafe { add_scaled_codes_avx512(target, codes, a) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been found to support AVX2.
        return unsafe { add_scaled_codes_avx2(target, codes, a) };
    }
    add_scaled_codes_portable(target, codes, a);
}

#[inline(always)]
fn add_scaled_portable(target: &mut [f32], source: &[f32], a: f32) {
    for (t, s) in target.iter_mut().zip(source) {
        *t += a * s;
    }
}

#[inline(always)]
fn add_scaled_codes_portable(target: &mut [f32], codes: &[u8], a: f32) {
    for (t, code) in target.iter_mut().zip(codes) {
        *t += a * f32::from(*code as i8);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_scaled_avx2(target: &mut [f32], source: &[f32], a: f32) {
    add_scaled_portable(target, source, a);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_scaled_codes_avx2(target: &mut [f32], codes: &[u8], a: f32) {
    add_scaled_codes_portable(target, codes, a);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn add_scaled_avx512(target: &mut [f32], source: &[f32], a: f32) {
    add_scaled_portable(target, source, a);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn add_scaled_codes_avx512(target: &mut [f32], codes: &[u8], a: f32) {
    add_scaled_codes_portable(target, codes, a);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_builds_give_the_same_bits() {
        let source: Vec<f32> = (0..203).map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0).collect();
        let codes: Vec<u8> = (0..203).map(|i| (i * 53 % 256) as u8).collect();
        let start: Vec<f32> = (0..203).map(|i| (i as f32).sin()).collect();
        let (mut dispatched, mut portable) = (start.clone(), start.clone());
        add_scaled(&mut dispatched, &source, 0.37);
        add_scaled_portable(&mut portable, &source, 0.37);
        assert_eq!(dispatched, portable);
        let (mut dispatched, mut portable) = (start.clone(), start);
        add_scaled_codes(&mut dispatched, &codes, -1.3);
        add_scaled_codes_portable(&mut portable, &codes, -1.3);
        assert_eq!(dispatched, portable);
        assert_eq!(portable[1], (1f32).sin() + -1.3 * f32::from(53u8 as i8));
    }
}
