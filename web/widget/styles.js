// The widget's stylesheet: light and dark themes as custom properties on the host.

export const STYLE = `
:host {
  --bg: #fffdf9; --fg: #1e1b18; --muted: #6d655c; --line: #e4ddd3; --card: #f5f0e8;
  --accent: #c2410c; --accent-fg: #ffffff; --accent-soft: #fde5d6; --now: rgba(234, 88, 12, 0.16);
  --focus: #2563eb; --error: #b91c1c;
  display: block; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 14px; padding: clamp(12px, 3vw, 24px); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  box-shadow: 0 1px 2px rgba(0,0,0,.04), 0 8px 24px rgba(0,0,0,.05); container-type: inline-size;
}
:host([data-theme="dark"]) {
  --bg: #2b2d31; --fg: #ececec; --muted: #a8a8a8; --line: #3f4147; --card: #313338;
  --accent: #fb923c; --accent-fg: #1e1f22; --accent-soft: #4a3527; --now: rgba(251, 146, 60, 0.22);
  --focus: #93c5fd; --error: #fca5a5;
}
* { box-sizing: border-box; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
form.ask { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
form.ask .field { flex: 1 1 260px; display: flex; flex-direction: column; gap: 4px; }
label { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
input[type=text], input[type=number], select {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 9px;
  padding: 9px 11px; min-height: 42px;
}
input[type=number] { width: 8.5em; }
button {
  font: inherit; font-weight: 600; border-radius: 9px; border: 1px solid var(--line); background: var(--card);
  color: var(--fg); padding: 8px 13px; min-height: 40px; cursor: pointer;
}
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); min-height: 42px; padding: 9px 20px; }
button[disabled] { opacity: .55; cursor: progress; }
button[aria-pressed="true"] { background: var(--accent-soft); border-color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
details.options { margin-top: 8px; }
details.options summary { cursor: pointer; color: var(--muted); font-size: .9rem; width: max-content; }
details.options .row { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 8px; }
details.options .row > div { display: flex; flex-direction: column; gap: 4px; }
.status { min-height: 1.4em; margin: 10px 0 0; color: var(--muted); font-size: .9rem; }
.status.error { color: var(--error); font-weight: 600; }
.result[hidden] { display: none; }
h2 { margin: 14px 0 2px; font-size: 1.45rem; letter-spacing: -0.01em; }
.meta { margin: 0; color: var(--muted); font-size: .9rem; }
.meta .engine { display: inline-block; padding: 0 8px; border-radius: 99px; background: var(--accent-soft); color: var(--fg); font-weight: 600; }
.stylenote { margin: 8px 0 12px; font-style: italic; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 16px 0 6px; }
.chords { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 6px; }
@container (max-width: 420px) { .chords { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.chords button { font-family: "Georgia", "Times New Roman", serif; font-size: 1.05rem; padding: 6px 4px; display: flex; flex-direction: column; align-items: center; gap: 0; }
.chords button small { font: 600 .68rem system-ui, sans-serif; color: var(--muted); }
.chords button.now { background: var(--now); border-color: var(--accent); }
.voicing { display: flex; align-items: center; gap: 12px; margin-top: 8px; min-height: 0; }
.voicing[hidden] { display: none; }
.voicing .pic { width: 160px; max-width: 45%; background: var(--bg); border-radius: 8px; }
.voicing .pic svg { width: 100%; height: auto; display: block; }
.scales ul { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px 14px; }
.scales li strong { font-weight: 600; }
.scales li span { color: var(--muted); font-family: "Georgia", serif; }
.transport, .tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 12px; }
.transport label, .tools label { display: inline-flex; align-items: center; gap: 6px; font-weight: 500; color: var(--fg); font-size: .9rem; }
.transport input[type=range] { width: 140px; accent-color: var(--accent); }
.group { display: inline-flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.tools .steer { min-width: 0; width: 13em; }
.staff { margin-top: 12px; border-radius: 10px; overflow: hidden; border: 1px solid var(--line); }
.staff svg { display: block; width: 100%; height: auto; }
.staff svg .bar-area.now { fill: var(--now); }
.downloads { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
@container (max-width: 480px) {
  .transport input[type=range] { width: 100px; }
  .tools .steer { width: 100%; }
  button { padding: 8px 10px; }
}
`;
