//! Live reload: the build status the pages poll, and the script that polls it.
//!
//! The script is added to HTML responses when they are served, never to the files on
//! disk, so `halong build` output stays clean. It long-polls `/__halong/version`,
//! reloads the page when a build changed the output, and shows a failed build's
//! diagnostics in an overlay until the next good build.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The path the script polls.
pub const VERSION_PATH: &str = "/__halong/version";

/// How long a long-poll waits for a new build before answering anyway.
pub const LONG_POLL: Duration = Duration::from_secs(20);

/// What the preview knows about the builds so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Counts finished builds, good or failed.
    pub version: u64,
    /// The `version` of the last good build that changed the output.
    pub good: u64,
    /// The diagnostics of the last build if it failed, as plain text.
    pub error: Option<String>,
    /// Whether a rebuild is still writing pages: the edited page is on disk (and
    /// counted in `version`), the lists and other pages that show it are not yet.
    pub busy: bool,
}

impl Status {
    /// The body of `/__halong/version`: the version, the good version, `1` while a
    /// rebuild is still writing pages (else `0`), then the error text if the last
    /// build failed (plain text, one field per line).
    pub fn body(&self) -> String {
        let mut body = format!("{}\n{}\n{}\n", self.version, self.good, u8::from(self.busy));
        if let Some(error) = &self.error {
            body.push_str(error);
        }
        body
    }
}

/// The build status, shared between the rebuilding thread and the request threads.
#[derive(Default)]
pub struct Builds {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Builds {
    /// The current status.
    pub fn status(&self) -> Status {
        self.lock().clone()
    }

    /// Records a finished build: `Ok(changed)` for a good one (`changed`: whether any
    /// output differs from the previous build), `Err(text)` for a failed one.
    pub fn finished(&self, result: Result<bool, String>) {
        let mut status = self.lock();
        status.version += 1;
        status.busy = false;
        match result {
            Ok(changed) => {
                if changed {
                    status.good = status.version;
                }
                status.error = None;
            }
            Err(text) => status.error = Some(text),
        }
        self.changed.notify_all();
    }

    /// Records that a rebuild wrote the edited pages (`changed`: whether any differ)
    /// and goes on with the pages that show them: pages reload now, and again if the
    /// rest changes them too.
    pub fn edited_pages_written(&self, changed: bool) {
        let mut status = self.lock();
        status.version += 1;
        if changed {
            status.good = status.version;
        }
        status.error = None;
        status.busy = true;
        self.changed.notify_all();
    }

    /// Waits until the version differs from `seen` (or a while has passed).
    pub fn wait_newer_than(&self, seen: u64) -> Status {
        self.wait_newer_than_for(seen, LONG_POLL)
    }

    /// Waits until the version differs from `seen`, at most `timeout`.
    pub fn wait_newer_than_for(&self, seen: u64, timeout: Duration) -> Status {
        let status = self.lock();
        let (status, _) = self
            .changed
            .wait_timeout_while(status, timeout, |status| status.version == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        status.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The script added before `</body>`. `HALONG_GOOD` becomes the good build the page
/// was served from; the script reloads when a newer good build changed the output.
pub const SCRIPT: &str = r#"<script>
(function () {
  var url = "/__halong/version", seen = null, good = "HALONG_GOOD", box = null, dismissed = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(version, text) {
    if (dismissed === version) return;
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:2147483647;left:1rem;right:1rem;top:1rem;max-height:80vh;overflow:auto;background:#fff;color:#111;border:3px solid #b3261e;border-radius:6px;padding:1rem;box-shadow:0 4px 24px rgba(0,0,0,.3);font:14px/1.4 system-ui,sans-serif";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "\u00d7";
      close.setAttribute("aria-label", "Dismiss");
      close.style.cssText = "float:right;font-size:1.5rem;line-height:1;border:0;background:none;cursor:pointer";
      close.onclick = function () { dismissed = seen; hide(); };
      var title = document.createElement("strong");
      title.textContent = "halong: the build failed; this page is from the last good build.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0;font:13px/1.4 ui-monospace,monospace";
      box.append(close, title, pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
  function poll() {
    fetch(seen === null ? url : url + "?since=" + seen, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (body) {
        var lines = body.split("\n");
        var version = lines[0], latestGood = lines[1], text = lines.slice(3).join("\n");
        if (latestGood !== good) { location.reload(); return; }
        seen = version;
        if (text.trim()) show(version, text); else hide();
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"#;

/// `html` with [`SCRIPT`] for good build `good` added just before the last `</body>`
/// (or at the end).
pub fn inject(html: &[u8], good: u64) -> Vec<u8> {
    let script = SCRIPT.replace("HALONG_GOOD", &good.to_string());
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body() {
        let page = inject(b"<html><body><p>hi</p></BODY></html>", 7);
        let text = String::from_utf8(page).unwrap();
        assert!(text.starts_with("<html><body><p>hi</p><script>"));
        assert!(text.ends_with("</script>\n</BODY></html>"));
        assert!(text.contains(r#"good = "7""#));
        let bare = String::from_utf8(inject(b"<p>no body</p>", 0)).unwrap();
        assert!(bare.starts_with("<p>no body</p><script>"));
    }

    #[test]
    fn a_failed_build_keeps_the_good_version() {
        let builds = Builds::default();
        builds.finished(Ok(true));
        builds.finished(Err("error[E0101]: bad".into()));
        let status = builds.status();
        assert_eq!((status.version, status.good), (2, 1));
        assert_eq!(status.body(), "2\n1\n0\nerror[E0101]: bad");
        builds.finished(Ok(false));
        assert_eq!(builds.status().body(), "3\n1\n0\n");
        assert_eq!(builds.wait_newer_than(2).version, 3);
    }

    #[test]
    fn the_edited_page_reloads_before_the_rest_is_written() {
        let builds = Builds::default();
        builds.finished(Ok(true));
        builds.edited_pages_written(true);
        assert_eq!(builds.status().body(), "2\n2\n1\n");
        // The lists that show the edit changed too: pages reload once more.
        builds.finished(Ok(true));
        assert_eq!(builds.status().body(), "3\n3\n0\n");
        builds.edited_pages_written(true);
        builds.finished(Ok(false));
        assert_eq!(builds.status().body(), "5\n4\n0\n");
    }
}
