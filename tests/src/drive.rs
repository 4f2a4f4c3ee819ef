//! Drives a meeting over real sockets: a facilitator and members as WebSocket clients, each
//! step acted by one of them and awaited by all, so every client sees every version.

use hotseat_protocol::{Command, Snapshot, TurnKind};

use crate::server::{Circle, Client, TestServer, Welcome};
use crate::{ask, check_in, learn};

/// A circle at its table over the network. `clients[0]` is the facilitator.
pub struct Party {
    pub circle: Circle,
    pub clients: Vec<Client>,
    pub welcomes: Vec<Welcome>,
}

impl Party {
    /// Creates a circle on `server`, seats its facilitator and members named `names`.
    pub async fn gather(server: &TestServer, names: &[&str]) -> Party {
        let circle = server.create_circle("Driven circle").await;
        let (facilitator, welcome) = server.facilitate(&circle).await;
        let mut clients = vec![facilitator];
        let mut welcomes = vec![welcome];
        for name in names {
            let (client, welcome) = server.join(&circle.room, name).await;
            clients.push(client);
            welcomes.push(welcome);
        }
        Party {
            circle,
            clients,
            welcomes,
        }
    }

    /// Client `who` sends `command`; waits until every client has seen its result.
    pub async fn step(&mut self, who: usize, command: Command) -> Snapshot {
        let version = self.clients[who]
            .act_and_wait(command)
            .await
            .expect("the command is accepted");
        self.settle(version).await
    }

    /// Reads every client until each has seen `version`; returns the facilitator's view.
    pub async fn settle(&mut self, version: u64) -> Snapshot {
        let mut first = None;
        for client in &mut self.clients {
            let snapshot = client.until(|s| s.version >= version).await;
            first.get_or_insert(snapshot);
        }
        first.expect("at least the facilitator")
    }

    /// The index of the client holding the floor.
    pub fn holder(&self, snapshot: &Snapshot) -> usize {
        let seat = snapshot.floor.expect("someone has the floor").seat;
        self.clients
            .iter()
            .position(|c| c.seat == Some(seat))
            .expect("the floor holder is one of ours")
    }

    pub fn index_of(&self, seat: hotseat_protocol::SeatId) -> usize {
        self.clients
            .iter()
            .position(|c| c.seat == Some(seat))
            .expect("a seat of ours")
    }

    /// Start, everyone acknowledges the norms, on to the check-in; each checks in with `note`.
    pub async fn open_and_check_in(&mut self, note: &str) -> Snapshot {
        self.step(0, Command::Start).await;
        for i in 1..self.clients.len() {
            self.step(i, Command::AcknowledgeNorms).await;
        }
        let mut snapshot = self.step(0, Command::Advance).await;
        while snapshot.floor.is_some() {
            let who = self.holder(&snapshot);
            snapshot = self.step(who, check_in(note)).await;
        }
        snapshot
    }

    /// The question round until nobody has the floor: each asker asks `question`, the
    /// presenter answers.
    pub async fn question_round(&mut self, mut snapshot: Snapshot, question: &str) -> Snapshot {
        while let Some(floor) = snapshot.floor {
            let who = self.holder(&snapshot);
            let command = match floor.turn {
                TurnKind::Asking => ask(question),
                TurnKind::Answering => Command::Answer { noted: false },
                other => panic!("unexpected turn {other:?} in the question round"),
            };
            snapshot = self.step(who, command).await;
        }
        snapshot
    }

    /// Everyone whose turn it is shares `learning` until nobody has the floor.
    pub async fn learnings(&mut self, mut snapshot: Snapshot, learning: &str) -> Snapshot {
        while snapshot.floor.is_some() {
            let who = self.holder(&snapshot);
            snapshot = self.step(who, learn(learning)).await;
        }
        snapshot
    }
}
