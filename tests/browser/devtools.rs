//! One Chromium for many pages, driven over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: JSON messages ended by a NUL byte, commands on the
//! browser's descriptor 3, answers and events on its descriptor 4). Starting Chromium
//! once per page took two thirds of the suite's time.

use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

/// How long one command may take before the browser is taken for hung.
const PATIENCE: Duration = Duration::from_secs(60);

extern "C" {
    fn dup2(old: std::os::raw::c_int, new: std::os::raw::c_int) -> std::os::raw::c_int;
    fn fcntl(fd: std::os::raw::c_int, command: std::os::raw::c_int, ...) -> std::os::raw::c_int;
}
/// `F_DUPFD_CLOEXEC` on Linux.
const F_DUPFD_CLOEXEC: std::os::raw::c_int = 1030;

/// A copy of `fd` numbered 10 or above, so moving it to 3 or 4 in the child never
/// overwrites the other one.
fn above_ten(fd: &impl AsRawFd) -> OwnedFd {
    use std::os::fd::FromRawFd;
    // SAFETY: fcntl duplicates an open descriptor; the new one is owned here.
    let copy = unsafe { fcntl(fd.as_raw_fd(), F_DUPFD_CLOEXEC, 10) };
    assert!(copy >= 10, "cannot duplicate a pipe descriptor");
    // SAFETY: `copy` is a fresh descriptor nobody else owns.
    unsafe { OwnedFd::from_raw_fd(copy) }
}

/// A running browser with one page open.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    commands: std::io::PipeWriter,
    messages: mpsc::Receiver<Value>,
    session: String,
    next_id: u64,
}

impl Browser {
    /// Starts `chromium` and opens a page to drive.
    pub fn start(chromium: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (from_test, commands) = std::io::pipe().unwrap();
        let (replies, to_test) = std::io::pipe().unwrap();
        let (read_end, write_end) = (above_ten(&from_test), above_ten(&to_test));
        drop((from_test, to_test));
        let (read_fd, write_fd) = (read_end.as_raw_fd(), write_end.as_raw_fd());
        let mut command = Command::new(chromium);
        command
            .args(super::CHROMIUM_FLAGS)
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec only dup2 runs, which is async-signal-safe;
        // the copies on 3 and 4 lose close-on-exec, the originals keep it.
        unsafe {
            command.pre_exec(move || {
                if dup2(read_fd, 3) < 0 || dup2(write_fd, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().unwrap_or_else(|error| {
            panic!("cannot start {chromium} ({error}); install chromium or set CHROME_PATH")
        });
        drop((read_end, write_end));
        let (to_receiver, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies);
            loop {
                let mut message = Vec::new();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        message.pop();
                        if let Ok(value) = serde_json::from_slice(&message) {
                            if to_receiver.send(value).is_err() {
                                return;
                            }
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            _profile: profile,
            commands,
            messages,
            session: String::new(),
            next_id: 0,
        };
        let target = browser.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        browser.call_page("Page.enable", json!({}));
        browser
    }

    /// Sends a command and returns its result; events that arrive meanwhile are
    /// passed to `event`.
    fn call_with(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        event: &mut dyn FnMut(&Value),
    ) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .unwrap_or_else(|error| panic!("the browser is gone ({error}): {}", self.exit()));
        loop {
            let reply = self.next_message(method);
            if reply["id"] == id {
                if let Some(error) = reply.get("error") {
                    panic!("{method} failed: {error}");
                }
                return reply["result"].clone();
            }
            event(&reply);
        }
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.call_with(session, method, params, &mut |_| {})
    }

    fn call_page(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    fn next_message(&mut self, waiting_for: &str) -> Value {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("no answer to {waiting_for} within {PATIENCE:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!(
                    "the browser closed the pipe during {waiting_for}: {}",
                    self.exit()
                )
            }
        }
    }

    /// How the browser ended, for a message.
    fn exit(&mut self) -> String {
        std::thread::sleep(Duration::from_millis(200));
        match self.child.try_wait() {
            Ok(Some(status)) => format!("it exited with {status}"),
            _ => "it is still running".to_string(),
        }
    }

    /// Opens `url` and waits for it to load (deferred scripts have run by then).
    pub fn open(&mut self, url: &str) {
        let session = self.session.clone();
        let mut loaded = false;
        let navigated = self.call_with(
            Some(&session),
            "Page.navigate",
            json!({"url": url}),
            &mut |event| loaded |= event["method"] == "Page.loadEventFired",
        );
        assert!(
            navigated.get("errorText").is_none(),
            "{url}: {}",
            navigated["errorText"]
        );
        while !loaded {
            let event = self.next_message("Page.loadEventFired");
            loaded = event["method"] == "Page.loadEventFired";
        }
    }

    /// Opens `url`, waits for it to load, and prints it as Chromium's
    /// `--print-to-pdf` does: the page's own print stylesheet and paper size, with
    /// backgrounds, without header and footer.
    pub fn print_to_pdf(&mut self, url: &str) -> Vec<u8> {
        self.open(url);
        let printed = self.call_page(
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
            }),
        );
        decode_base64(printed["data"].as_str().expect("PDF data"))
    }

    /// The value of a JavaScript expression in the open page (a promise is awaited);
    /// fails on an exception, so that a broken check never passes for a clean one.
    pub fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call_page(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}\nthrew {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Turns the pages' own scripts off or on (from the next page opened), as a
    /// browser with JavaScript disabled; [`Browser::evaluate`] still works.
    pub fn scripts(&mut self, enabled: bool) {
        self.call_page(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": !enabled}),
        );
    }

    /// Lays pages out in a window `width` by `height` CSS pixels; below 600 pixels
    /// wide, as a phone does.
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call_page(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// Applies the `print` or `screen` style sheets to the open page.
    pub fn media(&mut self, media: &str) {
        self.call_page("Emulation.setEmulatedMedia", json!({"media": media}));
    }

    /// Opens `url` as it prints (the print stylesheet applies) and returns what
    /// `expression` gives there.
    pub fn evaluate_in_print(&mut self, url: &str, expression: &str) -> Value {
        self.media("print");
        self.open(url);
        let value = self.evaluate(expression);
        self.media("");
        value
    }

    /// A click with the mouse at (`x`, `y`) in CSS pixels, as a user makes it.
    pub fn click(&mut self, x: f64, y: f64) {
        for kind in ["mousePressed", "mouseReleased"] {
            self.call_page(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Closes the browser; fails if it does not end cleanly.
    pub fn close(mut self) {
        self.next_id += 1;
        let message = json!({"id": self.next_id, "method": "Browser.close"});
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        let _ = self.commands.write_all(&bytes);
        let status = self.child.wait().expect("wait for the browser");
        assert!(status.success(), "the browser ended with {status}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (with padding), as DevTools sends binary data.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |byte: u8| -> u32 {
        match byte {
            b'A'..=b'Z' => u32::from(byte - b'A'),
            b'a'..=b'z' => u32::from(byte - b'a') + 26,
            b'0'..=b'9' => u32::from(byte - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {byte}"),
        }
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for chunk in text.as_bytes().chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&b| b != b'=').collect();
        let bits = data.iter().enumerate().fold(0u32, |bits, (index, &byte)| {
            bits | value(byte) << (18 - 6 * index)
        });
        out.extend_from_slice(&bits.to_be_bytes()[1..data.len()]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(decode_base64("aGFsb25n"), b"halong");
    assert_eq!(decode_base64("aGFsb24="), b"halon");
    assert_eq!(decode_base64("aGFsbw=="), b"halo");
}
