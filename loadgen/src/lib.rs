//! Hotseat's load generator (issue 6): N rooms x 7 real WebSocket clients (6 members and
//! the facilitator) running scripted meetings over the real protocol, open-loop, with
//! latency histograms per recipient and per fan-out, server CPU and memory from /proc,
//! and a verdict on whether the generator itself was the bottleneck. Its relay mode
//! (`--relay`, `relay_room.rs`) runs the same load against a bare WebSocket relay
//! (`examples/relay.rs`), the reference point.
//!
//! See `BENCHMARKS.md` at the repository root for the method and `run-suite.sh` beside
//! this crate for the steps.

pub mod conn;
pub mod coord;
pub mod frame;
pub mod procfs;
pub mod relay_frame;
pub mod relay_room;
pub mod report;
pub mod rng;
pub mod room;
pub mod script;
pub mod sockets;
pub mod state;
pub mod stats;
pub mod timer;
pub mod worker;
