//! Splits and parses arbitrary text as every kind of page of the built-in schema: errors
//! are fine, panics, hangs and runaway memory are not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        cyberrecord::content::parse_as_every_kind(text);
    }
});
