//! A complete meeting, scripted: a facilitator and six members acknowledge the norms, check
//! in, run three hot seats through every step, close and end.

use hotseat_protocol::snapshot::{HotSeatOutcome, QuestionStatus};
use hotseat_protocol::{Command, Event, Phase, QuestionKind, Role, TurnKind};
use hotseat_tests::{Table, ask, check_in, commit, learn};

#[test]
fn a_whole_meeting_with_six_members_and_three_hot_seats() {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di", "Ed", "Flo"]);
    assert_eq!(t.meeting.member_count(), 6);
    let start_version = t.meeting.version();

    // Opening: norms are shown, everyone present acknowledges.
    t.fac(Command::Start);
    assert_eq!(t.phase(), Phase::Opening);
    assert_eq!(t.floor(), None);
    t.acknowledge_all();
    t.fac(Command::Advance);

    // Check-in: each member in join order, one turn each.
    assert_eq!(t.phase(), Phase::CheckIn);
    for i in 0..6 {
        assert_eq!(t.floor(), Some(t.m(i)), "check-in turn {i}");
        assert_eq!(t.turn(), Some(TurnKind::CheckIn));
        t.act(t.m(i), check_in("arriving a bit tired, glad to be here"));
    }
    assert_eq!(t.floor(), None);
    assert_eq!(t.snapshot().check_in.done.len(), 6);

    // The agenda: three hot seats.
    let agenda = vec![t.m(2), t.m(0), t.m(4)];
    t.fac(Command::SetAgenda {
        seats: agenda.clone(),
    });

    for (n, presenter) in agenda.iter().copied().enumerate() {
        t.fac(Command::Advance);
        assert_eq!(t.phase(), Phase::Presenting, "hot seat {n}");
        assert_eq!(t.floor(), Some(presenter));
        assert_eq!(t.snapshot().agenda.current, Some(presenter));
        t.act(presenter, Command::Done);
        assert_eq!(t.floor(), None);

        // Question round: every other member asks once, the presenter answers each.
        t.fac(Command::Advance);
        assert_eq!(t.phase(), Phase::Questions);
        let askers: Vec<_> = t
            .members
            .iter()
            .copied()
            .filter(|s| *s != presenter)
            .collect();
        let mut asked = Vec::new();
        for _ in 0..askers.len() {
            let asker = t.floor().expect("an asker has the floor");
            assert_eq!(t.turn(), Some(TurnKind::Asking));
            assert_ne!(asker, presenter);
            assert!(
                !asked.contains(&asker),
                "nobody asks twice in the first round"
            );
            asked.push(asker);
            t.act(asker, ask("What would you like to understand better here?"));
            assert_eq!(t.floor(), Some(presenter));
            assert_eq!(t.turn(), Some(TurnKind::Answering));
            t.act(presenter, Command::Answer { noted: false });
        }
        assert_eq!(asked.len(), 5);
        let snap = t.snapshot();
        let hot_seat = snap.hot_seat.as_ref().expect("hot seat view");
        assert_eq!(hot_seat.questions.len(), 5);
        assert!(
            hot_seat
                .questions
                .iter()
                .all(|q| q.status == QuestionStatus::Answered)
        );
        assert!(
            hot_seat
                .questions
                .iter()
                .all(|q| q.kind == QuestionKind::Open)
        );
        assert_eq!(t.floor(), None);

        // Learnings: everyone, the presenter last.
        t.fac(Command::Advance);
        assert_eq!(t.phase(), Phase::Learnings);
        for _ in 0..6 {
            let speaker = t.floor().expect("someone shares");
            t.act(speaker, learn("I notice I rush to solutions."));
        }
        let learnings = t.snapshot().hot_seat.unwrap().learnings;
        assert_eq!(learnings.last().unwrap().seat, presenter);
        assert_eq!(t.floor(), None);

        // Commitment: the hot seat cannot close without one.
        t.fac(Command::Advance);
        assert_eq!(t.phase(), Phase::Commitment);
        assert_eq!(t.floor(), Some(presenter));
        t.act(
            presenter,
            commit("Talk to my manager about the budget by Friday"),
        );
    }
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);

    let snap = t.snapshot();
    assert_eq!(snap.commitments.len(), 3);
    assert_eq!(snap.agenda.done.len(), 3);
    assert!(
        snap.agenda
            .done
            .iter()
            .all(|e| e.outcome == HotSeatOutcome::Committed)
    );
    // Voice stats: presenters: check-in + presenting + 5 questions + 1 learning.
    let ana = snap.seats.iter().find(|s| s.name == "Ana").unwrap();
    assert_eq!(ana.role, Role::Member);
    assert_eq!(ana.stats.questions, 2);
    assert_eq!(ana.stats.turns, 1 + 1 + 2 + 3);

    let events = t.fac(Command::Advance);
    assert!(events.contains(&Event::MeetingEnded { early: false }));
    assert_eq!(t.phase(), Phase::Ended);
    assert!(t.meeting.version() > start_version);
    assert_eq!(t.snapshot().timer, None);
}
