//! The `hotseat` binary. The live-rooms server arrives with the WebSocket hub; until then it
//! prints what it is.

fn main() {
    println!("hotseat {}: the rules engine is in place; the network server is not yet.", env!("CARGO_PKG_VERSION"));
}
