//! `hotseat-loadgen`: see `--help`, and BENCHMARKS.md for the method.

use clap::Parser;
use hotseat_loadgen::coord::{Cli, coordinate, worker_main};
use hotseat_loadgen::{procfs, report};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    procfs::raise_nofile_limit();
    if let Some(config) = &cli.worker_config {
        return worker_main(config);
    }
    let report = coordinate(&cli)?;
    print!("{}", report::human(&report));
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
