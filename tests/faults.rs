//! Faults while writing: a build killed at any moment, a disk that refuses writes, an output
//! folder that cannot be created. The previous output must stay whole in each case.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

/// A site big enough that its write takes a while, so kills land at every stage.
fn big_site(marker: &str) -> Site {
    let site = Site::minimal();
    set_marker(&site, marker);
    site
}

fn set_marker(site: &Site, marker: &str) {
    let body = format!(
        "## Part\n\n{}\n",
        "Some text of the report, paragraph after paragraph. ".repeat(200)
    );
    for i in 0..400 {
        site.write(
            &format!("content/people/person-{i:03}.md"),
            &format!("---\nname: \"Person {i} {marker}\"\nroles: []\n---\n{body}"),
        );
    }
}

fn marker_of(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut markers: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.starts_with("people/person-") && p.ends_with("index.html"))
        .filter_map(|(_, b)| {
            let html = String::from_utf8_lossy(b);
            ["OLD", "NEW"]
                .iter()
                .find(|m| html.contains(&format!(" {m}</h1>")))
                .map(|m| m.to_string())
        })
        .collect();
    markers.dedup();
    markers
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    let site = big_site("OLD");
    assert_eq!(site.build().code, 0);
    let old = site.output_snapshot();
    assert_eq!(marker_of(&old), ["OLD"]);
    set_marker(&site, "NEW");
    // How long a whole build takes here, to spread the kills over all of it.
    let timer = std::time::Instant::now();
    let elsewhere = site.path().join("timing-output");
    assert_eq!(
        site.run(&["build", "--output", elsewhere.to_str().unwrap()])
            .code,
        0
    );
    let full = timer.elapsed();
    std::fs::remove_dir_all(&elsewhere).unwrap();
    let mut outcomes = BTreeMap::new();
    for attempt in 0..20u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
            .args(["build", "--root"])
            .arg(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the whole run: from before loading to after the swap.
        std::thread::sleep(full.mul_f64(attempt as f64 / 16.0));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = site.output_snapshot();
        let markers = marker_of(&now);
        assert_eq!(
            markers.len(),
            1,
            "attempt {attempt}: a mix of old and new pages: {markers:?}"
        );
        let complete = now.len() == old.len();
        assert!(
            complete,
            "attempt {attempt}: {} files instead of {}",
            now.len(),
            old.len()
        );
        *outcomes.entry(markers[0].clone()).or_insert(0) += 1;
    }
    // The next build cleans what the killed ones left beside the output.
    assert_eq!(site.build().code, 0);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.") && n != ".output.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!("outcomes of the killed builds: {outcomes:?}");
}

#[test]
fn a_disk_that_refuses_writes_gives_a_clear_error_and_keeps_the_output() {
    let site = big_site("OLD");
    assert_eq!(site.build().code, 0);
    let old = site.output_snapshot();
    set_marker(&site, "NEW");
    // RLIMIT_FSIZE makes every write past 1 KB fail with EFBIG, as a full disk fails with
    // ENOSPC; SIGXFSZ is ignored so that the write returns the error instead of killing.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 1; exec {} build --root \"$0\"",
            env!("CARGO_BIN_EXE_cyberrecord")
        ))
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot write the output"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous output is untouched"),
        "{stderr}"
    );
    assert_eq!(old, site.output_snapshot());
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_clear_error() {
    let site = Site::minimal();
    let run = site.run(&[
        "build",
        "--output",
        "/proc/cyberrecord-cannot-write-here/output",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: cannot write the output to /proc/"),
        "{}",
        run.stderr
    );
}
