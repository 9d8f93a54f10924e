//! Requests in flight, answered in the order they were sent: the full sync keeps a few out at
//! once (`SyncOptions::requests_in_flight`) so that the server always has the next pages to work
//! on, on as many of its cores, while the browser reads and writes the last answer.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;

use futures::future::{select, Either, LocalBoxFuture};
use futures::stream::{FuturesOrdered, StreamExt};

use crate::error::JmapError;
use crate::jmap::{JmapClient, Request, Response};
use crate::transport::Transport;

type Answer<P> = Result<(Response, P), JmapError>;

/// Requests sent and not yet taken, each with what its sender keeps with it (`P`) and the notes
/// whose text it asks for (they are pending until its answer is taken and written).
pub(super) struct RequestWindow<'a, P> {
    out: FuturesOrdered<LocalBoxFuture<'a, Answer<P>>>,
    /// Answers taken in while the caller worked on the one before them, in order.
    answered: VecDeque<Answer<P>>,
    notes: VecDeque<Vec<String>>,
}

impl<'a, P: 'a> RequestWindow<'a, P> {
    pub(super) fn new() -> Self {
        RequestWindow { out: FuturesOrdered::new(), answered: VecDeque::new(), notes: VecDeque::new() }
    }

    /// Requests sent whose answers are not taken yet.
    pub(super) fn len(&self) -> usize {
        self.out.len() + self.answered.len()
    }

    /// Sends `request` (it leaves the next time the window is polled: [`Self::next`],
    /// [`Self::while_working`]).
    pub(super) fn send<T: Transport>(&mut self, client: &'a JmapClient<T>, request: Request, kept: P, notes: Vec<String>) {
        self.out.push_back(Box::pin(async move { client.send(request).await.map(|response| (response, kept)) }));
        self.notes.push_back(notes);
    }

    /// The oldest answer, once it is in; `None` if nothing is out.
    pub(super) async fn next(&mut self) -> Option<Answer<P>> {
        let answer = match self.answered.pop_front() {
            Some(answer) => Some(answer),
            None => self.out.next().await,
        };
        if answer.is_some() {
            self.notes.pop_front();
        }
        answer
    }

    /// Runs `work` (the caller's reading of the answer before) to its end while the window goes
    /// on: what was just sent leaves at once, and answers are taken in as they come.
    pub(super) async fn while_working<R>(&mut self, work: impl Future<Output = R>) -> R {
        let (out, answered) = (&mut self.out, &mut self.answered);
        let going_on = pin!(async move {
            loop {
                match out.next().await {
                    Some(answer) => answered.push_back(answer),
                    None => futures::future::pending::<()>().await,
                }
            }
        });
        match select(going_on, pin!(work)).await {
            Either::Right((result, _)) => result,
            Either::Left((never, _)) => never,
        }
    }

    /// The notes whose text the requests out ask for.
    pub(super) fn notes_out(&self) -> Vec<String> {
        self.notes.iter().flatten().cloned().collect()
    }
}
