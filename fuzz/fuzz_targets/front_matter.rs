//! Splits and parses arbitrary text as every kind of page: errors are fine, panics,
//! hangs and runaway memory are not.
#![no_main]

use cyberrecord::content::{parse_entity, Kind};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [
        Kind::Report,
        Kind::Region,
        Kind::Norm,
        Kind::Event,
        Kind::Process,
        Kind::Person,
        Kind::Page,
    ] {
        if let Ok(entity) = parse_entity(Path::new("content/x.md"), kind, "x".into(), text) {
            // Locating ids in what parsed must not panic either.
            let _ = entity.locate("norms", "e");
        }
    }
});
