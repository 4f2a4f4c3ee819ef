//! A client that stops reading never holds the room back: once its small outbox is full the
//! room drops it (counted in `hotseat_slow_clients_dropped_total`) and shows it away, while
//! everyone else's updates keep flowing, and memory stays bounded.
//!
//! The slow client's socket absorbs a few megabytes in kernel buffers before the server even
//! notices, so the room's snapshots are made large (long norms, notes and a question, in
//! four-byte characters) and several clients generate updates at once, each within the rate
//! limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::future::join_all;
use hotseat_protocol::snapshot::PauseReason;
use hotseat_protocol::{Command, Phase, SeatId, Snapshot, TurnKind};
use hotseat_tests::server::{Client, TestServer, resident_kib, settle, step};
use serde_json::json;

/// A four-byte character: 200 of them make an 800-byte norm.
const WIDE: char = '\u{1FA91}';

fn wide(prefix: &str, chars: usize) -> String {
    let mut text = prefix.to_owned();
    text.extend(std::iter::repeat_n(WIDE, chars - prefix.chars().count()));
    text
}

fn is_away(snapshot: &Snapshot, seat: SeatId) -> bool {
    snapshot.seats.iter().any(|s| s.id == seat && !s.present)
}

/// Toggles between two commands, within the rate limit, until this client sees `slow` away.
async fn generate(client: &mut Client, slow: SeatId, toggle: [Command; 2], sent: Arc<AtomicUsize>) {
    for n in 0.. {
        if client.last.as_ref().is_some_and(|s| is_away(s, slow)) {
            return;
        }
        // Refusals (a hand already down, say) are fine: only the updates matter.
        if client.act_paced(toggle[n % 2].clone()).await.is_ok() {
            sent.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_is_dropped_and_the_room_flows_on() {
    let server = TestServer::start_with(|c| c.outbox = 8).await;
    let norms: Vec<String> = (0..12).map(|i| wide(&format!("{i:02} "), 200)).collect();
    let circle = server
        .create_circle_with(&json!({"name": "Busy circle", "norms": norms}))
        .await;

    // The facilitator, the slow one (first in seat order) and four attentive members.
    let mut clients = vec![server.facilitate(&circle).await.0];
    let (mut slow, slow_welcome) = server.join(&circle.room, "Slow").await;
    let slow_seat = slow_welcome.seat;
    for name in ["Ana", "Bo", "Cy", "Di"] {
        clients.push(server.join(&circle.room, name).await.0);
    }
    // From here on the slow client only ever writes.
    step(&mut clients, 0, Command::Start).await;
    slow.act(Command::AcknowledgeNorms).await;
    for i in 1..clients.len() {
        step(&mut clients, i, Command::AcknowledgeNorms).await;
    }
    clients[0]
        .until(|s| {
            s.seats
                .iter()
                .all(|seat| seat.acknowledged || seat.id == s.seats[0].id)
        })
        .await;
    let snapshot = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(snapshot.phase, Phase::CheckIn);
    // The slow one's check-in is skipped; the others each leave a long note.
    let mut snapshot = step(&mut clients, 0, Command::Skip).await;
    while let Some(floor) = snapshot.floor {
        let who = clients
            .iter()
            .position(|c| c.seat == Some(floor.seat))
            .expect("ours");
        snapshot = step(
            &mut clients,
            who,
            hotseat_tests::check_in(&wide("note ", 500)),
        )
        .await;
    }
    // The slow one presents (the facilitator ends the presenting), then Ana asks a long
    // question: the floor goes to the slow one to answer, and stays there.
    step(
        &mut clients,
        0,
        Command::SetAgenda {
            seats: vec![slow_seat],
        },
    )
    .await;
    step(&mut clients, 0, Command::Advance).await;
    step(&mut clients, 0, Command::Skip).await;
    step(&mut clients, 0, Command::Advance).await;
    let snapshot = step(&mut clients, 1, hotseat_tests::ask(&wide("What ", 500))).await;
    assert_eq!(
        snapshot.floor.map(|f| (f.seat, f.turn)),
        Some((slow_seat, TurnKind::Answering))
    );
    let size = serde_json::to_string(&snapshot).expect("serializes").len();
    assert!(size > 15_000, "each update is large: {size} bytes");

    let rss_before = resident_kib();
    let sent = Arc::new(AtomicUsize::new(0));
    let generators = clients.iter_mut().enumerate().map(|(i, client)| {
        let toggle = if i == 0 {
            [
                Command::Lock { locked: true },
                Command::Lock { locked: false },
            ]
        } else {
            [Command::RaiseHand, Command::LowerHand]
        };
        generate(client, slow_seat, toggle, sent.clone())
    });
    tokio::time::timeout(Duration::from_secs(120), join_all(generators))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the slow client was never dropped ({} updates)",
                sent.load(Ordering::Relaxed)
            )
        });
    let rss_after = resident_kib();
    println!(
        "{} updates of ~{size} bytes; VmRSS {rss_before:?} -> {rss_after:?} KiB",
        sent.load(Ordering::Relaxed)
    );
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        assert!(
            after.saturating_sub(before) < 200 * 1024,
            "memory stays bounded"
        );
    }

    // Counted, and shown away to everyone; the clock waits for it, as it had the floor.
    assert!(server.metric("hotseat_slow_clients_dropped_total").await >= 1.0);
    let version = clients[0].last.as_ref().expect("snapshot").version;
    let snapshot = settle(&mut clients, version).await;
    assert!(is_away(&snapshot, slow_seat));
    assert_eq!(
        snapshot.timer.and_then(|t| t.paused),
        Some(PauseReason::FloorAway)
    );
    for client in &mut clients {
        client.until(|s| is_away(s, slow_seat)).await;
    }

    // Everyone else's updates keep flowing (the generators may have used up their burst, so
    // these pace themselves too).
    let locked = !snapshot.locked;
    let version = clients[0]
        .act_paced(Command::Lock { locked })
        .await
        .expect("lock");
    let after = settle(&mut clients, version).await;
    assert_eq!(after.locked, locked);
    let bo_seat = clients[2].seat.expect("seated");
    let hand = if after.hands.contains(&bo_seat) {
        Command::LowerHand
    } else {
        Command::RaiseHand
    };
    let version = clients[2].act_paced(hand).await.expect("a hand moves");
    settle(&mut clients, version).await;
    drop(slow);
    server.shutdown().await;
}
