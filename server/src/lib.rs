//! Hotseat's server: the pure meeting rules engine (`engine`) and, around it, the shell that
//! talks to the world.

pub mod engine;
