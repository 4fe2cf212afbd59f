//! The fuzzers' corpus, run as plain tests on stable: each input of
//! `fuzz/corpus/front_matter` through the function `fuzz/fuzz_targets/front_matter.rs`
//! calls, so that the target's entry point stays alive where CI builds no fuzzer, and the
//! inputs that once found a fault stay fixed.

mod common;
use common::*;

#[test]
fn every_front_matter_input_of_the_fuzz_corpus_reads_without_a_panic() {
    let dir = repo_root().join("fuzz/corpus/front_matter");
    let mut inputs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            cyberrecord::content::parse_as_every_kind(text);
            inputs += 1;
        }
    }
    assert!(inputs > 0, "no input in {}", dir.display());
}
