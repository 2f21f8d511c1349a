//! How lexicon forms are compared: letters and digits only, lower case ("MS-COCO", "ms coco" and
//! "MSCOCO" are one key), and the key's hash by which lexicons find a form.
//!
//! Shared with `build.rs`, which tables the built-in lexicon by these hashes at compile time, so
//! it uses nothing but `std`: the table and the lookups must hash alike.

/// A form's comparison key.
pub fn form_key(form: &str) -> String {
    // Nearly every form is ASCII: the same key without Unicode case tables.
    if form.is_ascii() {
        return ascii_key_bytes(form).map(char::from).collect();
    }
    form.chars()
        .filter(|c| c.is_alphanumeric() || *c == '+')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key of an ASCII form, byte by byte.
fn ascii_key_bytes(form: &str) -> impl Iterator<Item = u8> + '_ {
    form.bytes()
        .filter(|b| b.is_ascii_alphanumeric() || *b == b'+')
        .map(|b| b.to_ascii_lowercase())
}

/// FNV-1a over a key's UTF-8 bytes.
pub fn key_hash(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The hash of a form's [`form_key`], without building the key when the form is ASCII.
pub fn form_key_hash(form: &str) -> u64 {
    if form.is_ascii() {
        key_hash(ascii_key_bytes(form))
    } else {
        key_hash(form_key(form).bytes())
    }
}
