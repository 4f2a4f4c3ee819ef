//! The rules hold over the wire: a member cannot send the facilitator's commands, nobody
//! speaks out of turn, and a refused command leaves no trace (nobody else hears of it, and
//! the next accepted command is exactly one version later).

use hotseat_protocol::{Command, ErrorCode, Phase, SeatId, ServerMessage, TurnKind};
use hotseat_tests::ask;
use hotseat_tests::server::{Client, TestServer, into_questions, open_meeting, step};

/// Facilitator, Ana, Bo and Cy seated; the meeting in the lobby.
async fn circle(server: &TestServer) -> Vec<Client> {
    let circle = server.create_circle("Rules circle").await;
    let mut clients = vec![server.facilitate(&circle).await.0];
    for name in ["Ana", "Bo", "Cy"] {
        clients.push(server.join(&circle.room, name).await.0);
    }
    hotseat_tests::server::settle(&mut clients, 5).await;
    clients
}

/// Every facilitator-only command, aimed at real seats where it takes one.
fn facilitator_commands(member: SeatId) -> Vec<Command> {
    vec![
        Command::Start,
        Command::Advance,
        Command::Back,
        Command::Skip,
        Command::SkipHotSeat,
        Command::GiveFloor { seat: member },
        Command::Extend { secs: 60 },
        Command::Pause,
        Command::Resume,
        Command::EndMeeting,
        Command::SetAgenda {
            seats: vec![member],
        },
        Command::ShuffleAgenda,
        Command::RemoveMember { seat: member },
        Command::Lock { locked: true },
        Command::HandOver { seat: member },
        Command::SetNorms {
            norms: vec!["Members make the rules now.".into()],
        },
    ]
}

/// After refusals: nobody else heard anything, and the next accepted command (by
/// `who`) is exactly one version on from `version`, as every client sees.
async fn nothing_changed(clients: &mut [Client], version: u64, who: usize, command: Command) {
    let observer = if who == 0 { 1 } else { 0 };
    let accepted = clients[who].act_and_wait(command).await.expect("accepted");
    assert_eq!(
        accepted,
        version + 1,
        "the refusals did not move the version"
    );
    match clients[observer].recv().await {
        ServerMessage::Update { snapshot, .. } => {
            assert_eq!(
                snapshot.version,
                version + 1,
                "the first news after the refusals is this command"
            );
        }
        other => panic!("expected the update, got {other:?}"),
    }
    hotseat_tests::server::settle(clients, version + 1).await;
}

#[tokio::test]
async fn members_cannot_send_the_facilitators_commands() {
    let server = TestServer::start().await;
    let mut clients = circle(&server).await;
    let version = clients[0].last.as_ref().expect("snapshot").version;
    let bo = clients[2].seat.expect("seated");

    // In the lobby: split between two members, to stay well inside the rate limit.
    for (i, command) in facilitator_commands(bo).into_iter().enumerate() {
        let who = 1 + i % 2;
        let name = command.name();
        assert_eq!(
            clients[who].act_and_wait(command).await,
            Err(ErrorCode::NotFacilitator),
            "{name} from a member"
        );
    }
    nothing_changed(&mut clients, version, 0, Command::Lock { locked: true }).await;

    // Mid-meeting, in the question round, the same.
    open_meeting(&mut clients).await;
    let snapshot = into_questions(&mut clients, &[1]).await;
    assert_eq!(snapshot.phase, Phase::Questions);
    let version = snapshot.version;
    for (i, command) in facilitator_commands(bo).into_iter().enumerate() {
        let who = 1 + i % 3;
        let name = command.name();
        assert_eq!(
            clients[who].act_and_wait(command).await,
            Err(ErrorCode::NotFacilitator),
            "{name} from a member in the question round"
        );
    }
    let after = clients[1].last.clone().expect("snapshot");
    assert_eq!(after.phase, Phase::Questions);
    assert_eq!(after.version, version);
    nothing_changed(&mut clients, version, 0, Command::Extend { secs: 30 }).await;
    server.shutdown().await;
}

#[tokio::test]
async fn speaking_out_of_turn_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    let mut clients = circle(&server).await;
    let snapshot = open_meeting(&mut clients).await;
    assert_eq!(snapshot.phase, Phase::CheckIn);

    // Check-in: Ana has the floor; Bo and Cy wait their turn.
    let floor = snapshot.floor.expect("someone checks in first");
    assert_eq!(Some(floor.seat), clients[1].seat);
    let version = snapshot.version;
    assert_eq!(
        clients[2]
            .act_and_wait(hotseat_tests::check_in("me first"))
            .await,
        Err(ErrorCode::NotYourTurn)
    );
    assert_eq!(
        clients[3].act_and_wait(Command::Pass).await,
        Err(ErrorCode::NotYourTurn)
    );
    nothing_changed(&mut clients, version, 1, hotseat_tests::check_in("steady")).await;

    // The question round, Ana presenting: Bo asks first.
    let snapshot = into_questions(&mut clients, &[1]).await;
    let floor = snapshot.floor.expect("an asker has the floor");
    assert_eq!(
        (Some(floor.seat), floor.turn),
        (clients[2].seat, TurnKind::Asking)
    );
    let version = snapshot.version;
    assert_eq!(
        clients[3]
            .act_and_wait(ask("What matters most to you here?"))
            .await,
        Err(ErrorCode::NotYourTurn),
        "Cy asks while Bo has the floor"
    );
    assert_eq!(
        clients[3].act_and_wait(Command::Pass).await,
        Err(ErrorCode::NotYourTurn)
    );
    assert_eq!(
        clients[1]
            .act_and_wait(Command::Answer { noted: false })
            .await,
        Err(ErrorCode::NotYourTurn),
        "Ana answers a question nobody asked"
    );
    assert_eq!(
        clients[1].act_and_wait(ask("Can I ask myself?")).await,
        Err(ErrorCode::NotEligible),
        "the presenter does not ask"
    );
    assert_eq!(
        clients[2].act_and_wait(Command::Done).await,
        Err(ErrorCode::WrongPhase)
    );
    assert_eq!(
        clients[0].act_and_wait(ask("What if I coached?")).await,
        Err(ErrorCode::NotEligible),
        "the facilitator takes no turns"
    );
    nothing_changed(
        &mut clients,
        version,
        2,
        ask("What would you like to understand better?"),
    )
    .await;

    // Now Ana answers, and only Ana.
    let snapshot = clients[0].last.clone().expect("snapshot");
    let floor = snapshot.floor.expect("the presenter answers");
    assert_eq!(
        (Some(floor.seat), floor.turn),
        (clients[1].seat, TurnKind::Answering)
    );
    assert_eq!(
        clients[2]
            .act_and_wait(Command::Answer { noted: true })
            .await,
        Err(ErrorCode::NotYourTurn)
    );
    let version = snapshot.version;
    nothing_changed(&mut clients, version, 1, Command::Answer { noted: false }).await;
    step(&mut clients, 0, Command::Pause).await;
    server.shutdown().await;
}
