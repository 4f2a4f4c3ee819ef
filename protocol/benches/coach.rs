//! The question coach: classifying one question (it runs on every `ask` and every
//! `check_question`). A mix of open, closed and advice-shaped questions, short and long.
//!
//! `cargo bench -p hotseat-protocol --bench coach`. Results: BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hotseat_protocol::classify;

const MIX: [&str; 12] = [
    "What would a good outcome look like for you?",
    "What does this cost you, and your team?",
    "When have you handled something like this well?",
    "If this went perfectly, what would you see six months from now?",
    "May I say back what I think I heard?",
    "Did you talk to her about it?",
    "Is that the real problem?",
    "When you told her, was she upset?",
    "Have you tried delegating the report?",
    "Why don't you just ask for more budget?",
    "I think you should talk to your manager first, don't you?",
    "So, just curious: what I would do is write it down first; how does that land for you, and what would you need from us to try something like it before we meet again?",
];

fn bench_coach(c: &mut Criterion) {
    let mut group = c.benchmark_group("coach");
    group.bench_function("open_short", |b| {
        b.iter(|| black_box(classify(black_box(MIX[0]))))
    });
    group.bench_function("closed_short", |b| {
        b.iter(|| black_box(classify(black_box(MIX[5]))))
    });
    group.bench_function("advice_short", |b| {
        b.iter(|| black_box(classify(black_box(MIX[8]))))
    });
    group.bench_function("long_mixed", |b| {
        b.iter(|| black_box(classify(black_box(MIX[11]))))
    });
    group.throughput(Throughput::Elements(MIX.len() as u64));
    group.bench_function("mix_of_12", |b| {
        b.iter(|| {
            for q in MIX {
                black_box(classify(black_box(q)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_coach);
criterion_main!(benches);
