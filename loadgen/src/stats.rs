//! What a run measures: latency histograms (microseconds) and counters. A worker process
//! sends its `Stats` to the coordinator as JSON with each histogram in the HdrHistogram V2
//! encoding (base64), and the coordinator adds them up.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::{Deserializer, Serializer, V2Serializer};
use serde::{Deserialize, Serialize};

/// A latency in whole microseconds, at least 1 (the histograms' lowest value).
pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1)
}

/// How many of the clients in `expected` (bit i: client i) have no arrival yet.
pub fn missing(expected: u8, arrivals: &[Option<Instant>]) -> u64 {
    arrivals
        .iter()
        .enumerate()
        .filter(|(i, at)| expected & (1 << i) != 0 && at.is_none())
        .count() as u64
}

/// Latencies are recorded in microseconds, 1 µs to 5 minutes, 3 significant digits.
pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 300_000_000, 3).expect("valid histogram bounds")
}

/// Every histogram a run keeps.
#[derive(Debug, Clone)]
pub struct Histograms {
    /// Intended send time -> the update reaching one client (one sample per recipient).
    pub delivery: Histogram<u64>,
    /// Intended send time -> the update reaching the last of the room's clients.
    pub fanout: Histogram<u64>,
    /// Intended send time -> the ack reaching the sender.
    pub ack: Histogram<u64>,
    /// Intended send time -> the room task handling the tick: the generator's own lag.
    pub tick_lag: Histogram<u64>,
    /// TCP connect + WebSocket handshake + hello -> welcome, per connection.
    pub connect: Histogram<u64>,
    /// Fan-out by the command's wire name (`ask`, `advance`...): which commands are slow.
    pub fanout_by_command: BTreeMap<String, Histogram<u64>>,
}

impl Default for Histograms {
    fn default() -> Self {
        Histograms {
            delivery: histogram(),
            fanout: histogram(),
            ack: histogram(),
            tick_lag: histogram(),
            connect: histogram(),
            fanout_by_command: BTreeMap::new(),
        }
    }
}

impl Histograms {
    /// Records a fan-out under its command's name (no allocation once the name is known).
    pub fn record_fanout_of(&mut self, command: &str, micros: u64) {
        if let Some(h) = self.fanout_by_command.get_mut(command) {
            h.saturating_record(micros);
            return;
        }
        let mut h = histogram();
        h.saturating_record(micros);
        self.fanout_by_command.insert(command.to_owned(), h);
    }
}

/// Counters. "Measured" ones count only commands whose intended send time fell inside the
/// measured window.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counters {
    pub rooms_ready: u64,
    pub rooms_failed: u64,
    pub connects_ok: u64,
    pub connects_failed: u64,
    /// Failure reasons while connecting, by kind.
    pub connect_errors: BTreeMap<String, u64>,
    /// Commands sent whose intended time fell in the measured window.
    pub commands: u64,
    /// Of those, acknowledged.
    pub acks: u64,
    /// Of those, refused by the server, by error code.
    pub refused: BTreeMap<String, u64>,
    /// Errors the server sent without a `req` (rate limit, parse errors...), by code.
    pub unsolicited_errors: BTreeMap<String, u64>,
    /// Per-recipient deliveries measured.
    pub deliveries: u64,
    /// Fan-outs completed (every expected recipient got the update).
    pub fanouts: u64,
    /// Bytes of update frames received in the measured window (all clients).
    pub update_bytes: u64,
    /// Update frames received in the measured window (all clients, any cause).
    pub update_frames: u64,
    /// Versions a connected client never saw (a gap in its version sequence).
    pub lost_updates: u64,
    /// Versions skipped by the first update of a circle's next meeting in the same room
    /// (the server bumps the version for changes it does not broadcast there).
    pub version_jumps_at_next_meeting: u64,
    /// Updates that arrived with a version at or below one already seen.
    pub out_of_order_updates: u64,
    /// Measured deliveries still missing when the run ended (or 30 s after the command).
    pub deliveries_timed_out: u64,
    /// Measured commands with no ack or error when the run ended (or after 30 s).
    pub commands_timed_out: u64,
    /// Ticks not used because the seat due to act was away (planned drop) or the room was
    /// between meetings: the generator's own gaps, not counted as commands.
    pub ticks_deferred: u64,
    /// Meetings run to the end (`ended`).
    pub meetings_completed: u64,
    /// Meetings ended early by the script's safety valve (repeated refusals or a seat away
    /// for too long).
    pub meetings_abandoned: u64,
    /// Planned drops (about 5% of clients per meeting) and their resumes.
    pub planned_drops: u64,
    pub resumes_ok: u64,
    pub resumes_failed: u64,
    /// Resumes not needed any more: the meeting had moved to a new circle meanwhile.
    pub resumes_superseded: u64,
    /// Resumes still under way when the run ended.
    pub resumes_pending_at_end: u64,
    /// Connections the server closed or that broke without our asking, by reason.
    pub unplanned_disconnects: BTreeMap<String, u64>,
    /// Relay mode: frames a client read that were not one its room sent (another room's,
    /// or not a relay frame at all).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub relay_foreign_frames: u64,
    /// Relay mode: frames a client read a second time (or after their fan-out was given
    /// up).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub relay_duplicate_frames: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counters {
    pub fn add(&mut self, other: &Counters) {
        let maps = |a: &mut BTreeMap<String, u64>, b: &BTreeMap<String, u64>| {
            for (k, v) in b {
                *a.entry(k.clone()).or_default() += v;
            }
        };
        self.rooms_ready += other.rooms_ready;
        self.rooms_failed += other.rooms_failed;
        self.connects_ok += other.connects_ok;
        self.connects_failed += other.connects_failed;
        maps(&mut self.connect_errors, &other.connect_errors);
        self.commands += other.commands;
        self.acks += other.acks;
        maps(&mut self.refused, &other.refused);
        maps(&mut self.unsolicited_errors, &other.unsolicited_errors);
        self.deliveries += other.deliveries;
        self.fanouts += other.fanouts;
        self.update_bytes += other.update_bytes;
        self.update_frames += other.update_frames;
        self.lost_updates += other.lost_updates;
        self.out_of_order_updates += other.out_of_order_updates;
        self.version_jumps_at_next_meeting += other.version_jumps_at_next_meeting;
        self.deliveries_timed_out += other.deliveries_timed_out;
        self.commands_timed_out += other.commands_timed_out;
        self.ticks_deferred += other.ticks_deferred;
        self.meetings_completed += other.meetings_completed;
        self.meetings_abandoned += other.meetings_abandoned;
        self.planned_drops += other.planned_drops;
        self.resumes_ok += other.resumes_ok;
        self.resumes_failed += other.resumes_failed;
        self.resumes_superseded += other.resumes_superseded;
        self.resumes_pending_at_end += other.resumes_pending_at_end;
        maps(
            &mut self.unplanned_disconnects,
            &other.unplanned_disconnects,
        );
        self.relay_foreign_frames += other.relay_foreign_frames;
        self.relay_duplicate_frames += other.relay_duplicate_frames;
    }

    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }

    pub fn unplanned_total(&self) -> u64 {
        self.unplanned_disconnects.values().sum()
    }

    pub fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
        *map.entry(key.to_owned()).or_default() += 1;
    }
}

/// One worker's (or the merged) measurements.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub hist: Histograms,
    pub counters: Counters,
}

/// `Stats` on the wire between processes.
#[derive(Debug, Serialize, Deserialize)]
pub struct StatsWire {
    pub counters: Counters,
    /// name -> base64 of the V2-encoded histogram.
    pub histograms: BTreeMap<String, String>,
}

impl Stats {
    /// Records a message sent at (intended) `t0` that reached every client in `expected`
    /// (bit i: client i) at `arrivals[i]`: one delivery per recipient and the fan-out (the
    /// last of them), which is returned, in microseconds.
    pub fn record_fan_out(
        &mut self,
        t0: Instant,
        expected: u8,
        arrivals: &[Option<Instant>],
    ) -> u64 {
        let mut last = t0;
        for (i, arrival) in arrivals.iter().enumerate() {
            if expected & (1 << i) == 0 {
                continue;
            }
            let Some(at) = *arrival else { continue };
            self.hist
                .delivery
                .saturating_record(micros(at.saturating_duration_since(t0)));
            self.counters.deliveries += 1;
            last = last.max(at);
        }
        let fanout = micros(last.saturating_duration_since(t0));
        self.hist.fanout.saturating_record(fanout);
        self.counters.fanouts += 1;
        fanout
    }

    pub fn add(&mut self, other: &Stats) {
        self.counters.add(&other.counters);
        let pairs = [
            (&mut self.hist.delivery, &other.hist.delivery),
            (&mut self.hist.fanout, &other.hist.fanout),
            (&mut self.hist.ack, &other.hist.ack),
            (&mut self.hist.tick_lag, &other.hist.tick_lag),
            (&mut self.hist.connect, &other.hist.connect),
        ];
        for (mine, theirs) in pairs {
            mine.add(theirs).expect("histograms share bounds");
        }
        for (name, theirs) in &other.hist.fanout_by_command {
            self.hist
                .fanout_by_command
                .entry(name.clone())
                .or_insert_with(histogram)
                .add(theirs)
                .expect("histograms share bounds");
        }
    }

    pub fn to_wire(&self) -> StatsWire {
        let mut histograms = BTreeMap::new();
        let by_command = self
            .hist
            .fanout_by_command
            .iter()
            .map(|(name, h)| (format!("fanout_by_command/{name}"), h));
        let named = self.named().into_iter().map(|(n, h)| (n.to_owned(), h));
        for (name, h) in named.chain(by_command) {
            let mut bytes = Vec::new();
            V2Serializer::new()
                .serialize(h, &mut bytes)
                .expect("histogram serializes");
            histograms.insert(name, STANDARD.encode(bytes));
        }
        StatsWire {
            counters: self.counters.clone(),
            histograms,
        }
    }

    pub fn from_wire(wire: &StatsWire) -> anyhow::Result<Stats> {
        let mut stats = Stats {
            counters: wire.counters.clone(),
            ..Stats::default()
        };
        for (name, slot) in stats.named_mut() {
            let Some(encoded) = wire.histograms.get(name) else {
                continue;
            };
            let bytes = STANDARD.decode(encoded)?;
            let decoded: Histogram<u64> = Deserializer::new()
                .deserialize(&mut bytes.as_slice())
                .map_err(|e| anyhow::anyhow!("histogram {name}: {e:?}"))?;
            slot.add(decoded)
                .map_err(|e| anyhow::anyhow!("histogram {name}: {e:?}"))?;
        }
        for (name, encoded) in &wire.histograms {
            let Some(command) = name.strip_prefix("fanout_by_command/") else {
                continue;
            };
            let bytes = STANDARD.decode(encoded)?;
            let decoded: Histogram<u64> = Deserializer::new()
                .deserialize(&mut bytes.as_slice())
                .map_err(|e| anyhow::anyhow!("histogram {name}: {e:?}"))?;
            stats
                .hist
                .fanout_by_command
                .entry(command.to_owned())
                .or_insert_with(histogram)
                .add(decoded)
                .map_err(|e| anyhow::anyhow!("histogram {name}: {e:?}"))?;
        }
        Ok(stats)
    }

    fn named(&self) -> [(&'static str, &Histogram<u64>); 5] {
        [
            ("delivery", &self.hist.delivery),
            ("fanout", &self.hist.fanout),
            ("ack", &self.hist.ack),
            ("tick_lag", &self.hist.tick_lag),
            ("connect", &self.hist.connect),
        ]
    }

    fn named_mut(&mut self) -> [(&'static str, &mut Histogram<u64>); 5] {
        [
            ("delivery", &mut self.hist.delivery),
            ("fanout", &mut self.hist.fanout),
            ("ack", &mut self.hist.ack),
            ("tick_lag", &mut self.hist.tick_lag),
            ("connect", &mut self.hist.connect),
        ]
    }
}

/// p50 / p99 / p99.9 / max of a histogram, in microseconds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub count: u64,
    pub p50: u64,
    pub p99: u64,
    pub p999: u64,
    pub max: u64,
    pub mean: f64,
}

impl Summary {
    pub fn of(h: &Histogram<u64>) -> Summary {
        if h.is_empty() {
            return Summary {
                count: 0,
                p50: 0,
                p99: 0,
                p999: 0,
                max: 0,
                mean: 0.0,
            };
        }
        Summary {
            count: h.len(),
            p50: h.value_at_quantile(0.50),
            p99: h.value_at_quantile(0.99),
            p999: h.value_at_quantile(0.999),
            max: h.max(),
            mean: h.mean(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_survive_the_wire_and_add_up() {
        let mut a = Stats::default();
        a.hist.delivery.record(120).unwrap();
        a.hist.fanout.record(900).unwrap();
        a.hist.fanout_by_command.insert("ask".into(), histogram());
        a.hist
            .fanout_by_command
            .get_mut("ask")
            .unwrap()
            .record(700)
            .unwrap();
        a.counters.commands = 3;
        Counters::bump(&mut a.counters.refused, "not_your_turn");
        let json = serde_json::to_string(&a.to_wire()).unwrap();
        let back = Stats::from_wire(&serde_json::from_str(&json).unwrap()).unwrap();
        let mut total = Stats::default();
        total.add(&back);
        total.add(&a);
        assert_eq!(total.hist.delivery.len(), 2);
        assert_eq!(total.hist.fanout.max(), a.hist.fanout.max());
        assert_eq!(total.hist.fanout_by_command["ask"].len(), 2);
        assert_eq!(total.counters.commands, 6);
        assert_eq!(total.counters.refused["not_your_turn"], 2);
    }
}
