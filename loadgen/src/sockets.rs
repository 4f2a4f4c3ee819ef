//! A room's WebSockets, read and written by the room's own task rather than by a task each:
//! every socket has a waker of its own that marks it ready, so a wake-up polls only those.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use futures_util::task::{ArcWake, AtomicWaker};
use futures_util::{Sink, StreamExt};
use tokio_tungstenite::tungstenite::{self, Message};

use crate::conn::Ws;
use crate::frame::{self, Incoming};

/// How long a clean close may take (it goes on in the background).
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// What was read on one client's socket, and when: the moment it was read.
#[derive(Debug)]
pub struct Received {
    pub client: usize,
    pub at: Instant,
    pub what: Incoming,
}

/// The socket broke while sending; it has been dropped.
#[derive(Debug)]
pub struct SendFailed;

/// How a socket read becomes what the room handles (`None`: ignored).
pub type Reader = fn(Option<Result<Message, tungstenite::Error>>) -> Option<Incoming>;

/// The sockets of one room, one slot per client.
pub struct Sockets {
    slots: Vec<Slot>,
    readiness: Arc<Readiness>,
    reader: Reader,
}

struct Slot {
    ws: Option<Ws>,
    /// Marks this slot ready and wakes the room.
    waker: Waker,
    /// A frame was queued but not all written: flush it when the socket wakes.
    unflushed: bool,
}

#[derive(Default)]
struct Readiness {
    /// Bit i: socket i may have something to read (or to flush).
    ready: AtomicU32,
    /// The room's task.
    room: AtomicWaker,
}

struct SlotWaker {
    bit: u32,
    readiness: Arc<Readiness>,
}

impl ArcWake for SlotWaker {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        let readiness = &arc_self.readiness;
        readiness.ready.fetch_or(arc_self.bit, Ordering::AcqRel);
        readiness.room.wake();
    }
}

impl Sockets {
    /// `n` empty slots (at most 32), reading the server's frames (`frame::incoming`).
    pub fn new(n: usize) -> Sockets {
        Sockets::with_reader(n, frame::incoming)
    }

    /// `n` empty slots (at most 32), reading frames with `reader`.
    pub fn with_reader(n: usize, reader: Reader) -> Sockets {
        assert!(n <= 32, "a ready mask of 32 bits");
        let readiness = Arc::new(Readiness::default());
        let slots = (0..n)
            .map(|i| Slot {
                ws: None,
                waker: futures_util::task::waker(Arc::new(SlotWaker {
                    bit: 1 << i,
                    readiness: readiness.clone(),
                })),
                unflushed: false,
            })
            .collect();
        Sockets {
            slots,
            readiness,
            reader,
        }
    }

    pub fn is_open(&self, i: usize) -> bool {
        self.slots[i].ws.is_some()
    }

    /// Takes a welcomed socket into slot `i`. It is read at the next poll: more frames may
    /// have come in with the welcome.
    pub fn attach(&mut self, i: usize, ws: Ws) {
        let slot = &mut self.slots[i];
        slot.ws = Some(ws);
        slot.unflushed = false;
        slot.waker.wake_by_ref();
    }

    /// Drops socket `i` without a goodbye, as a lost network would.
    pub fn drop_socket(&mut self, i: usize) {
        self.slots[i].ws = None;
    }

    /// Closes socket `i` cleanly (a tab closing), in the background.
    pub fn close(&mut self, i: usize) {
        if let Some(mut ws) = self.slots[i].ws.take() {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CLOSE_TIMEOUT, ws.close(None)).await;
            });
        }
    }

    /// Sends a text frame on socket `i` (an empty slot sends nothing). What the socket
    /// cannot take at once is flushed when it wakes.
    pub fn send(&mut self, i: usize, text: String) -> Result<(), SendFailed> {
        let slot = &mut self.slots[i];
        let Some(ws) = slot.ws.as_mut() else {
            return Ok(());
        };
        let mut ws = Pin::new(ws);
        let sent = ws.as_mut().start_send(Message::text(text)).is_ok()
            && match ws.poll_flush(&mut Context::from_waker(&slot.waker)) {
                Poll::Ready(flushed) => flushed.is_ok(),
                Poll::Pending => {
                    slot.unflushed = true;
                    true
                }
            };
        if !sent {
            slot.ws = None;
            return Err(SendFailed);
        }
        Ok(())
    }

    /// Reads every frame the ready sockets have into `inbox`. Ready once it read something.
    pub fn poll_read(&mut self, cx: &mut Context<'_>, inbox: &mut VecDeque<Received>) -> Poll<()> {
        self.readiness.room.register(cx.waker());
        let mut ready = self.readiness.ready.swap(0, Ordering::AcqRel);
        let before = inbox.len();
        while ready != 0 {
            let i = ready.trailing_zeros() as usize;
            ready &= ready - 1;
            if let Some(slot) = self.slots.get_mut(i) {
                slot.read(i, self.reader, inbox);
            }
        }
        if inbox.len() > before {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Slot {
    /// Flushes what is pending, then reads until the socket has nothing more. A socket that
    /// ends is dropped after its last word.
    fn read(&mut self, client: usize, reader: Reader, inbox: &mut VecDeque<Received>) {
        let Some(ws) = self.ws.as_mut() else { return };
        let mut cx = Context::from_waker(&self.waker);
        if self.unflushed
            && let Poll::Ready(flushed) = Pin::new(&mut *ws).poll_flush(&mut cx)
        {
            self.unflushed = false;
            if flushed.is_err() {
                self.ws = None;
                inbox.push_back(Received {
                    client,
                    at: Instant::now(),
                    what: Incoming::Closed("send_error".into()),
                });
                return;
            }
        }
        loop {
            let Poll::Ready(read) = ws.poll_next_unpin(&mut cx) else {
                return;
            };
            let at = Instant::now();
            let Some(what) = reader(read) else {
                continue;
            };
            let closed = matches!(what, Incoming::Closed(_));
            inbox.push_back(Received { client, at, what });
            if closed {
                break;
            }
        }
        self.ws = None;
    }
}
