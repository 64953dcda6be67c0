//! Our own prompts: every few-shot example is a jam the critic accepts without a single error.

use jamsesh_core::Overrides;
use jamsesh_llm::{draft_to_jam, schema, Prompts, Task};

#[test]
fn every_few_shot_example_passes_the_critic() {
    let prompts = Prompts::embedded();
    assert!(prompts.examples.len() >= 5, "five styles at least");
    for ex in &prompts.examples {
        let intent = jamsesh_core::parse_intent(&ex.prompt, &Overrides::default()).unwrap();
        let jam = draft_to_jam(&ex.draft(), &intent, 1).unwrap();
        let report = jamsesh_core::review(&jam);
        assert!(
            report.valid && report.errors.is_empty(),
            "{}: {:#?}",
            ex.name,
            report.errors
        );
        // The example uses every field the schema asks for.
        for field in [
            "title", "style", "key", "mode", "meter", "tempo", "bars", "chords", "scales",
            "example",
        ] {
            assert!(ex.answer.contains_key(field), "{} lacks {field}", ex.name);
        }
    }
}

#[test]
fn examples_cover_several_styles_and_meters() {
    let prompts = Prompts::embedded();
    let meters: Vec<String> = prompts
        .examples
        .iter()
        .filter_map(|e| {
            e.answer
                .get("meter")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .collect();
    assert!(meters.iter().any(|m| m == "6/8"), "{meters:?}");
    let styles: Vec<&str> = prompts
        .examples
        .iter()
        .filter_map(|e| jamsesh_core::parse_intent(&e.prompt, &Overrides::default()).ok())
        .map(|i| i.style.id)
        .collect();
    for s in ["blues", "celtic", "funk", "bossa"] {
        assert!(styles.contains(&s), "{s} missing from {styles:?}");
    }
}

#[test]
fn messages_state_explicit_requirements() {
    let prompts = Prompts::embedded();
    let intent = jamsesh_core::parse_intent(
        "funky slow groove in Bb",
        &Overrides {
            bars: Some(12),
            ..Default::default()
        },
    )
    .unwrap();
    let msgs = prompts.messages(&intent, Task::Full);
    assert_eq!(msgs.first().unwrap().role, "system");
    assert!(msgs[0].content.contains("K:"));
    assert_eq!(msgs.len(), 2 + 2 * prompts.examples.len());
    let last = &msgs.last().unwrap().content;
    assert!(last.contains("REQUIRED: key Bb"), "{last}");
    assert!(last.contains("REQUIRED: 12 bars"), "{last}");
    assert!(last.contains("suggested: meter 4/4"), "{last}");
    let hybrid = prompts.messages(&intent, Task::Harmonic);
    assert!(
        !hybrid[2].content.contains("\"example\""),
        "hybrid few-shot answers carry no melody"
    );
    let schema = schema(Task::Full);
    assert_eq!(schema["required"].as_array().unwrap().len(), 10);
    assert_eq!(schema["additionalProperties"], false);
}

#[test]
fn prompts_dir_overrides_the_embedded_ones() {
    let dir = std::env::temp_dir().join(format!("jamsesh-prompts-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    std::fs::write(dir.join("system.md"), "You write jams. Custom.").unwrap();
    std::fs::write(
        dir.join("examples/one.json"),
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../prompts/examples/03-celtic.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let p = Prompts::load(&dir).unwrap();
    assert_eq!(p.system, "You write jams. Custom.");
    assert_eq!(p.examples.len(), 1);
    std::fs::write(dir.join("examples/bad.json"), "{not json").unwrap();
    assert!(
        Prompts::load(&dir).is_err(),
        "a broken example is an error, not a silent skip"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
