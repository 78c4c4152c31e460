//! Any text into `content::yaml::parse`, with its limits, beside serde_yaml's own
//! parse: the same value whenever both succeed, and a refusal only for a file past
//! the limits (E0112). Run with `-timeout=10`: a file that takes longer is a finding.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ours = halong::content::yaml::parse(Path::new("x.yaml"), &text);
    match ours {
        Ok(value) => {
            let theirs: serde_yaml::Value =
                serde_yaml::from_str(&text).expect("serde_yaml refuses what halong parsed");
            assert_eq!(value, theirs, "a different value from serde_yaml's");
        }
        Err(diagnostic) => {
            assert!(diagnostic.position.line >= 1 && diagnostic.position.column >= 1);
            if diagnostic.code != "E0112" {
                assert_eq!(diagnostic.code, "E0101", "{diagnostic:?}");
                assert!(
                    serde_yaml::from_str::<serde_yaml::Value>(&text).is_err(),
                    "halong refused what serde_yaml parses: {diagnostic:?}"
                );
            }
        }
    }
});
