//! A TCP proxy on 127.0.0.1:0 in front of the sandbox that can go silent: WebSockets open
//! before [`SilentProxy::silence`] stay open but get nothing more from the server, as a
//! half-open socket behind a NAT or a stuck load balancer would; later connections pass.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct SilentProxy {
    pub addr: SocketAddr,
    /// Connections numbered below this get nothing more from the server.
    silenced_below: Arc<AtomicU64>,
    opened: Arc<AtomicU64>,
}

impl SilentProxy {
    pub async fn start(upstream: SocketAddr) -> SilentProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let addr = listener.local_addr().expect("proxy address");
        let silenced_below = Arc::new(AtomicU64::new(0));
        let opened = Arc::new(AtomicU64::new(0));
        let (silenced, count) = (silenced_below.clone(), opened.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let number = count.fetch_add(1, Ordering::SeqCst);
                let silenced = silenced.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    pipe(client, server, number, silenced).await;
                });
            }
        });
        SilentProxy {
            addr,
            silenced_below,
            opened,
        }
    }

    /// From now on every connection already open hears nothing from the server.
    pub fn silence(&self) {
        self.silenced_below
            .store(self.opened.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

async fn pipe(client: TcpStream, server: TcpStream, number: u64, silenced: Arc<AtomicU64>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    // Only WebSockets go silent: the till's HTTP requests (pooled connections included) pass.
    let websocket = Arc::new(AtomicBool::new(false));
    let upgrade = websocket.clone();
    let upstream = async move {
        let mut buf = [0u8; 8192];
        let mut first = true;
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if first {
                first = false;
                let head = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
                upgrade.store(head.contains("upgrade: websocket"), Ordering::SeqCst);
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    let downstream = async move {
        let mut buf = [0u8; 8192];
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if websocket.load(Ordering::SeqCst) && number < silenced.load(Ordering::SeqCst) {
                // Swallowed: the client's socket stays open and hears nothing.
                continue;
            }
            if client_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    tokio::join!(upstream, downstream);
}
