//! The automaton of every name and every shape's start: a DFA run anchored, from each
//! place a name may start (a first byte of one, after no letter, digit, `/` or `_`), for
//! the longest pattern written there. An unanchored search stepped the DFA on every byte
//! of every text, through a table too large to stay in cache: it was half of what the
//! mentions cost a large build. Anchored, it takes a step or two from most places, near
//! its start state.

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa, Anchored, MatchKind, StartKind};

/// The patterns' automaton, and the bytes they start with.
pub(super) struct Patterns {
    automaton: Kind,
    first_bytes: [bool; 256],
}

/// A DFA, the fastest, for the few kilobytes of a site's names; past its size limit (tens
/// of thousands of names), a contiguous NFA. Neither fails on strings, only on limits.
enum Kind {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

impl Patterns {
    /// The automaton of `patterns` (the longest wins where several start at one place);
    /// none without patterns, or past every limit.
    pub(super) fn new(patterns: &[&str]) -> Option<Self> {
        if patterns.is_empty() {
            return None;
        }
        let dfa = dfa::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(patterns);
        let automaton = match dfa {
            Ok(dfa) => Kind::Dfa(dfa),
            Err(_) => Kind::Nfa(
                nfa::contiguous::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns)
                    .ok()?,
            ),
        };
        let mut first_bytes = [false; 256];
        for pattern in patterns {
            if let Some(&first) = pattern.as_bytes().first() {
                first_bytes[usize::from(first)] = true;
            }
        }
        Some(Patterns {
            automaton,
            first_bytes,
        })
    }

    /// Whether a pattern starts with `byte`.
    pub(super) fn may_start(&self, byte: u8) -> bool {
        self.first_bytes[usize::from(byte)]
    }

    /// The longest pattern written at `at` in `bytes`, as (pattern, end).
    pub(super) fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        match &self.automaton {
            Kind::Dfa(dfa) => longest_at(dfa, bytes, at),
            Kind::Nfa(nfa) => longest_at(nfa, bytes, at),
        }
    }
}

/// Steps `automaton` from its anchored start over `bytes` from `at` until no pattern can
/// go on, keeping the last match (an empty pattern never matches).
fn longest_at<A: Automaton>(automaton: &A, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut state = automaton.start_state(Anchored::Yes).ok()?;
    let mut found = None;
    for (i, &byte) in bytes.get(at..)?.iter().enumerate() {
        state = automaton.next_state(Anchored::Yes, state, byte);
        if automaton.is_special(state) {
            if automaton.is_dead(state) {
                break;
            }
            if automaton.is_match(state) {
                found = Some((automaton.match_pattern(state, 0).as_usize(), at + i + 1));
            }
        }
    }
    found
}
