//! The cheap frame readers (`frame::classify`, `frame::read_room_state`) agree with the
//! full `ServerMessage` parse: on frames a real server sent, and on every step of a meeting.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
mod common;

use common::{T0, seated};
use hotseat_loadgen::conn::{Net, hello_facilitator, hello_join};
use hotseat_loadgen::frame::{Incoming, classify, read_room_state};
use hotseat_loadgen::rng::Rng;
use hotseat_loadgen::script::{Decision, Script};
use hotseat_loadgen::state::{RoomState, SeatState};
use hotseat_protocol::{ClientMessage, Command, Phase, ServerMessage, Snapshot};
use hotseat_server::{Config, Server};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// Reads `text` both ways and checks they say the same; returns the message's kind.
fn agree(text: &str) -> &'static str {
    let full = serde_json::from_str::<ServerMessage>(text).expect("a server message");
    match (classify(Utf8Bytes::from(text)), full) {
        (Incoming::Update { version, frame }, ServerMessage::Update { snapshot, .. }) => {
            assert_eq!(version, snapshot.version);
            assert_eq!(read_room_state(&frame), Some(state_of(&snapshot)));
            "update"
        }
        (Incoming::Ack { req, version }, ServerMessage::Ack { req: r, version: v }) => {
            assert_eq!((req, version), (r, v));
            "ack"
        }
        (
            Incoming::Error { req, code },
            ServerMessage::Error {
                req: r, code: c, ..
            },
        ) => {
            assert_eq!((req, code), (r, c.to_string()));
            "error"
        }
        (Incoming::Other, ServerMessage::Welcome { snapshot, .. }) => {
            assert_eq!(read_room_state(text), Some(state_of(&snapshot)));
            "welcome"
        }
        (cheap, full) => panic!("{cheap:?} read for {full:?}"),
    }
}

/// The room state of a snapshot, checked field by field against the snapshot.
fn state_of(s: &Snapshot) -> RoomState {
    let state = RoomState::of(s);
    assert_eq!((state.version, state.phase), (s.version, s.phase));
    let seats = |v: &[SeatState]| {
        v.iter()
            .map(|x| (x.id, x.role, x.present, x.acknowledged))
            .collect::<Vec<_>>()
    };
    let expected: Vec<_> = s
        .seats
        .iter()
        .map(|x| (x.id, x.role, x.present, x.acknowledged))
        .collect();
    assert_eq!(seats(&state.seats), expected);
    assert_eq!(
        (state.floor, &state.agenda, &state.hands),
        (s.floor, &s.agenda, &s.hands)
    );
    let open: Vec<_> = state
        .check_in
        .open_commitments
        .iter()
        .map(|c| (c.id, c.seat))
        .collect();
    let expected: Vec<_> = s
        .check_in
        .open_commitments
        .iter()
        .map(|c| (c.id, c.seat))
        .collect();
    assert_eq!(open, expected);
    let hot_seat = state.hot_seat.as_ref().map(|h| {
        let asked: Vec<_> = h.questions.iter().map(|q| q.status).collect();
        (h.index, h.presenter, asked)
    });
    let expected = s.hot_seat.as_ref().map(|h| {
        let asked: Vec<_> = h.questions.iter().map(|q| q.status).collect();
        (h.index, h.presenter, asked)
    });
    assert_eq!(hot_seat, expected);
    let from: Vec<_> = state.commitments.iter().map(|c| c.hot_seat).collect();
    let expected: Vec<_> = s.commitments.iter().map(|c| c.hot_seat).collect();
    assert_eq!(from, expected);
    state
}

fn act(req: u64, command: Command) -> Message {
    let text = serde_json::to_string(&ClientMessage::Act {
        req: Some(req),
        command,
        seen: None,
    })
    .expect("a command serializes");
    Message::text(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_frames_read_cheaply_as_in_full() {
    let data = tempfile::tempdir().expect("a temporary data directory");
    let mut config = Config::default_for("127.0.0.1:0".parse().expect("address"));
    config.data = data.path().to_path_buf();
    let server = Server::bind(&config).await.expect("server binds");
    let net = Net::new(server.local_addr, Vec::new());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let circle = net.create_circle("Frames").await.expect("a circle");
    let facilitator = net
        .open(&circle.room, &hello_facilitator(&circle.secret))
        .await
        .expect("the facilitator is welcomed");
    let member = net
        .open(&circle.room, &hello_join("Ana"))
        .await
        .expect("a member is welcomed");
    assert_eq!(agree(&facilitator.raw), "welcome");
    assert_eq!(agree(&member.raw), "welcome");

    // Accepted (an ack and an update), then refused (an error: the meeting has started).
    let mut ws = facilitator.ws;
    ws.send(act(1, Command::Start)).await.expect("sent");
    ws.send(act(2, Command::Start)).await.expect("sent");
    let mut seen = Vec::new();
    while !(seen.contains(&"ack") && seen.contains(&"update") && seen.contains(&"error")) {
        let frame = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("the server answers")
            .expect("the socket is open")
            .expect("a frame");
        if let Message::Text(text) = frame {
            seen.push(agree(&text));
        }
    }

    let _ = stop.send(());
    let _ = serving.await;
}

#[test]
fn every_snapshot_of_a_meeting_reads_cheaply_as_in_full() {
    let mut meeting = seated("Frames circle");
    // Two meetings in the same room: the second one reports back on commitments.
    let (mut script, mut rng, mut now) = (Script::new(1, true), Rng::new(11), T0);
    let (mut open_commitments_seen, mut meetings) = (false, 0);
    for req in 1.. {
        let snapshot = meeting.snapshot();
        let update = ServerMessage::<Snapshot>::Update {
            server_time: now,
            events: Vec::new(),
            snapshot: snapshot.clone(),
        };
        assert_eq!(
            agree(&serde_json::to_string(&update).expect("json")),
            "update"
        );
        let ack = ServerMessage::<Snapshot>::Ack {
            req,
            version: snapshot.version,
        };
        assert_eq!(agree(&serde_json::to_string(&ack).expect("json")), "ack");
        open_commitments_seen |= !snapshot.check_in.open_commitments.is_empty();
        let Decision::Act { seat, command } = script.decide(&state_of(&snapshot), &mut rng) else {
            panic!("the script goes on in the same room");
        };
        now = now.plus_ms(1500);
        if snapshot.phase == Phase::Ended {
            meetings += 1;
            if meetings == 2 {
                break;
            }
            // What the room does on `start` after the end: the circle's next meeting.
            meeting = meeting.next_meeting(&[]);
            for s in meeting.seat_ids() {
                meeting.set_presence(s, true, now).expect("present");
            }
        }
        meeting
            .apply(seat, &command, now)
            .expect("the script follows the rules");
    }
    assert!(open_commitments_seen);
}
