//! `--timings`: the steps of a run, how long each took and the peak memory after it.

use std::time::{Duration, Instant};

/// The steps of a run that `--timings` reports, in order: one list, for the output and
/// for `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Load,
    Theme,
    Graph,
    Entities,
    Pages,
    Swap,
    /// `serve`'s re-render of edited pages, in place of the steps above.
    Update,
}

impl Step {
    /// The steps of `check`.
    pub const CHECK: [Step; 5] = [
        Step::Load,
        Step::Theme,
        Step::Graph,
        Step::Entities,
        Step::Pages,
    ];
    /// The steps of `build`: those of `check`, then the swap of the output folder.
    pub const BUILD: [Step; 6] = [
        Step::Load,
        Step::Theme,
        Step::Graph,
        Step::Entities,
        Step::Pages,
        Step::Swap,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Theme => "theme",
            Step::Graph => "graph",
            Step::Entities => "entities",
            Step::Pages => "pages",
            Step::Swap => "swap",
            Step::Update => "update",
        }
    }

    /// The help of `--timings` for a command with these steps.
    pub fn help(steps: &[Step]) -> String {
        let names: Vec<&str> = steps.iter().map(|s| s.name()).collect();
        format!(
            "Print how long each step took ({}) and the peak memory after it (load and \
             theme run side by side)",
            names.join(", ")
        )
    }
}

/// How long each step took, for `--timings`, and the process's peak memory at its end.
#[derive(Debug, Default, Clone)]
pub struct Timings(Vec<(Step, Duration, Option<u64>)>);

impl Timings {
    pub(crate) fn step<T>(&mut self, step: Step, f: impl FnOnce() -> T) -> T {
        let (value, took) = timed(f);
        self.push(step, took);
        value
    }

    pub(crate) fn push(&mut self, step: Step, took: Duration) {
        self.0.push((step, took, peak_memory_kb()));
    }

    pub fn report(&self) -> String {
        self.0
            .iter()
            .map(|(step, d, peak)| {
                let (name, ms) = (step.name(), d.as_secs_f64() * 1000.0);
                match peak {
                    Some(kb) => format!("  {name:<8} {ms:>8.1} ms  peak {:>6} MB\n", kb / 1024),
                    None => format!("  {name:<8} {ms:>8.1} ms\n"),
                }
            })
            .collect()
    }
}

/// What `f` returns and how long it took, for a step run beside another (its time is
/// pushed when both are done).
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// The process's peak resident memory so far (`VmHWM`), where Linux tells it: which step
/// makes the peak is what decides the cost of a large build (fresh memory is expensive).
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
