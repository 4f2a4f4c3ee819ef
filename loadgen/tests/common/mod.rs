//! What the generator's tests share: a circle seated around the real rules engine.

use hotseat_protocol::Timestamp;
use hotseat_server::engine::{Meeting, MeetingSetup};

pub const T0: Timestamp = Timestamp(1_795_219_200_000);

/// A circle in the lobby: the facilitator and six members, all present.
pub fn seated(circle: &str) -> Meeting {
    let mut meeting = Meeting::new(MeetingSetup::new(circle));
    let facilitator = meeting.facilitator();
    meeting
        .set_presence(facilitator, true, T0)
        .expect("facilitator arrives");
    for name in ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"] {
        meeting.join(name, T0).expect("member joins");
    }
    meeting
}
