//! `hotseat --version` names the version and the commit it was built from, so an operator's
//! report (or a bug) can say exactly which build ran.

use std::process::Command;

/// What server/build.rs should have found: the override when given, else git's HEAD.
fn expected_commit() -> Option<String> {
    if let Ok(given) = std::env::var("HOTSEAT_COMMIT")
        && !given.trim().is_empty()
    {
        return Some(given.trim().to_owned());
    }
    let out = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn version_names_the_release_and_the_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_hotseat"))
        .arg("--version")
        .output()
        .expect("hotseat runs");
    assert!(out.status.success(), "--version exits 0");
    let printed = String::from_utf8(out.stdout).expect("utf-8");
    let commit = expected_commit().unwrap_or_else(|| "unknown".to_owned());
    assert_eq!(
        printed,
        format!("hotseat {} (commit {commit})\n", env!("CARGO_PKG_VERSION"))
    );
}
