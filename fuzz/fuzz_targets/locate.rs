//! Arbitrary text and a path of 0 to 4 segments into `yaml::locate` and
//! `yaml::locate_value`. The input is `TEXT\0PATH`, PATH written as people write it:
//! `facts.total_area[1].source` (no NUL: the path is empty). The result must be a
//! position on one of the text's lines (line 1 for an empty text), with a column no
//! further than one past the end of that line.
#![no_main]

use halong::content::yaml::{locate, locate_value, Segment};
use libfuzzer_sys::fuzz_target;

/// Parses `a.b[2].c`; at most four segments. Keys may be any text, even empty.
fn path_of(spec: &str) -> Vec<Segment> {
    let mut path = Vec::new();
    for part in spec.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(bracket) => (&part[..bracket], &part[bracket..]),
            None => (part, ""),
        };
        if !key.is_empty() || rest.is_empty() {
            path.push(Segment::Key(key.to_string()));
        }
        while let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').unwrap_or(after.len());
            let index = after[..close].parse::<usize>().unwrap_or(usize::MAX);
            path.push(Segment::Index(index));
            rest = after.get(close + 1..).unwrap_or("");
        }
    }
    path.truncate(4);
    path
}

fuzz_target!(|data: &[u8]| {
    let (text, spec) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let text = String::from_utf8_lossy(text);
    let spec = String::from_utf8_lossy(spec);
    let path = if spec.is_empty() { Vec::new() } else { path_of(&spec) };
    let lines: Vec<&str> = text.lines().collect();
    for (what, position) in [
        ("locate", locate(&text, &path)),
        ("locate_value", locate_value(&text, &path)),
    ] {
        assert!(
            position.line >= 1 && (position.line <= lines.len() || position.line == 1),
            "{what}: line {} of {} lines for {path:?}",
            position.line,
            lines.len()
        );
        let line = lines.get(position.line - 1).copied().unwrap_or("");
        assert!(
            position.column >= 1 && position.column <= line.chars().count() + 1,
            "{what}: column {} on a line of {} characters for {path:?}: {line:?}",
            position.column,
            line.chars().count()
        );
    }
});
