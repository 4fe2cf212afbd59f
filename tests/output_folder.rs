//! The output folder is never a weapon: `build` replaces its output whole, so it must
//! refuse any folder whose replacement would destroy what it did not write (the sources,
//! an ancestor of them, a user's folder), and two builds into one output must not mix.
//! Each case: exit code 2 and a message naming the folder, and every file still there.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The minimal site copied to `<tmp>/proj/site`, so that an ancestor of the root is still
/// inside a folder the test owns (if the refusal failed, only that folder would be lost).
fn nested_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("proj/site");
    copy_tree(site.path(), &root);
    std::fs::write(tmp.path().join("proj/notes.txt"), "mine").unwrap();
    (tmp, root)
}

fn assert_sources_intact(root: &Path) {
    assert!(root.join("content/norms/e.md").is_file(), "sources deleted");
    assert!(root.join("themes").is_dir(), "theme deleted");
}

#[test]
fn output_that_is_an_ancestor_of_the_root_written_with_dot_dot_is_refused() {
    let (tmp, root) = nested_site();
    let output = root.join("../../proj");
    let r = run_bin(&["build", "--root", s(&root), "--output", s(&output)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: refusing to write the site to {}: it contains the site's folder {}; choose another --output\n",
            output.display(),
            root.canonicalize().unwrap().display()
        )
    );
    assert_sources_intact(&root);
    assert!(tmp.path().join("proj/notes.txt").is_file());
}

#[cfg(unix)]
#[test]
fn output_that_is_an_ancestor_of_the_root_through_a_symlink_is_refused() {
    let (tmp, root) = nested_site();
    let link = root.join("up");
    std::os::unix::fs::symlink(tmp.path().join("proj"), &link).unwrap();
    let r = run_bin(&["build", "--root", s(&root), "--output", s(&link)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("it contains the site's folder"),
        "{}",
        r.stderr
    );
    assert_sources_intact(&root);
}

#[test]
fn output_that_is_the_root_or_inside_its_sources_is_refused() {
    let (_tmp, root) = nested_site();
    let cases = [
        (root.join("."), "it is the site's own folder"),
        (
            root.join("content/public"),
            "inside the site's content/ folder",
        ),
        (
            root.join("themes/default"),
            "inside the site's themes/ folder",
        ),
    ];
    for (output, why) in cases {
        let r = run_bin(&["build", "--root", s(&root), "--output", s(&output)]);
        assert_eq!(r.code, 2, "{}: {}", output.display(), r.stderr);
        assert!(r.stderr.contains(why), "{}", r.stderr);
        assert!(!r.stderr.contains("wrote"), "{}", r.stderr);
        assert_sources_intact(&root);
    }
}

#[test]
fn a_non_empty_folder_that_was_never_an_output_is_refused() {
    let site = Site::minimal();
    let folder = site.path().join("my-folder");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("thesis.md"), "years of work").unwrap();
    std::fs::write(folder.join("sub/data.csv"), "1,2").unwrap();
    let r = site.run(&["build", "--output", s(&folder)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // (`Site::run` shows paths relative to the site's folder.)
    assert_eq!(r.stderr, "error: refusing to replace my-folder: the folder is not empty and was not written by cyberrecord (it has no .cyberrecord-output file); empty or remove it yourself, or choose another --output\n");
    assert_eq!(
        std::fs::read(folder.join("thesis.md")).unwrap(),
        b"years of work"
    );
    assert!(folder.join("sub/data.csv").is_file());
    // An empty folder is fine, and a build's own output is replaced by the next build.
    let empty = site.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(site.run(&["build", "--output", s(&empty)]).code, 0);
    assert_eq!(site.run(&["build", "--output", s(&empty)]).code, 0);
}

#[test]
fn a_file_added_to_an_output_is_never_deleted() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let added = site.path().join("output/CNAME");
    std::fs::write(&added, "record.example.org").unwrap();
    let before = site.output_snapshot();
    let r = site.build();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "it holds 1 file that cyberrecord did not write (CNAME); move it out of the folder"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(before, site.output_snapshot());
}

/// The check for files this tool did not write runs while the pages are rendered; a
/// link found then is refused like a file, and the build leaves nothing behind.
#[cfg(unix)]
#[test]
fn a_link_added_to_an_output_is_refused_and_what_it_points_to_is_kept() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("thesis.md"), "years of work").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("output/notes")).unwrap();
    let before = site.output_snapshot();
    let r = site.build();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("it holds 1 file that cyberrecord did not write (notes)"),
        "{}",
        r.stderr
    );
    assert_eq!(before, site.output_snapshot());
    assert_eq!(
        std::fs::read(outside.path().join("thesis.md")).unwrap(),
        b"years of work"
    );
    let beside: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output."))
        .collect();
    assert_eq!(beside, [".output.lock"]);
}

#[test]
fn the_output_carries_a_manifest_of_exactly_what_was_written() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let files = site.output_snapshot();
    let manifest = String::from_utf8(files[".cyberrecord-output"].clone()).unwrap();
    let mut lines = manifest.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("# Written by `cyberrecord build`"));
    let listed: Vec<&str> = lines.collect();
    let actual: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| *p != ".cyberrecord-output")
        .collect();
    assert_eq!(listed, actual);
}

#[test]
fn two_builds_into_the_same_output_at_once_never_swap_in_an_incomplete_site() {
    let site = Site::minimal();
    // Enough pages that the two builds overlap.
    for i in 0..300 {
        site.write(
            &format!("content/people/p-{i:03}.md"),
            &format!(
                "---\nname: \"Person {i}\"\nroles: []\n---\n{}\n",
                "Text. ".repeat(300)
            ),
        );
    }
    assert_eq!(site.build().code, 0);
    let complete = site.output_snapshot();
    for attempt in 0..3 {
        let first = Command::new(env!("CARGO_BIN_EXE_cyberrecord"))
            .args(["build", "--root", s(site.path())])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The second build starts while the first is writing its staging folder.
        let staging = site.path().join(format!(".output.new-{}", first.id()));
        let waited = std::time::Instant::now();
        while !staging.exists() && waited.elapsed().as_secs() < 60 {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        // The staging folder is made before the site is even loaded: the first build has
        // seconds of work left, so the second must find the output locked.
        let second = site.build();
        let first = first.wait_with_output().unwrap();
        assert_eq!(first.status.code(), Some(0), "attempt {attempt}");
        assert_eq!(second.code, 0, "attempt {attempt}: {}", second.stderr);
        assert!(
            second.stderr.contains("waiting for another build into"),
            "attempt {attempt}: {}",
            second.stderr
        );
        assert_eq!(
            complete,
            site.output_snapshot(),
            "attempt {attempt}: the output is not the whole site"
        );
    }
}

#[test]
fn folders_beside_the_output_that_this_tool_did_not_make_are_never_deleted() {
    let site = Site::minimal();
    assert_eq!(site.build().code, 0);
    let backup = site.path().join(".output.old-mybackup");
    std::fs::create_dir(&backup).unwrap();
    std::fs::write(backup.join("keep.html"), "mine").unwrap();
    // Named like a leftover, of a process that is gone, but without this tool's mark.
    let unmarked = site.path().join(".output.new-4000000");
    std::fs::create_dir(&unmarked).unwrap();
    std::fs::write(unmarked.join("keep.html"), "mine").unwrap();
    // A real leftover: a killed build's staging folder, which carries the mark.
    let leftover = site.path().join(".output.new-4000001");
    copy_tree(&site.path().join("output"), &leftover);
    assert_eq!(site.build().code, 0);
    assert!(backup.join("keep.html").is_file());
    assert!(unmarked.join("keep.html").is_file());
    assert!(!leftover.exists(), "a killed build's leftover stays");
}
