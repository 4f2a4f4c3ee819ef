//! Names the commit the binary was built from, for `hotseat --version`: `HOTSEAT_COMMIT` when
//! set (builds without `.git`, e.g. a container), else `git rev-parse --short HEAD`, else "unknown".

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=HOTSEAT_COMMIT");
    let commit = match std::env::var("HOTSEAT_COMMIT") {
        Ok(given) if !given.trim().is_empty() => given.trim().to_owned(),
        _ => from_git().unwrap_or_else(|| "unknown".to_owned()),
    };
    println!("cargo:rustc-env=HOTSEAT_COMMIT={commit}");
}

/// The short hash of HEAD, and rebuild triggers on HEAD and the ref it points to (so a new
/// commit or a checkout renames the build, without rerunning on every build).
fn from_git() -> Option<String> {
    let commit = git(&["rev-parse", "--short", "HEAD"])?;
    // `--git-path` resolves worktrees and the common directory, where branch refs live.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch])?);
    }
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"])?);
    for path in watched {
        // A missing file would make cargo rerun the script on every build.
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(commit)
}

/// One git command's trimmed output, or None when git or the repository is not there.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}
