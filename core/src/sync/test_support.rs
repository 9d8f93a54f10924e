//! What the sync's unit tests share.

/// The output of `future`, which must be ready at its first poll (the memory stores and the test
/// transports never wait).
pub fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("a future of a unit test waited"),
    }
}
