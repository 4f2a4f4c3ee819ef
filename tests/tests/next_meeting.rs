//! The circle's next meeting over the wire: after the end the facilitator's `start` opens it
//! in the same room, and every version on the way reaches the clients, one by one.

use hotseat_protocol::{Command, Phase, ServerMessage};
use hotseat_tests::drive::Party;
use hotseat_tests::server::TestServer;

#[tokio::test]
async fn starting_the_next_meeting_broadcasts_every_version_in_order() {
    let server = TestServer::start().await;
    let mut party = Party::gather(&server, &["Ana", "Bo"]).await;
    party.step(0, Command::Start).await;
    let ended = party.step(0, Command::EndMeeting).await;
    assert_eq!(ended.phase, Phase::Ended);

    let version = party.clients[0]
        .act_and_wait(Command::Start)
        .await
        .expect("start opens the next meeting");
    // Ana saw every version from the end to the next meeting's opening, each once.
    let mut seen = vec![ended.version];
    while *seen.last().unwrap() < version {
        if let ServerMessage::Update { snapshot, .. } = party.clients[1].recv().await {
            seen.push(snapshot.version);
        }
    }
    assert!(
        seen.windows(2).all(|w| w[1] == w[0] + 1),
        "versions seen: {seen:?}"
    );
    let opening = party.clients[1].last.clone().unwrap();
    assert_eq!(opening.phase, Phase::Opening);
    assert!(
        opening.seats.iter().all(|s| s.present),
        "everyone connected is present"
    );
}
